/**
 * The block synchronizer's entrypoint: wiring only (configuration, logger, database, queue,
 * upstream client, KV retry schedule, ops server, shutdown). The work is in synchronizer.ts.
 */
import { loadConfigOrExit, syncConfigSchema } from "../shared/config/mod.ts";
import { createDatabase, migrate } from "../shared/db/mod.ts";
import { serveOps } from "../shared/http/ops_server.ts";
import { createLogger } from "../shared/log.ts";
import { Registry } from "../shared/metrics.ts";
import { createSqsQueue, sqsQueueOptions } from "../shared/queue/sqs.ts";
import { retry } from "../shared/retry.ts";
import { createShutdown } from "../shared/shutdown.ts";
import { createTxIndexerClient } from "../shared/txindexer/client.ts";
import { subscribeNewBlocks } from "../shared/txindexer/new_blocks.ts";
import { createKvRetryScheduler } from "./kv_retry.ts";
import { createSyncMetrics } from "./metrics.ts";
import { createSynchronizer } from "./synchronizer.ts";

/** /ready reports not ready while the checkpoint trails the head by more than this. */
const READY_MAX_LAG_BLOCKS = 50;

const config = loadConfigOrExit(syncConfigSchema);
const logger = createLogger({ service: "sync", level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger });
const registry = new Registry();
const metrics = createSyncMetrics(registry);

const sql = createDatabase({
  url: config.DATABASE_URL,
  max: config.DATABASE_POOL_SIZE,
  applicationName: "grc20-sync",
});
shutdown.onShutdown(() => sql.end({ timeout: 5 }));

const startup = {
  signal: shutdown.signal,
  onRetry: (error: unknown) => {
    logger.warn("waiting for dependencies", { error });
  },
  maxMs: 5_000,
};
/** A SIGTERM during start-up cuts the pool under a pending step: that is a stop, not a failure. */
const unlessStopping = async (error: unknown): Promise<never> => {
  if (!shutdown.signal.aborted) throw error;
  await shutdown.done;
  Deno.exit();
};
await retry(() => migrate(sql), startup).catch(unlessStopping);
const queue = await retry(() => createSqsQueue(sqsQueueOptions(config)), startup)
  .catch(unlessStopping);
shutdown.onShutdown(() => queue.close());

const kv = await Deno.openKv(config.SYNC_KV_PATH ?? ":memory:");
const retries = createKvRetryScheduler(kv);
shutdown.onShutdown(() => retries.close());

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
  sql,
  databaseUrl: config.DATABASE_URL,
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

const server = serveOps({
  port: config.SYNC_PORT,
  registry,
  signal: shutdown.signal,
  ready: async () => {
    const state = synchronizer.state();
    const { status: syncStatus, ...rest } = state;
    const checks: Record<string, unknown> = { syncStatus, ...rest };
    const database = await sql`SELECT 1`.then(() => true, () => false);
    const queueUp = await queue.stats().then(() => true, () => false);
    const lag = state.head - state.checkpoint;
    checks.database = database;
    checks.queue = queueUp;
    checks.lag = lag;
    const working = state.lockHeld && state.head >= 0 && lag <= READY_MAX_LAG_BLOCKS;
    // A standby instance waiting for the writer lock is healthy and ready to take over.
    const standby = state.status === "waiting_for_lock";
    return { ready: database && queueUp && (working || standby), checks };
  },
});
shutdown.onShutdown(() => server.finished);
logger.info("sync started", { port: config.SYNC_PORT, upstreams: config.TX_INDEXER_URLS });

const running = synchronizer.run(shutdown.signal);
// Registered last, so it runs first: the synchronizer finishes its window and releases the lock
// before the pools close.
shutdown.onShutdown(() => running.catch(() => {}));
try {
  await running;
  await shutdown.trigger("synchronizer stopped");
  // Exit once shut down, as the processor does: a SIGTERM that arrived during start-up ran the
  // cleanups before the ops server and KV existed, and either would keep the process alive.
  Deno.exit();
} catch (error) {
  logger.error("sync failed", { error });
  await shutdown.trigger("fatal error");
  Deno.exit(1);
}
