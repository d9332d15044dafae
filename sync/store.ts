/**
 * Everything the synchronizer reads and writes in PostgreSQL, behind one interface: its
 * checkpoint and health row (sync_state, component 'sync'), the scan for missing blocks, the
 * storing of fetched windows, and what republishing needs. Only the writer-lock holder writes.
 *
 * A window is stored in one transaction: blocks, transactions (with their messages and events
 * JSON, so the window can be republished from the database alone), rejected events, and the
 * published_windows row for the messages about to be sent. Bulk (COPY for a window's new
 * transactions, unnest arrays otherwise) and idempotent (a window stored twice changes nothing).
 * The chain check against what is stored happens under the same transaction: the block below
 * the window must be the window's anchor, the block above must link to the window's last block,
 * and a stored height may never change its hash. Any disagreement is a chain reset.
 */
import type postgres from "postgres";
import type { Sql } from "../shared/db/mod.ts";
import { storedTransactions } from "../shared/db/stored_transactions.ts";
import type { UpstreamTransaction } from "../shared/events/mod.ts";
import { copyBlocks, copyTransactionRows } from "./copy_rows.ts";
import { ChainResetError } from "./errors.ts";
import type { FetchedWindow } from "./fetch_window.ts";
import type { HeightRange } from "./plan.ts";

export const COMPONENT = "sync";

export type SyncStatus = "syncing" | "caught_up" | "stalled" | "error" | "stopped";

export interface CheckpointState {
  lastHeight: number;
  lastHash: string;
  status: SyncStatus;
  errorCount: number;
  lastError: string;
  headHeight: number;
}

/** A block the synchronizer cannot index, retried until it can (docs/architecture.md). */
export interface Stall {
  height: number;
  reason: string;
  /** Consecutive failures so far. */
  failures: number;
  since: string;
}

/** Cycles that failed in a row and when the next attempt is due. */
export interface RetryState {
  failures: number;
  /** ISO time. */
  nextAttemptAt: string;
}

export interface StoredBlocks {
  lowest: number | null;
  highest: number | null;
  innerGaps: HeightRange[];
}

export interface StoreResult {
  /** Blocks written now (the others were stored before). */
  newBlocks: number;
}

export interface PublishedWindow extends HeightRange {
  partCount: number;
  eventCount: number;
}

export interface SyncStore {
  /** Reads the checkpoint row, creating it (just below `startHeight`) on the first start. */
  loadCheckpoint(startHeight: number): Promise<CheckpointState>;
  /** Moves the checkpoint forward; never backward. */
  advanceCheckpoint(
    height: number,
    hash: string,
    status: SyncStatus,
    headHeight: number,
  ): Promise<void>;
  setStatus(status: SyncStatus, headHeight?: number): Promise<void>;
  /** Counts a failure and shows it; `status` is 'error' for exhausted retries and fatal errors. */
  recordError(message: string, status?: SyncStatus): Promise<void>;
  /** Shows the retry under way, or clears it with null once a cycle succeeds. */
  recordRetry(retry: RetryState | null): Promise<void>;
  /** Shows the block that cannot be indexed (status 'stalled'), or clears it with null. */
  recordStall(stall: Stall | null): Promise<void>;
  /** The stored heights between `from` and `to`: lowest, highest, and the gaps between. */
  storedBlocks(from: number, to: number): Promise<StoredBlocks>;
  /** The stored hash of a height, or null when it is not stored. */
  blockHash(height: number): Promise<string | null>;
  storeWindow(
    fetched: FetchedWindow,
    publication: { partCount: number; eventCount: number },
  ): Promise<StoreResult>;
  /** Published windows not fully applied for `afterSeconds`, oldest first. */
  staleWindows(afterSeconds: number, limit: number): Promise<PublishedWindow[]>;
  /** The stored transactions of a window, in chain order. */
  transactions(window: HeightRange): Promise<UpstreamTransaction[]>;
  /** Restarts a window's timeout: it was published again. */
  markRepublished(window: HeightRange): Promise<void>;
}

