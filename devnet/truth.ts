import type { GeneratedBlock, Movement, RejectionReason } from "./types.ts";

/** Balance map key: `${tokenPath}\u0000${address}`. */
export function balanceKey(tokenPath: string, address: string): string {
  return `${tokenPath}\u0000${address}`;
}

export interface Truth {
  height: number;
  /** Non-zero balances only, keyed by `balanceKey(tokenPath, address)`. */
  balances: Map<string, bigint>;
  /** Every valid token event up to `height`, in (block, tx, event) order. */
  movements: Movement[];
  /** Transfer-typed events that must not be applied, counted by reason. */
  rejected: Map<RejectionReason, number>;
}

export interface TruthTracker {
  balancesAt(height: number): Map<string, bigint>;
  movementsBetween(fromHeight: number, toHeight: number): Movement[];
  truthAt(height: number): Truth;
}

interface Snapshot {
  height: number;
  balances: Map<string, bigint>;
  rejected: Map<RejectionReason, number>;
}

export function applyMovement(balances: Map<string, bigint>, m: Movement): void {
  if (m.from !== "") adjust(balances, balanceKey(m.tokenPath, m.from), -m.amount);
  if (m.to !== "") adjust(balances, balanceKey(m.tokenPath, m.to), m.amount);
}

function adjust(balances: Map<string, bigint>, key: string, delta: bigint): void {
  const next = (balances.get(key) ?? 0n) + delta;
  if (next < 0n) throw new Error(`Devnet generated a negative balance for ${key}`);
  if (next === 0n) balances.delete(key);
  else balances.set(key, next);
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
  const cursor: Snapshot = { height: -1, balances: new Map(), rejected: new Map() };

  const copy = (s: Snapshot): Snapshot => ({
    height: s.height,
    balances: new Map(s.balances),
    rejected: new Map(s.rejected),
  });

  const advance = (state: Snapshot, height: number, keepSnapshots: boolean) => {
    while (state.height < height) {
      const next = state.height + 1;
      const generated = blockAt(next);
      for (const m of generated.movements) applyMovement(state.balances, m);
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
    const state = base ? copy(base) : { height: -1, balances: new Map(), rejected: new Map() };
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
    movementsBetween,
    truthAt(height) {
      const state = stateAt(height);
      return {
        height,
        balances: state.balances,
        movements: movementsBetween(0, height),
        rejected: state.rejected,
      };
    },
  };
}
