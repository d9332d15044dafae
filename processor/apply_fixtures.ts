/**
 * Test helpers around the apply path: deterministic token event histories, an independent
 * BigInt truth of the balances they produce, and the balances as the database holds them.
 * Used by the apply, packing and processor tests; the API's tests can seed through them too.
 */
import { address } from "../shared/events/test_fixtures.ts";
import { realmOfTokenId, type TokenEvent } from "../shared/events/mod.ts";
import type { TokenEventsMessage } from "../shared/message.ts";
import { decodeMessage, packMessages, type Window } from "../shared/message_pack.ts";
import type { Sql } from "../shared/db/connect.ts";

export { address };

/**
 * Token ids of every shape: a realm path (a token of the generations without a `token` attr),
 * a 2025 `realm.SYMBOL`, and two tokens of one realm with sequence numbers.
 */
export const TOKENS = [
  "gno.land/r/demo/wugnot",
  "gno.land/r/gnoswap/v1/gns.GNS",
  "gno.land/r/demo/defi/grc20factory.TST.0000001",
  "gno.land/r/demo/defi/grc20factory.ALP.0000002",
] as const;

/** A mint, burn or transfer; the kind follows from which address is "". */
export function tokenEvent(
  fields: Pick<TokenEvent, "from" | "to" | "amount"> & Partial<TokenEvent>,
): TokenEvent {
  const blockHeight = fields.blockHeight ?? 1;
  const txIndex = fields.txIndex ?? 0;
  const eventIndex = fields.eventIndex ?? 0;
  return {
    txHash: fields.txHash ?? btoa(`tx-${blockHeight}-${txIndex}`),
    blockHeight,
    txIndex,
    eventIndex,
    tokenId: fields.tokenId ?? TOKENS[0],
    tokenPath: realmOfTokenId(fields.tokenId ?? TOKENS[0]),
    from: fields.from,
    to: fields.to,
    amount: fields.amount,
    kind: fields.from === "" ? "mint" : fields.to === "" ? "burn" : "transfer",
  };
}

export interface HistoryOptions {
  seed: number;
  fromHeight: number;
  toHeight: number;
  eventsPerBlock: number;
  accounts?: number;
  tokens?: readonly string[];
  /** Mint amounts are drawn up to this bound; big values test exactness past 2^64. */
  maxAmount?: bigint;
}

/**
 * A chain-ordered history of mints, transfers and burns over a few accounts and tokens. Amounts
 * are random and may overdraw: balances are sums of deltas, so the truth is still exact.
 */
export function history(options: HistoryOptions): TokenEvent[] {
  let state = (options.seed * 2654435761 + 7) >>> 0;
  const next = () => (state = (state * 1664525 + 1013904223) >>> 0);
  const accounts = Array.from({ length: options.accounts ?? 8 }, (_, i) => address(i + 1));
  const tokens = options.tokens ?? TOKENS;
  const maxAmount = options.maxAmount ?? 1_000_000n;
  const pick = <T>(items: readonly T[]) => items[next() % items.length];
  const amount = () => ((BigInt(next()) << 32n) | BigInt(next())) % maxAmount + 1n;
  const events: TokenEvent[] = [];
  for (let height = options.fromHeight; height <= options.toHeight; height++) {
    for (let i = 0; i < options.eventsPerBlock; i++) {
      const roll = next() % 10;
      const from = roll < 3 ? "" : pick(accounts);
      const to = roll === 9 && from !== "" ? "" : pick(accounts);
      events.push(tokenEvent({
        txHash: btoa(`s${options.seed}-h${height}-t${i >> 1}`),
        blockHeight: height,
        txIndex: i >> 1,
        eventIndex: (i & 1) * 3 + 1,
        tokenId: pick(tokens),
        from,
        to,
        amount: amount(),
      }));
    }
  }
  return events;
}

