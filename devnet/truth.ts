import type {
  GeneratedBlock,
  Movement,
  RejectionReason,
  TokenAnnouncement,
  TokenInfo,
} from "./types.ts";

/** Balance map key: `${tokenId}\u0000${address}`. */
export function balanceKey(tokenId: string, address: string): string {
  return `${tokenId}\u0000${address}`;
}

/** The two halves of a `balanceKey`. */
export function splitBalanceKey(key: string): { tokenId: string; address: string } {
  const cut = key.indexOf("\u0000");
  return { tokenId: key.slice(0, cut), address: key.slice(cut + 1) };
}

/** The realm path of a tokenId: its last path segment cut at the first `.`. */
export function tokenPathOf(tokenId: string): string {
  const slash = tokenId.lastIndexOf("/");
  const dot = tokenId.indexOf(".", slash + 1);
  return dot === -1 ? tokenId : tokenId.slice(0, dot);
}

/**
 * The symbol a tokenId carries: what follows the realm in the last segment, without a
 * 7-digit sequence (`TST` of `gno.land/r/demo/defi/grc20factory.TST.0000001`); null for a bare
 * realm path (gen 1 and 2 tokens).
 */
export function symbolOf(tokenId: string): string | null {
  const path = tokenPathOf(tokenId);
  if (path.length === tokenId.length) return null;
  return tokenId.slice(path.length + 1).replace(/\.[0-9]{7}$/, "");
}

export interface Truth {
  height: number;
  /** Non-zero balances only, keyed by `balanceKey(tokenId, address)`. */
  balances: Map<string, bigint>;
  /** Every valid token event up to `height`, in (block, tx, event) order. */
  movements: Movement[];
  /** Transfer-typed events that must not be applied, counted by reason. */
  rejected: Map<RejectionReason, number>;
  /**
   * Every token seen up to `height` (by a movement or a NewToken), in order of first sight (a
   * block's NewTokens before its movements).
   */
  tokens: Map<string, TokenInfo>;
  /** Mints minus burns per tokenId, for every token of `tokens` (0n when none). */
  supply: Map<string, bigint>;
}

export interface TruthTracker {
  balancesAt(height: number): Map<string, bigint>;
  /** The tokens known at `height`, as in `Truth.tokens` (cheap: no movement list). */
  tokensAt(height: number): Map<string, TokenInfo>;
  movementsBetween(fromHeight: number, toHeight: number): Movement[];
  truthAt(height: number): Truth;
}

interface Snapshot {
  height: number;
  balances: Map<string, bigint>;
  rejected: Map<RejectionReason, number>;
  tokens: Map<string, TokenInfo>;
  supply: Map<string, bigint>;
}

export function applyMovement(balances: Map<string, bigint>, m: Movement): void {
  if (m.from !== "") adjust(balances, balanceKey(m.tokenId, m.from), -m.amount);
  if (m.to !== "") adjust(balances, balanceKey(m.tokenId, m.to), m.amount);
}

function adjust(balances: Map<string, bigint>, key: string, delta: bigint): void {
  const next = (balances.get(key) ?? 0n) + delta;
  if (next < 0n) throw new Error(`Devnet generated a negative balance for ${key}`);
  if (next === 0n) balances.delete(key);
  else balances.set(key, next);
}

/** Records a token seen by a movement: its symbol comes from its `token` attr, if any. */
function seeToken(tokens: Map<string, TokenInfo>, m: Movement): void {
  if (tokens.has(m.tokenId)) return;
  tokens.set(m.tokenId, {
    tokenId: m.tokenId,
    tokenPath: m.tokenPath,
    symbol: symbolOf(m.tokenId),
    name: null,
    decimals: null,
  });
}

/** Records a NewToken: its metadata wins, the first announcement of a token counts. */
function announce(tokens: Map<string, TokenInfo>, a: TokenAnnouncement): void {
  if (tokens.get(a.tokenId)?.createdHeight !== undefined) return;
  tokens.set(a.tokenId, {
    tokenId: a.tokenId,
    tokenPath: a.tokenPath,
    symbol: a.symbol,
    name: a.name,
    decimals: a.decimals,
    createdHeight: a.blockHeight,
  });
}

