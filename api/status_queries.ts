/**
 * The operator's snapshot behind /status: how far the chain is indexed, how fast, what was
 * applied and what was rejected. Counting token events by kind reads the whole table, so the
 * route caches a snapshot for a few seconds and every viewer shares it.
 */
import type { Sql } from "../shared/db/mod.ts";
import type { TransferRow } from "./queries.ts";
import { DEFAULT_READY_MAX_LAG_BLOCKS, judgeSync, type SyncVerdict } from "./readiness.ts";

export interface StatusSnapshot {
  generatedAt: string;
  sync: {
    status: string;
    lastHeight: number;
    headHeight: number;
    errorCount: number;
    lastError: string;
    /** The block that keeps failing validation and holds the synchronizer, if any. */
    stalledHeight: number | null;
    /** Sync cycles failed in a row, and when the next attempt is due (null when none). */
    retryFailures: number;
    nextRetryAt: string | null;
    updatedAt: string;
  } | null;
  /**
   * What the API's /ready answers for this sync state (the same rule, judgeSync, and the same
   * API_READY_MAX_LAG_BLOCKS), and why.
   */
  readiness: SyncVerdict;
  /** Consistent-through height (the applied_height view). */
  indexedHeight: number;
  headHeight: number;
  /** Head minus indexed height; null before the synchronizer has seen the head. */
  lag: number | null;
  /** One entry per minute, oldest first, the current minute last. */
  throughput: { minute: string; blocks: number; events: number }[];
  eventsByKind: { mint: number; burn: number; transfer: number };
  /** How many tokens are known, and the largest by holders. */
  tokens: {
    count: number;
    largest: {
      tokenId: string;
      symbol: string | null;
      holders: number;
      /** Exact decimal text. */
      totalSupply: string;
    }[];
  };
  rejectionsByReason: { reason: string; count: number }[];
  latestTransfers: {
    blockHeight: number;
    txIndex: number;
    eventIndex: number;
    txHash: string;
    tokenId: string;
    tokenPath: string;
    kind: "mint" | "burn" | "transfer";
    from: string;
    to: string;
    /** Exact decimal text. */
    amount: string;
    time: string | null;
  }[];
}

export const THROUGHPUT_MINUTES = 10;
const LATEST_TRANSFERS = 10;
const LARGEST_TOKENS = 5;

export interface ReadStatusOptions {
  /** The /ready bound (API_READY_MAX_LAG_BLOCKS); DEFAULT_READY_MAX_LAG_BLOCKS by default. */
  readyMaxLagBlocks?: number;
  now?: Date;
}

