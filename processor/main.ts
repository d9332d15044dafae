/**
 * The event processor service: configuration, logger, database (migrated at start), queue,
 * the consumer, and /health /ready /metrics on PROCESSOR_PORT. On SIGTERM the pollers stop
 * receiving, in-flight batches finish (or are handed back to the queue), and the process exits
 * within 15 s.
 */
import { processorConfigSchema } from "../shared/config/schemas.ts";
import { loadConfigOrExit } from "../shared/config/load.ts";
import { createDatabase, migrate } from "../shared/db/mod.ts";
import { serveOps } from "../shared/http/ops_server.ts";
import { createLogger } from "../shared/log.ts";
import { Registry } from "../shared/metrics.ts";
import { createSqsQueue, sqsQueueOptions } from "../shared/queue/sqs.ts";
import { retry } from "../shared/retry.ts";
import { createShutdown } from "../shared/shutdown.ts";
import { createConsumer } from "./consumer.ts";
import { checkReadiness } from "./readiness.ts";

const config = loadConfigOrExit(processorConfigSchema);
const logger = createLogger({ service: "processor", level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger });
const registry = new Registry();

const sql = createDatabase({
  url: config.DATABASE_URL,
  max: config.DATABASE_POOL_SIZE,
  applicationName: "grc20-processor",
});
shutdown.onShutdown(() => sql.end({ timeout: 5 }));

// Dependencies that are still starting (a fresh container) are waited for, not fatal.
const starting = { signal: shutdown.signal, maxMs: 5_000 };
const onRetry = (what: string) => (error: unknown, attempt: number) =>
  logger.warn(`${what} unavailable at start, retrying`, { error, attempt });

try {
  await retry(() => migrate(sql), { ...starting, onRetry: onRetry("database") });
  const queue = await retry(() => createSqsQueue(sqsQueueOptions(config)), {
    ...starting,
    onRetry: onRetry("queue"),
  });
  shutdown.onShutdown(() => queue.close());

  const server = serveOps({
    variable: "PROCESSOR_PORT",
    port: config.PROCESSOR_PORT,
    signal: shutdown.signal,
    registry,
    ready: () => checkReadiness({ sql, queue }),
  });
  shutdown.onShutdown(() => server.finished);
  logger.info("ops endpoints listening", { port: config.PROCESSOR_PORT });

  const consumer = createConsumer({
    sql,
    queue,
    logger,
    metrics: registry,
    pollers: config.PROCESSOR_POLLERS,
    waitSeconds: config.PROCESSOR_WAIT_SECONDS,
    maxMessages: config.PROCESSOR_MAX_MESSAGES,
  });
  const running = consumer.run(shutdown.signal);
  // Cleanups run in reverse order: in-flight batches finish before the queue and pool close.
  shutdown.onShutdown(() => running);
  running.catch((error) => {
    logger.error("consumer failed", { error });
    Deno.exitCode = 1;
    void shutdown.trigger("consumer failed");
  });
} catch (error) {
  if (!shutdown.signal.aborted) {
    logger.error("processor could not start", { error });
    Deno.exitCode = 1;
    void shutdown.trigger("start failed");
  }
}

await shutdown.done;
Deno.exit();