/** "address|tokenId" -> amount, summed with BigInt, without rows for "" or zero. */
export function truthOf(events: Iterable<TokenEvent>): Map<string, bigint> {
  const truth = new Map<string, bigint>();
  const add = (who: string, token: string, delta: bigint) => {
    if (who === "") return;
    const key = `${who}|${token}`;
    truth.set(key, (truth.get(key) ?? 0n) + delta);
  };
  for (const event of events) {
    add(event.to, event.tokenId, event.amount);
    add(event.from, event.tokenId, -event.amount);
  }
  for (const [key, amount] of truth) if (amount === 0n) truth.delete(key);
  return truth;
}

/** The balances table in the same shape as {@link truthOf}. */
export async function balancesOf(sql: Sql): Promise<Map<string, bigint>> {
  const rows = await sql<{ address: string; token_id: string; amount: string }[]>`
    SELECT address, token_id, amount::text FROM balances WHERE amount <> 0`;
  return new Map(rows.map((row) => [`${row.address}|${row.token_id}`, BigInt(row.amount)]));
}

/** The window's messages as the processor decodes them, through the real packing. */
export function messagesOf(
  window: Window,
  events: readonly TokenEvent[],
  limitBytes?: number,
): TokenEventsMessage[] {
  return packMessages(window, events, { limitBytes }).map((body) => {
    const result = decodeMessage(body);
    if (!result.ok) throw new Error(result.error);
    return result.message;
  });
}

/** Records a published window the way sync/ does before publishing its parts. */
export async function publishWindow(sql: Sql, window: Window, partCount: number): Promise<void> {
  await sql`
    INSERT INTO published_windows (from_height, to_height, part_count)
    VALUES (${window.from}, ${window.to}, ${partCount})`;
}

export async function appliedHeight(sql: Sql): Promise<number> {
  const [row] = await sql<{ height: string }[]>`SELECT height FROM applied_height`;
  return Number(row.height);
}

/** The synchronizer's checkpoint, which bounds the applied height from above. */
export async function setSyncCheckpoint(sql: Sql, height: number): Promise<void> {
  await sql`
    INSERT INTO sync_state (component, last_height) VALUES ('sync', ${height})
    ON CONFLICT (component) DO UPDATE SET last_height = excluded.last_height`;
}

/** Per token id "supply holders transfers first last", from the events with BigInt. */
export function tokenTotalsOf(events: readonly TokenEvent[]): Map<string, string> {
  const totals = new Map<
    string,
    { supply: bigint; transfers: number; first: number; last: number }
  >();
  for (const e of events) {
    const t = totals.get(e.tokenId) ?? { supply: 0n, transfers: 0, first: Infinity, last: -1 };
    t.supply += e.from === "" ? e.amount : e.to === "" ? -e.amount : 0n;
    t.transfers++;
    t.first = Math.min(t.first, e.blockHeight);
    t.last = Math.max(t.last, e.blockHeight);
    totals.set(e.tokenId, t);
  }
  const holders = new Map<string, number>();
  for (const key of truthOf(events).keys()) {
    const tokenId = key.split("|")[1];
    holders.set(tokenId, (holders.get(tokenId) ?? 0) + 1);
  }
  return new Map(
    [...totals].map((
      [id, t],
    ) => [id, `${t.supply} ${holders.get(id) ?? 0} ${t.transfers} ${t.first} ${t.last}`]),
  );
}

/** The tokens table in the shape of {@link tokenTotalsOf}. */
export async function tokenTotals(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql<{ token_id: string; line: string }[]>`
    SELECT token_id, concat_ws(' ', total_supply, holders, transfers, first_height, last_height)
      AS line
    FROM tokens`;
  return new Map(rows.map((row) => [row.token_id, row.line]));
}

/** Balances whose bucket sums, at either level, do not add up to them (0 when all do). */
export async function bucketSumMismatches(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT address, token_id, sum(amount) FILTER (WHERE level = 1) AS fine,
        sum(amount) FILTER (WHERE level = 2) AS coarse
      FROM balance_sums GROUP BY address, token_id
    ) s FULL JOIN balances b USING (address, token_id)
    WHERE COALESCE(s.fine, 0) <> COALESCE(b.amount, 0)
      OR COALESCE(s.coarse, 0) <> COALESCE(b.amount, 0)`;
  return row.n;
}
