/**
 * The one apply path from token-event messages to balances (docs/architecture.md, "Processor
 * order").
 *
 * A batch of messages is one transaction: insert the events (their identity is unique, so a
 * redelivered event inserts nothing), add the deltas of only the newly inserted rows to the
 * balances, and record the applied parts. Redelivery, a crash between commit and the queue
 * delete, and overlapping concurrent batches therefore never apply an event twice.
 *
 * In normal operation no event arrives twice, so the events go in first as they are: by COPY
 * for a large batch (a backfill's), by a plain INSERT for a small one, and the balances take the
 * batch's deltas as summed here. That costs PostgreSQL far less than inserting with ON CONFLICT
 * and RETURNING and summing the returned rows. When an event does arrive twice (a redelivery, a
 * republished window, another processor), the unique key refuses the batch and the transaction
 * is run again in its deduplicating form. Either way an event is applied once.
 *
 * Deadlock freedom between concurrent batches: every batch takes its locks in the same phases
 * (events, then balances, then window bookkeeping) and, within a phase, in one sorted order
 * (the builder orders the messages by window and part; a message's events are in chain order);
 * a deadlock or serialization failure that happens anyway retries the whole transaction.
 */
import type postgres from "postgres";
import type { Sql } from "../shared/db/connect.ts";
import { acceptsCopyFromStdin, copyChunks, copyIn } from "../shared/db/copy_in.ts";
import { integerArrayLiteral as int, textArrayLiteral as text } from "../shared/db/pg_array.ts";
import { realmOfTokenId } from "../shared/events/mod.ts";
import type { TokenEventsMessage } from "../shared/message.ts";
import { retry } from "../shared/retry.ts";

type Tx = postgres.TransactionSql;

export interface ApplyResult {
  /** Events inserted now: their deltas are in the balances. */
  inserted: number;
  /** Events already present (or repeated within the batch): skipped. */
  duplicates: number;
  /** Window parts recorded now. */
  partsApplied: number;
  /** Window parts that had been recorded before. */
  partsDuplicate: number;
  /** Balance rows created or changed. */
  balancesChanged: number;
  /** Transaction attempts, 1 unless a deadlock or serialization failure forced a retry. */
  attempts: number;
  /**
   * How the events went in: all by COPY or by one INSERT, or, when some were stored already, by
   * the deduplicating INSERT.
   */
  form: ApplyForm;
}

export type ApplyForm = "copy" | "insert" | "deduplicating";

export interface ApplyOptions {
  /** Attempts in all on deadlock or serialization failure. */
  maxAttempts?: number;
  /**
   * Batches of at least this many events are loaded by COPY (on PostgreSQL, not PGlite);
   * smaller ones by one INSERT, which shares a round trip with the rest of the transaction.
   */
  copyMinEvents?: number;
  onRetry?: (error: unknown, attempt: number) => void;
}

const RETRY_SQLSTATES = new Set(["40P01", "40001"]);

/** True for the failures that retrying the transaction cures: deadlock, serialization. */
export function isConflict(error: unknown): boolean {
  return RETRY_SQLSTATES.has((error as { code?: string })?.code ?? "");
}

export async function applyMessages(
  sql: Sql,
  messages: readonly TokenEventsMessage[],
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const batch = createBatchBuilder();
  for (const message of messages) batch.add(message);
  return await applyBatch(sql, batch.build(), options);
}

/** Below this many events a batch is inserted, not copied: see ApplyOptions. */
export const COPY_MIN_EVENTS = 500;

/**
 * A batch reduced to what its statements need: the event columns, their balance deltas summed
 * per account and token, and the parts. Built once and kept across retries; the decoded
 * messages can be garbage by then, which keeps the processor's live heap (and so its resident
 * memory) small.
 */
export interface PreparedBatch {
  /** The events, repeats included. */
  events: EventColumns;
  /** What the events change, valid when every one of them is new (the hot path's case). */
  deltas: BalanceDeltas;
  parts: PartColumns;
}

export interface BatchBuilder {
  add(message: TokenEventsMessage): void;
  build(): PreparedBatch;
}