/** Mints minus burns per tokenId over `movements` (transfers move no supply). */
export function supplyOf(movements: Iterable<Movement>): Map<string, bigint> {
  const supply = new Map<string, bigint>();
  for (const m of movements) {
    const delta = (m.from === "" ? m.amount : 0n) - (m.to === "" ? m.amount : 0n);
    supply.set(m.tokenId, (supply.get(m.tokenId) ?? 0n) + delta);
  }
  return supply;
}

export interface TokenStats {
  /** The sum of the token's balances (equals its supply: mints minus burns). */
  total: bigint;
  /** Accounts with a non-zero balance. */
  holders: number;
}

/** Per tokenId, from a balance map: the sum of the balances and the number of holders. */
export function tokenStats(balances: Map<string, bigint>): Map<string, TokenStats> {
  const stats = new Map<string, TokenStats>();
  for (const [key, amount] of balances) {
    const { tokenId } = splitBalanceKey(key);
    const entry = stats.get(tokenId);
    if (entry) {
      entry.total += amount;
      entry.holders++;
    } else stats.set(tokenId, { total: amount, holders: 1 });
  }
  return stats;
}

/**
 * Computes expected balances from the generator's intent, incrementally: a cursor walks forward
 * block by block and leaves snapshots behind, so a query for any height replays at most one
 * snapshot interval. The number of snapshots is bounded: when full, every other one is dropped.
 */
export function createTruthTracker(
  blockAt: (height: number) => GeneratedBlock,
  maxSnapshots = 64,
): TruthTracker {
  let interval = 256;
  let snapshots: Snapshot[] = [];
  const empty = (): Snapshot => ({
    height: -1,
    balances: new Map(),
    rejected: new Map(),
    tokens: new Map(),
    supply: new Map(),
  });
  const cursor = empty();

  const copy = (s: Snapshot): Snapshot => ({
    height: s.height,
    balances: new Map(s.balances),
    rejected: new Map(s.rejected),
    tokens: new Map(s.tokens),
    supply: new Map(s.supply),
  });

  const advance = (state: Snapshot, height: number, keepSnapshots: boolean) => {
    const { balances, tokens, supply } = state;
    while (state.height < height) {
      const next = state.height + 1;
      const generated = blockAt(next);
      for (const a of generated.newTokens) {
        announce(tokens, a);
        if (!supply.has(a.tokenId)) supply.set(a.tokenId, 0n);
      }
      for (const m of generated.movements) {
        applyMovement(balances, m);
        if (m.from === "" || m.to === "" || !tokens.has(m.tokenId)) {
          seeToken(tokens, m);
          const delta = (m.from === "" ? m.amount : 0n) - (m.to === "" ? m.amount : 0n);
          supply.set(m.tokenId, (supply.get(m.tokenId) ?? 0n) + delta);
        }
      }
      for (const r of generated.rejections) {
        state.rejected.set(r.reason, (state.rejected.get(r.reason) ?? 0) + 1);
      }
      state.height = next;
      if (keepSnapshots && next % interval === 0 && next > (snapshots.at(-1)?.height ?? -1)) {
        snapshots.push(copy(state));
        if (snapshots.length > maxSnapshots) {
          interval *= 2;
          snapshots = snapshots.filter((s) => s.height % interval === 0);
        }
      }
    }
  };

  const stateAt = (height: number): Snapshot => {
    if (height < 0) throw new Error("Height must not be negative");
    if (height >= cursor.height) {
      advance(cursor, height, true);
      return copy(cursor);
    }
    let base: Snapshot | undefined;
    for (const s of snapshots) if (s.height <= height) base = s;
    const state = base ? copy(base) : empty();
    advance(state, height, false);
    return state;
  };

  const movementsBetween = (fromHeight: number, toHeight: number): Movement[] => {
    const out: Movement[] = [];
    for (let h = Math.max(0, fromHeight); h <= toHeight; h++) out.push(...blockAt(h).movements);
    return out;
  };

  return {
    balancesAt: (height) => stateAt(height).balances,
    tokensAt: (height) => stateAt(height).tokens,
    movementsBetween,
    truthAt(height) {
      const state = stateAt(height);
      return {
        height,
        balances: state.balances,
        movements: movementsBetween(0, height),
        rejected: state.rejected,
        tokens: state.tokens,
        supply: state.supply,
      };
    },
  };
}
