/**
 * The block synchronizer's entrypoint: wiring only (configuration, logger, database, queue, ops
 * server, shutdown); service.ts builds the synchronizer, synchronizer.ts does the work.
 */
import { loadConfigOrExit, syncConfigSchema } from "../shared/config/mod.ts";
import { createDatabase, migrate } from "../shared/db/mod.ts";
import { serveOps } from "../shared/http/ops_server.ts";
import { createLogger } from "../shared/log.ts";
import { Registry } from "../shared/metrics.ts";
import { createSqsQueue, sqsQueueOptions } from "../shared/queue/sqs.ts";
import { retry } from "../shared/retry.ts";
import { createShutdown } from "../shared/shutdown.ts";
import { createSyncService } from "./service.ts";

const config = loadConfigOrExit(syncConfigSchema);
const logger = createLogger({ service: "sync", level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger });
const registry = new Registry();

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

const service = await createSyncService({ config, sql, queue, registry, logger });
shutdown.onShutdown(() => service.close());
const { synchronizer } = service;

const server = serveOps({
  variable: "SYNC_PORT",
  port: config.SYNC_PORT,
  registry,
  signal: shutdown.signal,
  ready: service.readiness,
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