export function createBatchBuilder(): BatchBuilder {
  const messages: TokenEventsMessage[] = [];
  return {
    add(message) {
      messages.push(message);
    },
    build() {
      messages.sort(byWindowAndPart);
      const columns = emptyEventColumns();
      const sums = new Map<string, Map<string, bigint>>();
      const parts = emptyPartColumns();
      const seenParts = new Set<string>();
      for (const message of messages) {
        addEvents(columns, sums, message);
        addPart(parts, seenParts, message);
      }
      messages.length = 0;
      return { events: columns, deltas: balanceDeltas(sums), parts };
    },
  };
}

function byWindowAndPart(a: TokenEventsMessage, b: TokenEventsMessage): number {
  return a.window.from - b.window.from || a.window.to - b.window.to ||
    a.part.index - b.part.index;
}

export async function applyBatch(
  sql: Sql,
  batch: PreparedBatch,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (batch.parts.count === 0) {
    return {
      inserted: 0,
      duplicates: 0,
      partsApplied: 0,
      partsDuplicate: 0,
      balancesChanged: 0,
      attempts: 0,
      form: "insert",
    };
  }
  const { parts } = batch;
  const copyMinEvents = options.copyMinEvents ?? COPY_MIN_EVENTS;
  const copy = batch.events.count >= copyMinEvents && await acceptsCopyFromStdin(sql);
  let attempts = 0;
  return await retry(async () => {
    attempts++;
    let answer;
    let form: ApplyForm = copy ? "copy" : "insert";
    try {
      answer = await applyNew(sql, batch, copy);
    } catch (error) {
      if (!isDuplicateEvent(error)) throw error;
      form = "deduplicating";
      answer = await applyDeduplicated(sql, batch);
    }
    const { inserted, balances, recorded } = answer;
    return {
      inserted,
      duplicates: batch.events.count - inserted,
      partsApplied: recorded,
      partsDuplicate: parts.count - recorded,
      balancesChanged: balances,
      attempts,
      form,
    };
  }, {
    maxAttempts: options.maxAttempts ?? 8,
    baseMs: 10,
    maxMs: 1_000,
    retryIf: isConflict,
    onRetry: (error, attempt) => options.onRetry?.(error, attempt),
  });
}

/**
 * The hot path, for a batch none of whose events is stored yet: every event goes in and the
 * balances take the summed deltas. A stored event makes the unique key refuse the whole batch.
 */
async function applyNew(
  sql: Sql,
  { events, deltas, parts }: PreparedBatch,
  copy: boolean,
): Promise<EventsRow & PartsRow> {
  return await sql.begin(async (tx) => {
    if (copy) await copyIn(tx, "token_events", EVENT_COLUMNS, eventRows(events));
    // Pipelined: the statements go out in one round trip, in order.
    const [, upserted, , [recorded]] = await Promise.all([
      copy ? undefined : insertEvents(tx, eventLiterals(events)),
      upsertDeltas(tx, deltas),
      lockWindows(tx, parts),
      recordParts(tx, parts),
    ]);
    return { inserted: events.count, balances: upserted!.count, ...recorded };
  });
}

/** The batch in its deduplicating form: only the events not stored yet are applied. */
async function applyDeduplicated(
  sql: Sql,
  { events, parts }: PreparedBatch,
): Promise<EventsRow & PartsRow> {
  const [[counts], , [recorded]] = await sql.begin((tx) => [
    insertEventsOnce(tx, eventLiterals(events)),
    lockWindows(tx, parts),
    recordParts(tx, parts),
  ]);
  return { ...counts, ...recorded };
}

/** A unique violation: only token_events' key can raise one in the apply's statements. */
function isDuplicateEvent(error: unknown): boolean {
  return (error as { code?: string })?.code === "23505";
}

interface EventsRow {
  inserted: number;
  balances: number;
}

interface PartsRow {
  recorded: number;
}

interface EventColumns {
  count: number;
  txHashes: string[];
  eventIndexes: number[];
  heights: number[];
  txIndexes: number[];
  tokenIds: string[];
  tokenPaths: string[];
  froms: string[];
  tos: string[];
  amounts: string[];
}

function emptyEventColumns(): EventColumns {
  return {
    count: 0,
    txHashes: [],
    eventIndexes: [],
    heights: [],
    txIndexes: [],
    tokenIds: [],
    tokenPaths: [],
    froms: [],
    tos: [],
    amounts: [],
  };
}