export async function readStatus(
  sql: Sql,
  options: ReadStatusOptions = {},
): Promise<StatusSnapshot> {
  const now = options.now ?? new Date();
  const since = new Date(
    Math.floor(now.getTime() / 60_000) * 60_000 - (THROUGHPUT_MINUTES - 1) * 60_000,
  );
  const [
    [applied],
    syncRows,
    blockRates,
    eventRates,
    [kinds],
    rejections,
    latest,
    [tokenCount],
    largest,
  ] = await Promise
    .all([
      sql<{ height: string }[]>`SELECT height::text FROM applied_height`,
      sql<
        {
          status: string;
          last_height: string;
          head_height: string;
          error_count: number;
          last_error: string;
          stalled_height: string | null;
          retry_failures: number;
          next_retry_at: Date | null;
          updated_at: Date;
        }[]
      >`
        SELECT status, last_height::text, head_height::text, error_count, last_error,
          stalled_height::text, retry_failures, next_retry_at, updated_at
        FROM sync_state WHERE component = 'sync'`,
      sql<{ minute: Date; count: string }[]>`
        SELECT date_trunc('minute', published_at) AS minute,
          sum(to_height - from_height + 1)::text AS count
        FROM published_windows WHERE published_at >= ${since}
        GROUP BY 1`,
      sql<{ minute: Date; count: string }[]>`
        SELECT date_trunc('minute', applied_at) AS minute, sum(event_count)::text AS count
        FROM applied_parts WHERE applied_at >= ${since}
        GROUP BY 1`,
      sql<{ mint: string; burn: string; transfer: string }[]>`
        SELECT
          count(*) FILTER (WHERE from_address = '')::text AS mint,
          count(*) FILTER (WHERE to_address = '')::text AS burn,
          count(*) FILTER (WHERE from_address <> '' AND to_address <> '')::text AS transfer
        FROM token_events`,
      sql<{ reason: string; count: string }[]>`
        SELECT reason, count(*)::text AS count FROM rejected_events
        GROUP BY reason ORDER BY count(*) DESC, reason`,
      sql<(TransferRow & { time: Date | null })[]>`
        SELECT e.block_height::text, e.tx_index, e.event_index, e.tx_hash, e.token_id,
          e.token_path, e.from_address, e.to_address, e.amount::text, b.time
        FROM token_events e LEFT JOIN blocks b ON b.height = e.block_height
        WHERE e.block_height <= (SELECT height FROM applied_height)
        ORDER BY e.block_height DESC, e.tx_index DESC, e.event_index DESC
        LIMIT ${LATEST_TRANSFERS}`,
      sql<{ count: number }[]>`SELECT count(*)::int AS count FROM tokens`,
      sql<{ token_id: string; symbol: string | null; holders: string; total_supply: string }[]>`
        SELECT token_id, symbol, holders::text, total_supply::text FROM tokens
        ORDER BY holders DESC, token_id LIMIT ${LARGEST_TOKENS}`,
    ]);

  const sync = syncRows[0]
    ? {
      status: syncRows[0].status,
      lastHeight: Number(syncRows[0].last_height),
      headHeight: Number(syncRows[0].head_height),
      errorCount: syncRows[0].error_count,
      lastError: syncRows[0].last_error,
      stalledHeight: syncRows[0].stalled_height === null
        ? null
        : Number(syncRows[0].stalled_height),
      retryFailures: syncRows[0].retry_failures,
      nextRetryAt: syncRows[0].next_retry_at?.toISOString() ?? null,
      updatedAt: syncRows[0].updated_at.toISOString(),
    }
    : null;
  const indexedHeight = Number(applied.height);
  const headHeight = sync?.headHeight ?? -1;

  const perMinute = (rows: { minute: Date; count: string }[]) =>
    new Map(rows.map((r) => [r.minute.getTime(), Number(r.count)]));
  const blocks = perMinute(blockRates);
  const events = perMinute(eventRates);
  const throughput = Array.from({ length: THROUGHPUT_MINUTES }, (_, i) => {
    const minute = since.getTime() + i * 60_000;
    return {
      minute: new Date(minute).toISOString(),
      blocks: blocks.get(minute) ?? 0,
      events: events.get(minute) ?? 0,
    };
  });

  return {
    generatedAt: now.toISOString(),
    sync,
    readiness: judgeSync(sync, options.readyMaxLagBlocks ?? DEFAULT_READY_MAX_LAG_BLOCKS),
    indexedHeight,
    headHeight,
    lag: headHeight >= 0 ? Math.max(0, headHeight - indexedHeight) : null,
    throughput,
    eventsByKind: {
      mint: Number(kinds.mint),
      burn: Number(kinds.burn),
      transfer: Number(kinds.transfer),
    },
    tokens: {
      count: tokenCount.count,
      largest: largest.map((t) => ({
        tokenId: t.token_id,
        symbol: t.symbol,
        holders: Number(t.holders),
        totalSupply: t.total_supply,
      })),
    },
    rejectionsByReason: rejections.map((r) => ({ reason: r.reason, count: Number(r.count) })),
    latestTransfers: latest.map((row) => ({
      blockHeight: Number(row.block_height),
      txIndex: row.tx_index,
      eventIndex: row.event_index,
      txHash: row.tx_hash,
      tokenId: row.token_id,
      tokenPath: row.token_path,
      kind: row.from_address === "" ? "mint" : row.to_address === "" ? "burn" : "transfer",
      from: row.from_address,
      to: row.to_address,
      amount: row.amount,
      time: row.time ? row.time.toISOString() : null,
    })),
  };
}
