/**
 * `deno task dev`: the whole system in one process, on embedded defaults, with nothing installed.
 *
 * - upstream: the devnet (DEVNET_BLOCKS blocks, one more every DEVNET_LIVE_MS), or the
 *   tx-indexers named by TX_INDEXER_URLS;
 * - database: PGlite behind pglite-socket (scripts/dev/embedded_postgres.ts), or DATABASE_URL;
 * - queue: the in-process queue (shared/queue/memory.ts), or SQS at SQS_ENDPOINT;
 * - the synchronizer, the processor and the API, wired as their own main.ts wire them, sharing
 *   one metrics registry (the API's /metrics shows all three).
 *
 * It prints where the API is, then backfill progress (a live bar on a TTY, plain lines
 * otherwise). Ctrl-C stops everything in order.
 */
import { createApp } from "../api/app.ts";
import { startDevnet } from "../devnet/mod.ts";
import { createConsumer } from "../processor/consumer.ts";
import {
  apiConfigSchema,
  loadConfigOrExit,
  processorConfigSchema,
  syncConfigSchema,
} from "../shared/config/mod.ts";
import { createDatabase, migrate } from "../shared/db/mod.ts";
import { createLogger, type LogLevel } from "../shared/log.ts";
import { Registry } from "../shared/metrics.ts";
import { createMemoryQueue } from "../shared/queue/memory.ts";
import type { Queue } from "../shared/queue/queue.ts";
import { createSqsQueue, sqsQueueOptions } from "../shared/queue/sqs.ts";
import { listenOrExit } from "../shared/http/listen.ts";
import { createShutdown } from "../shared/shutdown.ts";
import { createSyncService } from "../sync/service.ts";
import { devConfigSchema } from "./dev/config.ts";
import { startEmbeddedPostgres } from "./dev/embedded_postgres.ts";
import { createProgressDisplay } from "./dev/progress_display.ts";

const env = Deno.env.toObject();
const setting = (name: string) => env[name]?.trim() || undefined;
const tty = Deno.stdout.isTerminal();
const devConfig = loadConfigOrExit(devConfigSchema, env);

// On a terminal the progress bar is the main output: services log warnings only, unless asked.
const level: LogLevel = devConfig.LOG_LEVEL ?? (tty ? "warn" : "info");
let writeLine = (line: string) => console.log(line);
const logger = createLogger({ service: "dev", level, write: (line) => writeLine(line) });
const say = (text: string) => writeLine(text);
const shutdown = createShutdown({ logger });