function addEvents(
  columns: EventColumns,
  sums: Map<string, Map<string, bigint>>,
  message: TokenEventsMessage,
): void {
  for (const [txHash, height, txIndex, eventIndex, tokenId, from, to, amount] of message.events) {
    let ofToken = sums.get(tokenId);
    if (!ofToken) sums.set(tokenId, ofToken = new Map());
    const value = BigInt(amount);
    if (to !== "") ofToken.set(to, (ofToken.get(to) ?? 0n) + value);
    if (from !== "") ofToken.set(from, (ofToken.get(from) ?? 0n) - value);
    columns.txHashes.push(txHash);
    columns.heights.push(height);
    columns.txIndexes.push(txIndex);
    columns.eventIndexes.push(eventIndex);
    columns.tokenIds.push(tokenId);
    columns.tokenPaths.push(realmOfTokenId(tokenId));
    columns.froms.push(from);
    columns.tos.push(to);
    columns.amounts.push(amount);
  }
  columns.count += message.events.length;
}

/** Balance changes, one per account and token, as the columns of the upsert. */
interface BalanceDeltas {
  addresses: string[];
  tokenIds: string[];
  tokenPaths: string[];
  amounts: string[];
}

function balanceDeltas(sums: Map<string, Map<string, bigint>>): BalanceDeltas {
  const deltas: BalanceDeltas = { addresses: [], tokenIds: [], tokenPaths: [], amounts: [] };
  for (const [tokenId, ofToken] of sums) {
    const tokenPath = realmOfTokenId(tokenId);
    for (const [address, amount] of ofToken) {
      deltas.addresses.push(address);
      deltas.tokenIds.push(tokenId);
      deltas.tokenPaths.push(tokenPath);
      deltas.amounts.push(amount.toString());
    }
  }
  return deltas;
}

const EVENT_COLUMNS = [
  "tx_hash",
  "event_index",
  "block_height",
  "tx_index",
  "token_id",
  "token_path",
  "from_address",
  "to_address",
  "amount",
];

/**
 * The events as COPY text. Nothing needs escaping: addresses are g bech32 and hashes and token
 * paths hold no backslash or control character (decodeMessage refuses any other).
 */
function eventRows(c: EventColumns): Iterable<string> {
  return copyChunks(
    c.txHashes.keys(),
    (i) =>
      `${c.txHashes[i]}\t${c.eventIndexes[i]}\t${c.heights[i]}\t${c.txIndexes[i]}\t${
        c.tokenIds[i]
      }\t${c.tokenPaths[i]}\t${c.froms[i]}\t${c.tos[i]}\t${c.amounts[i]}\n`,
  );
}

/** The event columns as array literals, ready to be cast in SQL. */
interface EventLiterals {
  txHashes: string;
  eventIndexes: string;
  heights: string;
  txIndexes: string;
  tokenIds: string;
  tokenPaths: string;
  froms: string;
  tos: string;
  amounts: string;
}

function eventLiterals(c: EventColumns): EventLiterals {
  return {
    txHashes: text(c.txHashes),
    eventIndexes: int(c.eventIndexes),
    heights: int(c.heights),
    txIndexes: int(c.txIndexes),
    tokenIds: text(c.tokenIds),
    tokenPaths: text(c.tokenPaths),
    froms: text(c.froms),
    tos: text(c.tos),
    amounts: text(c.amounts),
  };
}

interface PartColumns {
  /** Messages in all, repeats included. */
  count: number;
  froms: number[];
  tos: number[];
  indexes: number[];
  eventCounts: number[];
}

function emptyPartColumns(): PartColumns {
  return { count: 0, froms: [], tos: [], indexes: [], eventCounts: [] };
}

function addPart(parts: PartColumns, seen: Set<string>, message: TokenEventsMessage): void {
  const { window, part, events } = message;
  parts.count++;
  const key = `${window.from}:${window.to}:${part.index}`;
  if (seen.has(key)) return;
  seen.add(key);
  parts.froms.push(window.from);
  parts.tos.push(window.to);
  parts.indexes.push(part.index);
  parts.eventCounts.push(events.length);
}