export function createSyncStore({ sql }: { sql: Sql }): SyncStore {
  return {
    async loadCheckpoint(startHeight) {
      await sql`
        INSERT INTO sync_state (component, last_height) VALUES (${COMPONENT}, ${startHeight - 1})
        ON CONFLICT (component) DO NOTHING`;
      const [row] = await sql<
        {
          last_height: string;
          last_hash: string;
          status: SyncStatus;
          error_count: number;
          last_error: string;
          head_height: string;
        }[]
      >`
        SELECT last_height::text, last_hash, status, error_count, last_error, head_height::text
        FROM sync_state WHERE component = ${COMPONENT}`;
      return {
        lastHeight: Number(row.last_height),
        lastHash: row.last_hash,
        status: row.status,
        errorCount: row.error_count,
        lastError: row.last_error,
        headHeight: Number(row.head_height),
      };
    },

    async advanceCheckpoint(height, hash, status, headHeight) {
      await sql`
        UPDATE sync_state
        SET last_height = ${height}, last_hash = ${hash}, status = ${status},
            head_height = GREATEST(head_height, ${headHeight}), updated_at = now()
        WHERE component = ${COMPONENT} AND last_height < ${height}`;
    },

    async setStatus(status, headHeight) {
      await sql`
        UPDATE sync_state
        SET status = ${status}, head_height = COALESCE(${headHeight ?? null}::bigint, head_height),
            started_at = CASE WHEN ${status} = 'syncing' AND status = 'stopped' THEN now()
                              ELSE started_at END,
            updated_at = now()
        WHERE component = ${COMPONENT}`;
    },

    async recordError(message, status) {
      await sql`
        UPDATE sync_state
        SET error_count = error_count + 1, last_error = ${message.slice(0, 2000)},
            status = COALESCE(${status ?? null}::text, status), updated_at = now()
        WHERE component = ${COMPONENT}`;
    },

    async recordRetry(retry) {
      await sql`
        UPDATE sync_state
        SET retry_failures = ${retry?.failures ?? 0},
            next_retry_at = ${retry?.nextAttemptAt ?? null}::timestamptz, updated_at = now()
        WHERE component = ${COMPONENT}`;
    },

    async recordStall(stall) {
      if (stall) {
        await sql`
          UPDATE sync_state
          SET status = 'stalled', stalled_height = ${stall.height},
              last_error = ${stall.reason.slice(0, 2000)}, updated_at = now()
          WHERE component = ${COMPONENT}`;
      } else {
        await sql`
          UPDATE sync_state
          SET stalled_height = NULL,
              status = CASE WHEN status = 'stalled' THEN 'syncing' ELSE status END,
              updated_at = now()
          WHERE component = ${COMPONENT}`;
      }
    },

    async storedBlocks(from, to) {
      const [bounds] = await sql<{ lowest: string | null; highest: string | null }[]>`
        SELECT min(height)::text AS lowest, max(height)::text AS highest
        FROM blocks WHERE height BETWEEN ${from} AND ${to}`;
      const gaps = await sql<{ from: string; to: string }[]>`
        SELECT (height + 1)::text AS from, (next - 1)::text AS to
        FROM (
          SELECT height, lead(height) OVER (ORDER BY height) AS next
          FROM blocks WHERE height BETWEEN ${from} AND ${to}
        ) s
        WHERE next > height + 1
        ORDER BY height`;
      return {
        lowest: bounds.lowest === null ? null : Number(bounds.lowest),
        highest: bounds.highest === null ? null : Number(bounds.highest),
        innerGaps: gaps.map((g) => ({ from: Number(g.from), to: Number(g.to) })),
      };
    },

    async blockHash(height) {
      const [row] = await sql<{ hash: string }[]>`SELECT hash FROM blocks WHERE height = ${height}`;
      return row?.hash ?? null;
    },

    storeWindow: (fetched, publication) => storeWindow(sql, fetched, publication),

    async staleWindows(afterSeconds, limit) {
      const rows = await sql<
        { from_height: string; to_height: string; part_count: number; event_count: number }[]
      >`
        SELECT from_height::text, to_height::text, part_count, event_count
        FROM published_windows
        WHERE applied_parts < part_count
          AND published_at < now() - make_interval(secs => ${afterSeconds})
        ORDER BY from_height
        LIMIT ${limit}`;
      return rows.map((row) => ({
        from: Number(row.from_height),
        to: Number(row.to_height),
        partCount: row.part_count,
        eventCount: row.event_count,
      }));
    },

    transactions: (window) =>
      storedTransactions(sql, sql`block_height BETWEEN ${window.from} AND ${window.to}`),

    async markRepublished(window) {
      await sql`
        UPDATE published_windows SET published_at = now()
        WHERE from_height = ${window.from} AND to_height = ${window.to}`;
    },
  };
}

