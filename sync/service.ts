/**
 * The synchronizer wired from its configuration: upstream client, retry schedule, metrics,
 * store, writer lock and readiness. sync/main.ts and the dev mode (scripts/dev.ts) both build it
 * here, so the two cannot drift apart.
 */
import type { SyncConfig } from "../shared/config/mod.ts";
import type { Sql } from "../shared/db/mod.ts";
import type { Readiness } from "../shared/http/ops_server.ts";
import type { Logger } from "../shared/log.ts";
import type { Registry } from "../shared/metrics.ts";
import type { Queue } from "../shared/queue/queue.ts";
import { createKvRetryScheduler, type RetryScheduler } from "./kv_retry.ts";
import { createSyncMetrics, type SyncMetrics } from "./metrics.ts";
import { createSyncStore } from "./store.ts";
import { createSynchronizer, type Synchronizer } from "./synchronizer.ts";
import { createTxIndexerClient } from "./upstream/client.ts";
import { subscribeNewBlocks } from "./upstream/new_blocks.ts";
import { acquireWriterLock } from "./writer_lock.ts";

/** /ready reports not ready while the checkpoint trails the head by more than this. */
export const READY_MAX_LAG_BLOCKS = 50;

export interface SyncServiceOptions {
  config: SyncConfig;
  sql: Sql;
  queue: Queue;
  registry: Registry;
  logger: Logger;
}

export interface SyncService {
  synchronizer: Synchronizer;
  metrics: SyncMetrics;
  retries: RetryScheduler;
  /** The body and verdict of the sync's /ready. */
  readiness(): Promise<Readiness>;
  close(): void;
}

export async function createSyncService(options: SyncServiceOptions): Promise<SyncService> {
  const { config, sql, queue, logger } = options;
  const metrics = createSyncMetrics(options.registry);
  const retries = createKvRetryScheduler(await openKv(config.SYNC_KV_PATH));
  const client = createTxIndexerClient({
    urls: config.TX_INDEXER_URLS,
    timeoutMs: config.SYNC_REQUEST_TIMEOUT_MS,
    onRequest: ({ outcome, seconds }) => {
      metrics.upstreamRequests.inc({ outcome });
      metrics.upstreamSeconds.observe(seconds);
    },
    onFailover: ({ from, to, reason }) => {
      metrics.failovers.inc();
      logger.warn("upstream failover", { from, to, reason });
    },
  });
  const synchronizer = createSynchronizer({
    store: createSyncStore({ sql }),
    acquireLock: (signal) => acquireWriterLock({ url: config.DATABASE_URL, logger, signal }),
    queue,
    client,
    retries,
    logger,
    metrics,
    libraryPaths: config.GRC20_LIBRARY_PATHS,
    windowBlocks: config.SYNC_WINDOW_BLOCKS,
    concurrency: config.SYNC_CONCURRENCY,
    pollIntervalMs: config.SYNC_POLL_INTERVAL_MS,
    republishAfterSeconds: config.SYNC_REPUBLISH_AFTER_SECONDS,
    startHeight: config.SYNC_START_HEIGHT,
    subscribe: config.SYNC_USE_WEBSOCKET
      ? (handlers, signal) =>
        subscribeNewBlocks({ urls: config.TX_INDEXER_URLS, logger, signal, ...handlers })
      : undefined,
  });
  return {
    synchronizer,
    metrics,
    retries,
    readiness: () => syncReadiness(synchronizer, { sql, queue }),
    close: () => retries.close(),
  };
}

/**
 * Ready while this instance works within READY_MAX_LAG_BLOCKS of the head, or stands by for the
 * writer lock; never while a block is stalled or the synchronizer is in error.
 */
export async function syncReadiness(
  synchronizer: Synchronizer,
  { sql, queue }: { sql: Sql; queue: Queue },
): Promise<Readiness> {
  const state = synchronizer.state();
  const { status: syncStatus, stall, ...rest } = state;
  const [database, queueUp] = await Promise.all([
    sql`SELECT 1`.then(() => true, () => false),
    queue.stats().then(() => true, () => false),
  ]);
  const lag = state.head - state.checkpoint;
  const checks: Record<string, unknown> = { syncStatus, ...rest, database, queue: queueUp, lag };
  if (stall) checks.stalled = stall;
  const working = state.lockHeld && state.head >= 0 && lag <= READY_MAX_LAG_BLOCKS &&
    stall === null && syncStatus !== "error";
  // A standby instance waiting for the writer lock is healthy and ready to take over.
  const standby = syncStatus === "waiting_for_lock";
  return { ready: database && queueUp && (working || standby), checks };
}

/** Opens the retry schedule's KV file, creating its folder; ":memory:" opens none. */
async function openKv(path: string): Promise<Deno.Kv> {
  if (path !== ":memory:") {
    const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    if (folder !== "") await Deno.mkdir(folder, { recursive: true });
  }
  return await Deno.openKv(path);
}