/** Every event of the batch, as one plain INSERT (or the start of the deduplicating one). */
function insertEvents(tx: Tx, e: EventLiterals) {
  return tx`
    INSERT INTO token_events (tx_hash, event_index, block_height, tx_index, token_id,
      token_path, from_address, to_address, amount)
    SELECT * FROM unnest(
      ${e.txHashes}::text[], ${e.eventIndexes}::int[], ${e.heights}::bigint[],
      ${e.txIndexes}::int[], ${e.tokenIds}::text[], ${e.tokenPaths}::text[], ${e.froms}::text[],
      ${e.tos}::text[], ${e.amounts}::numeric[]
    )`;
}

/**
 * Adds summed deltas to the balances. Rows are upserted sorted by key, so two batches wait on
 * each other's rows in the same order. Amounts travel as text and are cast to NUMERIC by
 * PostgreSQL.
 */
function upsertDeltas(tx: Tx, d: BalanceDeltas) {
  return tx`
    INSERT INTO balances AS b (address, token_id, token_path, amount)
    SELECT * FROM unnest(${text(d.addresses)}::text[], ${text(d.tokenIds)}::text[],
      ${text(d.tokenPaths)}::text[], ${text(d.amounts)}::numeric[])
      AS d(address, token_id, token_path, amount)
    ORDER BY address, token_id
    ON CONFLICT (address, token_id) DO UPDATE SET amount = b.amount + excluded.amount`;
}

/**
 * The deduplicating form: events already stored (or repeated within the batch) insert nothing,
 * and only the deltas of the rows inserted now reach the balances.
 */
function insertEventsOnce(tx: Tx, e: EventLiterals) {
  return tx<EventsRow[]>`
    WITH inserted AS (
      ${insertEvents(tx, e)}
      ON CONFLICT DO NOTHING
      RETURNING token_id, token_path, from_address, to_address, amount
    ),
    deltas AS (
      SELECT to_address AS address, token_id, token_path, amount
      FROM inserted WHERE to_address <> ''
      UNION ALL
      SELECT from_address, token_id, token_path, -amount FROM inserted WHERE from_address <> ''
    ),
    upserted AS (
      INSERT INTO balances AS b (address, token_id, token_path, amount)
      SELECT address, token_id, token_path, sum(amount)
      FROM deltas
      GROUP BY address, token_id, token_path
      ORDER BY address, token_id
      ON CONFLICT (address, token_id) DO UPDATE SET amount = b.amount + excluded.amount
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted)::int AS inserted,
      (SELECT count(*) FROM upserted)::int AS balances`;
}

/**
 * Locks the batch's window rows in key order before counting parts into them: an UPDATE with a
 * join takes its row locks in whatever order the plan yields.
 */
function lockWindows(tx: Tx, p: PartColumns) {
  return tx`
    SELECT 1 FROM published_windows
    WHERE (from_height, to_height) IN (
      SELECT * FROM unnest(${p.froms}::bigint[], ${p.tos}::bigint[])
    )
    ORDER BY from_height, to_height
    FOR UPDATE`;
}

/** Records the parts not seen before and counts them into their published windows. */
function recordParts(tx: Tx, p: PartColumns) {
  return tx<PartsRow[]>`
    WITH recorded AS (
      INSERT INTO applied_parts (from_height, to_height, part_index, event_count)
      SELECT * FROM unnest(${p.froms}::bigint[], ${p.tos}::bigint[], ${p.indexes}::int[],
        ${p.eventCounts}::int[])
      ORDER BY 1, 2, 3
      ON CONFLICT DO NOTHING
      RETURNING from_height, to_height
    ),
    per_window AS (
      SELECT from_height, to_height, count(*)::int AS parts
      FROM recorded
      GROUP BY from_height, to_height
    ),
    counted AS (
      UPDATE published_windows w
      SET applied_parts = w.applied_parts + p.parts,
        applied_at = CASE WHEN w.applied_parts + p.parts >= w.part_count THEN now()
          ELSE w.applied_at END
      FROM per_window p
      WHERE w.from_height = p.from_height AND w.to_height = p.to_height
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM recorded)::int AS recorded, (SELECT count(*) FROM counted)`;
}