try {
  // Upstream.
  let upstreams = devConfig.TX_INDEXER_URLS;
  if (!upstreams) {
    const devnet = await startDevnet({
      blocks: devConfig.DEVNET_BLOCKS,
      liveIntervalMs: devConfig.DEVNET_LIVE_MS,
      hostname: "127.0.0.1",
    });
    shutdown.onShutdown(() => devnet.close());
    upstreams = [devnet.url];
  }

  // Database.
  let databaseUrl = setting("DATABASE_URL");
  const embedded = !databaseUrl;
  if (!databaseUrl) {
    const postgres = await startEmbeddedPostgres();
    shutdown.onShutdown(() => postgres.close());
    databaseUrl = postgres.url;
  }
  // PGlite runs one statement at a time: bigger pools would only queue.
  const poolDefaults = embedded ? { DATABASE_POOL_SIZE: "2" } : {};
  const overrides = {
    ...poolDefaults,
    ...env,
    DATABASE_URL: databaseUrl,
    TX_INDEXER_URLS: upstreams.join(","),
    API_HOST: setting("API_HOST") ?? "127.0.0.1",
    PROCESSOR_WAIT_SECONDS: setting("PROCESSOR_WAIT_SECONDS") ?? "2",
    // The dev run keeps its state in memory: its retry schedule too.
    SYNC_KV_PATH: setting("SYNC_KV_PATH") ?? ":memory:",
  };
  const syncConfig = loadConfigOrExit(syncConfigSchema, overrides);
  const processorConfig = loadConfigOrExit(processorConfigSchema, overrides);
  const apiConfig = loadConfigOrExit(apiConfigSchema, overrides);

  const sql = createDatabase({
    url: databaseUrl,
    max: syncConfig.DATABASE_POOL_SIZE,
    applicationName: "grc20-dev",
  });
  shutdown.onShutdown(() => sql.end({ timeout: 5 }));
  await migrate(sql);

  // Queue.
  let queue: Queue;
  if (syncConfig.SQS_ENDPOINT) {
    queue = await createSqsQueue(sqsQueueOptions(syncConfig));
  } else {
    queue = createMemoryQueue({
      maxReceiveCount: syncConfig.SQS_MAX_RECEIVE_COUNT,
      visibilityTimeoutSeconds: syncConfig.SQS_VISIBILITY_TIMEOUT_SECONDS,
    });
  }
  shutdown.onShutdown(() => queue.close());

  const registry = new Registry();

  // API.
  const apiSql = createDatabase({
    url: databaseUrl,
    max: apiConfig.DATABASE_POOL_SIZE,
    applicationName: "grc20-api",
    readOnly: true,
  });
  shutdown.onShutdown(() => apiSql.end({ timeout: 5 }));
  const app = createApp({
    sql: apiSql,
    registry,
    logger: logger.child({ service: "api" }),
    limits: { defaultLimit: apiConfig.API_DEFAULT_LIMIT, maxLimit: apiConfig.API_MAX_LIMIT },
    cursorSecret: apiConfig.API_CURSOR_SECRET,
    readyMaxLagBlocks: apiConfig.API_READY_MAX_LAG_BLOCKS,
  });
  const server = listenOrExit({
    hostname: apiConfig.API_HOST,
    port: apiConfig.API_PORT,
    signal: shutdown.signal,
    variable: "API_PORT",
  }, app.fetch);
  shutdown.onShutdown(() => server.finished);

  // Processor.
  const processorSql = createDatabase({
    url: databaseUrl,
    max: processorConfig.DATABASE_POOL_SIZE,
    applicationName: "grc20-processor",
  });
  shutdown.onShutdown(() => processorSql.end({ timeout: 5 }));
  const consumer = createConsumer({
    sql: processorSql,
    queue,
    logger: logger.child({ service: "processor" }),
    metrics: registry,
    pollers: embedded ? 2 : processorConfig.PROCESSOR_POLLERS,
    waitSeconds: processorConfig.PROCESSOR_WAIT_SECONDS,
    maxMessages: processorConfig.PROCESSOR_MAX_MESSAGES,
  });

  // Synchronizer.
  const sync = await createSyncService({
    config: syncConfig,
    sql,
    queue,
    registry,
    logger: logger.child({ service: "sync" }),
  });
  shutdown.onShutdown(() => sync.close());
  const { synchronizer } = sync;

  const api = `http://${apiConfig.API_HOST}:${server.addr.port}`;
  say(
    [
      "",
      `grc20-indexer dev run`,
      `  upstream   ${upstreams.join(", ")}${devConfig.TX_INDEXER_URLS ? "" : "  (devnet)"}`,
      `  database   ${
        embedded ? "PGlite, in memory (set DATABASE_URL for PostgreSQL)" : "PostgreSQL"
      }`,
      `  queue      ${
        syncConfig.SQS_ENDPOINT
          ? `SQS at ${syncConfig.SQS_ENDPOINT}`
          : "in process (set SQS_ENDPOINT for SQS)"
      }`,
      ``,
      `  API        ${api}/tokens/balances`,
      `  status     ${api}/status`,
      `  docs       ${api}/docs`,
      ``,
    ].join("\n"),
  );

  const display = createProgressDisplay({
    height: async () => {
      const [row] = await sql<{ height: string }[]>`SELECT height::text FROM applied_height`;
      return Number(row.height);
    },
    head: () => synchronizer.state().head,
    events: () => consumer.metrics.eventsApplied.get(),
  }, { tty });
  writeLine = (line) => display.log(line);

  const consuming = consumer.run(shutdown.signal);
  const syncing = synchronizer.run(shutdown.signal);
  const showing = display.run(shutdown.signal);
  // Cleanups run in reverse: the display stops, the synchronizer and the processor finish their
  // work, then the server, the queue, the pools and the database close.
  shutdown.onShutdown(() => consuming.catch(() => {}));
  shutdown.onShutdown(() => syncing.catch(() => {}));
  shutdown.onShutdown(() => showing);
  for (const [name, running] of [["synchronizer", syncing], ["processor", consuming]] as const) {
    running.catch((error) => {
      logger.error(`${name} stopped`, { error });
      Deno.exitCode = 1;
      void shutdown.trigger(`${name} failed`);
    });
  }
} catch (error) {
  logger.error("dev run could not start", { error });
  Deno.exitCode = 1;
  void shutdown.trigger("start failed");
}

await shutdown.done;
Deno.exit();