async function storeWindow(
  sql: Sql,
  fetched: FetchedWindow,
  publication: { partCount: number; eventCount: number },
): Promise<StoreResult> {
  const { window, blocks, transactionRows, rejections } = fetched;
  return await sql.begin(async (tx) => {
    const neighbours = await tx<{ height: string; hash: string; last_block_hash: string }[]>`
      SELECT height::text, hash, last_block_hash FROM blocks
      WHERE height = ${window.from - 1} OR height = ${window.to + 1}`;
    for (const stored of neighbours) {
      const height = Number(stored.height);
      if (height === window.from - 1 && fetched.anchor && stored.hash !== fetched.anchor.hash) {
        throw new ChainResetError(height, stored.hash, fetched.anchor.hash);
      }
      const last = blocks[blocks.length - 1];
      if (height === window.to + 1 && last && height >= 2 && stored.last_block_hash !== last.hash) {
        throw new ChainResetError(window.to, stored.last_block_hash, last.hash);
      }
    }

    const [{ stored }] = await tx<{ stored: number }[]>`
      SELECT count(*)::integer AS stored FROM blocks
      WHERE height BETWEEN ${window.from} AND ${window.to}`;
    // A window stored before (wholly or in part) takes the idempotent INSERT with its hash check.
    let newBlocks = blocks.length;
    if (stored > 0) newBlocks = await insertBlocks(tx, blocks);
    else if (blocks.length > 0) await copyBlocks(tx, blocks);

    if (transactionRows.length > 0) {
      const staging = await anyTransactionStored(tx, window);
      await copyTransactionRows(tx, transactionRows, { staging });
    }

    if (rejections.length > 0) {
      await tx`
        INSERT INTO rejected_events (tx_hash, event_index, block_height, tx_index, reason, detail)
        SELECT hash, e::integer, h::bigint, i::integer, reason, detail FROM unnest(
          ${rejections.map((r) => r.txHash)}::text[],
          ${texts(rejections.map((r) => r.eventIndex))}::text[],
          ${texts(rejections.map((r) => r.blockHeight))}::text[],
          ${texts(rejections.map((r) => r.txIndex))}::text[],
          ${rejections.map((r) => r.reason)}::text[],
          ${rejections.map((r) => r.detail)}::text[]
        ) AS u(hash, e, h, i, reason, detail)
        ON CONFLICT (tx_hash, event_index) DO NOTHING`;
    }

    await tx`
      INSERT INTO published_windows (from_height, to_height, part_count, event_count)
      VALUES (${window.from}, ${window.to}, ${publication.partCount}, ${publication.eventCount})
      ON CONFLICT (from_height, to_height) DO UPDATE
        SET part_count = excluded.part_count, event_count = excluded.event_count,
            published_at = now()`;
    return { newBlocks };
  });
}

/** Inserts the blocks not stored yet; a stored height with another hash is a chain reset. */
async function insertBlocks(
  tx: postgres.TransactionSql,
  blocks: FetchedWindow["blocks"],
): Promise<number> {
  const inserted = await tx`
    INSERT INTO blocks (height, hash, last_block_hash, time, num_txs, chain_id)
    SELECT h::bigint, hash, link, t::timestamptz, n::integer, chain FROM unnest(
      ${texts(blocks.map((b) => b.height))}::text[],
      ${blocks.map((b) => b.hash)}::text[],
      ${blocks.map((b) => b.last_block_hash)}::text[],
      ${blocks.map((b) => b.time)}::text[],
      ${texts(blocks.map((b) => b.num_txs))}::text[],
      ${blocks.map((b) => b.chain_id)}::text[]
    ) AS u(h, hash, link, t, n, chain)
    ON CONFLICT (height) DO NOTHING`;
  if (inserted.count < blocks.length) {
    const [changed] = await tx<{ height: string; stored: string; upstream: string }[]>`
      SELECT b.height::text, b.hash AS stored, u.hash AS upstream
      FROM blocks b
      JOIN unnest(${texts(blocks.map((b) => b.height))}::text[], ${
      blocks.map((b) => b.hash)
    }::text[]) AS u(height, hash) ON b.height = u.height::bigint
      WHERE b.hash <> u.hash
      ORDER BY b.height
      LIMIT 1`;
    if (changed) {
      throw new ChainResetError(Number(changed.height), changed.stored, changed.upstream);
    }
  }
  return inserted.count;
}

/** A window stored before (wholly or in part, by windows of another size) goes through staging. */
async function anyTransactionStored(
  sql: postgres.TransactionSql,
  window: { from: number; to: number },
) {
  const rows = await sql`
    SELECT 1 FROM transactions WHERE block_height BETWEEN ${window.from} AND ${window.to} LIMIT 1`;
  return rows.length > 0;
}

/**
 * Every array goes over the wire as text[] and is cast in SQL: the driver's own serialization
 * of typed arrays is not trusted (it turns strings bound to boolean[] into false).
 */
function texts(values: readonly number[]): string[] {
  return values.map(String);
}
