/**
 * The one apply path from token-event messages to balances (docs/architecture.md, "Processor
 * order"): the SQL over a batch that batch.ts prepared.
 *
 * A batch of messages is one transaction: insert the events (their identity is unique, so a
 * redelivered event inserts nothing), add what only the newly inserted rows change to the
 * balances, the tokens' supply, holders and movements, and the bucket sums of balances as of a
 * height, and record the applied parts. Redelivery, a crash between commit and the queue delete,
 * and overlapping concurrent batches therefore never apply an event twice.
 *
 * In normal operation no event arrives twice, so the events go in first as they are: by COPY
 * for a large batch (a backfill's), by a plain INSERT for a small one, and the other tables
 * take the changes batch.ts summed. That costs PostgreSQL far less than inserting with ON
 * CONFLICT and RETURNING and summing the returned rows. When an event does arrive twice (a
 * redelivery, a republished window, another processor), the unique key refuses the batch and
 * the transaction is run again in its deduplicating form, which sums the rows it inserted.
 * Either way an event is applied once.
 *
 * Deadlock freedom between concurrent batches: every batch takes its locks in the same phases
 * (events, balances, tokens, bucket sums, window bookkeeping) and, within a phase, in one
 * sorted order; a deadlock or serialization failure that happens anyway retries the whole
 * transaction.
 */
import type postgres from "postgres";
import { COARSE_BUCKET_BITS, FINE_BUCKET_BITS } from "../shared/balance_buckets.ts";
import type { Sql } from "../shared/db/connect.ts";
import { acceptsCopyFromStdin, copyChunks, copyIn } from "../shared/db/copy_in.ts";
import { integerArrayLiteral as int, textArrayLiteral as text } from "../shared/db/pg_array.ts";
import { isConflict, isUniqueViolation } from "../shared/errors.ts";
import type { TokenEventsMessage } from "../shared/message.ts";
import { retry } from "../shared/retry.ts";
import {
  type BalanceDeltas,
  type BucketSums,
  createBatchBuilder,
  type EventColumns,
  type PartColumns,
  type PreparedBatch,
  type TokenRow,
} from "./batch.ts";

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
      // Only token_events' key can raise a unique violation in the apply's statements.
      if (!isUniqueViolation(error)) throw error;
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
 * other tables take the summed changes. A stored event makes the unique key refuse the batch.
 */
async function applyNew(
  sql: Sql,
  { events, deltas, tokens, sums, parts }: PreparedBatch,
  copy: boolean,
): Promise<EventsRow & PartsRow> {
  return await sql.begin(async (tx) => {
    if (copy) await copyIn(tx, "token_events", EVENT_COLUMNS, eventRows(events));
    // Pipelined: the statements go out in one round trip, in order.
    const [, [{ balances }], , , [recorded]] = await Promise.all([
      copy ? undefined : insertEvents(tx, eventLiterals(events)),
      upsertBalancesAndTokens(tx, deltas, tokens),
      sums.addresses.length > 0 ? upsertSums(tx, sums) : undefined,
      lockWindows(tx, parts),
      recordParts(tx, parts),
    ]);
    return { inserted: events.count, balances, ...recorded };
  });
}

/** The batch in its deduplicating form: only the events not stored yet are applied. */
async function applyDeduplicated(
  sql: Sql,
  { events, tokens, parts }: PreparedBatch,
): Promise<EventsRow & PartsRow> {
  const [[counts], , [recorded]] = await sql.begin((tx) => [
    insertEventsOnce(tx, eventLiterals(events), tokens),
    lockWindows(tx, parts),
    recordParts(tx, parts),
  ]);
  return { ...counts, ...recorded };
}

interface EventsRow {
  inserted: number;
  balances: number;
}

interface PartsRow {
  recorded: number;
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
 * ids hold no backslash or control character (decodeMessage refuses any other).
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
 * Adds the summed deltas to the balances and the batch's totals to its tokens, counting the
 * holders from the balances that became, or stopped being, non-zero. Rows are upserted sorted
 * by key, so two batches wait on each other's rows in the same order. Amounts travel as text
 * and are cast to NUMERIC by PostgreSQL.
 */
function upsertBalancesAndTokens(tx: Tx, d: BalanceDeltas, tokens: TokenRow[]) {
  return tx<{ balances: number }[]>`
    WITH d AS (
      SELECT * FROM unnest(${text(d.addresses)}::text[], ${text(d.tokenIds)}::text[],
        ${text(d.tokenPaths)}::text[], ${text(d.amounts)}::numeric[])
        AS d(address, token_id, token_path, amount)
    ),
    ${balancesUpsert(tx)},
    ${holdersOf(tx)},
    token_in AS (
      SELECT t.*, COALESCE(h.holders, 0) AS holders
      FROM ${tokenRecords(tx, tokens)} LEFT JOIN holders h USING (token_id)
    ),
    ${tokensUpsert(tx)}
    SELECT (SELECT count(*) FROM upserted)::int AS balances`;
}

/** Adds the deltas `d` to the balances, sorted by key; `upserted` holds the new amounts. */
function balancesUpsert(tx: Tx) {
  return tx`upserted AS (
      INSERT INTO balances AS b (address, token_id, token_path, amount)
      SELECT address, token_id, token_path, amount FROM d
      ORDER BY address, token_id
      ON CONFLICT (address, token_id) DO UPDATE SET amount = b.amount + excluded.amount
      RETURNING b.address, b.token_id, b.amount
    )`;
}

/**
 * Holders gained (+1) and lost (-1) per token, from the upserted balances `upserted` and their
 * deltas `d`: a balance was zero before exactly when its new amount equals its delta.
 */
function holdersOf(tx: Tx) {
  return tx`holders AS (
      SELECT u.token_id, sum(CASE
        WHEN u.amount = d.amount AND u.amount <> 0 THEN 1
        WHEN u.amount = 0 AND d.amount <> 0 THEN -1
        ELSE 0 END)::bigint AS holders
      FROM upserted u JOIN d USING (address, token_id)
      GROUP BY u.token_id
    )`;
}

/** The batch's token rows as a relation `t` (JSON: a batch holds few tokens). */
function tokenRecords(tx: Tx, tokens: TokenRow[]) {
  return tx`jsonb_to_recordset(${tx.json(tokens as never)}) AS t(token_id text, token_path text,
    symbol text, name text, decimals smallint, supply numeric, transfers bigint,
    first_height bigint, last_height bigint, created_height bigint, created_tx_index integer,
    created_event_index integer)`;
}

/**
 * Upserts `token_in` into tokens: totals add up; the metadata of the earliest NewToken event
 * wins, and a symbol taken from the token id gives way to a NewToken's.
 */
function tokensUpsert(tx: Tx) {
  const earlier = tx`excluded.created_height IS NOT NULL AND (t.created_height IS NULL OR
    (excluded.created_height, excluded.created_tx_index, excluded.created_event_index) <
    (t.created_height, t.created_tx_index, t.created_event_index))`;
  return tx`tokens_upserted AS (
      INSERT INTO tokens AS t (token_id, token_path, symbol, name, decimals, total_supply,
        holders, transfers, first_height, last_height, created_height, created_tx_index,
        created_event_index)
      SELECT token_id, token_path, NULLIF(symbol, ''), name, decimals, supply, holders,
        transfers, first_height, last_height, created_height, created_tx_index,
        created_event_index
      FROM token_in
      ORDER BY token_id
      ON CONFLICT (token_id) DO UPDATE SET
        total_supply = t.total_supply + excluded.total_supply,
        holders = t.holders + excluded.holders,
        transfers = t.transfers + excluded.transfers,
        first_height = LEAST(t.first_height, excluded.first_height),
        last_height = GREATEST(t.last_height, excluded.last_height),
        symbol = CASE WHEN ${earlier} THEN excluded.symbol ELSE t.symbol END,
        name = CASE WHEN ${earlier} THEN excluded.name ELSE t.name END,
        decimals = CASE WHEN ${earlier} THEN excluded.decimals ELSE t.decimals END,
        created_tx_index = CASE WHEN ${earlier} THEN excluded.created_tx_index
          ELSE t.created_tx_index END,
        created_event_index = CASE WHEN ${earlier} THEN excluded.created_event_index
          ELSE t.created_event_index END,
        created_height = CASE WHEN ${earlier} THEN excluded.created_height
          ELSE t.created_height END
      RETURNING 1
    )`;
}

/** Adds the batch's bucket sums (balances as of a height, shared/balance_buckets.ts). */
function upsertSums(tx: Tx, s: BucketSums) {
  return tx`
    INSERT INTO balance_sums AS s (address, token_id, level, bucket, amount)
    SELECT * FROM unnest(${text(s.addresses)}::text[], ${text(s.tokenIds)}::text[],
      ${int(s.levels)}::smallint[], ${int(s.buckets)}::bigint[], ${text(s.amounts)}::numeric[])
      AS u(address, token_id, level, bucket, amount)
    ORDER BY address, level, bucket, token_id
    ON CONFLICT (address, level, bucket, token_id) DO UPDATE SET amount = s.amount + excluded.amount`;
}

/**
 * The deduplicating form: events already stored (or repeated within the batch) insert nothing,
 * and only what the rows inserted now change reaches balances, tokens and bucket sums; token
 * metadata is applied as it comes (the earliest NewToken wins, so it is idempotent).
 */
function insertEventsOnce(tx: Tx, e: EventLiterals, tokens: TokenRow[]) {
  return tx<EventsRow[]>`
    WITH inserted AS (
      ${insertEvents(tx, e)}
      ON CONFLICT DO NOTHING
      RETURNING block_height, token_id, token_path, from_address, to_address, amount
    ),
    deltas AS (
      SELECT to_address AS address, token_id, token_path, block_height, amount
      FROM inserted WHERE to_address <> ''
      UNION ALL
      SELECT from_address, token_id, token_path, block_height, -amount
      FROM inserted WHERE from_address <> ''
    ),
    d AS (
      SELECT address, token_id, min(token_path) AS token_path, sum(amount) AS amount
      FROM deltas GROUP BY address, token_id
    ),
    ${balancesUpsert(tx)},
    ${holdersOf(tx)},
    totals AS (
      SELECT token_id,
        sum(CASE WHEN from_address = '' THEN amount WHEN to_address = '' THEN -amount
          ELSE 0 END) AS supply,
        count(*) AS transfers, min(block_height) AS first_height,
        max(block_height) AS last_height
      FROM inserted GROUP BY token_id
    ),
    token_in AS (
      SELECT t.token_id, t.token_path, t.symbol, t.name, t.decimals,
        COALESCE(e.supply, 0) AS supply, COALESCE(e.transfers, 0) AS transfers,
        LEAST(e.first_height, t.created_height) AS first_height,
        GREATEST(e.last_height, t.created_height) AS last_height,
        t.created_height, t.created_tx_index, t.created_event_index,
        COALESCE(h.holders, 0) AS holders
      FROM ${tokenRecords(tx, tokens)}
      LEFT JOIN totals e USING (token_id) LEFT JOIN holders h USING (token_id)
    ),
    ${tokensUpsert(tx)},
    sums AS (
      INSERT INTO balance_sums AS s (address, token_id, level, bucket, amount)
      SELECT address, token_id, l.level, l.bucket, sum(amount)
      FROM deltas CROSS JOIN LATERAL (VALUES
        (1::smallint, block_height >> ${FINE_BUCKET_BITS}::int),
        (2::smallint, block_height >> ${COARSE_BUCKET_BITS}::int)) AS l(level, bucket)
      GROUP BY address, token_id, l.level, l.bucket
      ORDER BY address, l.level, l.bucket, token_id
      ON CONFLICT (address, level, bucket, token_id) DO UPDATE SET amount = s.amount + excluded.amount
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted)::int AS inserted,
      (SELECT count(*) FROM upserted)::int AS balances,
      (SELECT count(*) FROM tokens_upserted)::int AS tokens,
      (SELECT count(*) FROM sums)::int AS sums`;
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
