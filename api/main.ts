/**
 * The balance API service: configuration, logger, a read-only PostgreSQL pool, the HTTP server,
 * and a graceful stop on SIGTERM (in-flight requests finish, then the pool closes; 15 s at most).
 * The API never migrates the schema: sync/ and processor/ do, and until then /ready and the
 * endpoints answer 503.
 */
import { apiConfigSchema } from "../shared/config/schemas.ts";
import { loadConfigOrExit } from "../shared/config/load.ts";
import { createDatabase } from "../shared/db/mod.ts";
import { listenOrExit } from "../shared/http/listen.ts";
import { createLogger } from "../shared/log.ts";
import { Registry } from "../shared/metrics.ts";
import { createShutdown } from "../shared/shutdown.ts";
import { createApp } from "./app.ts";

const config = loadConfigOrExit(apiConfigSchema);
const logger = createLogger({ service: "api", level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger });

if (config.API_DEFAULT_LIMIT > config.API_MAX_LIMIT) {
  console.error("Invalid configuration: API_DEFAULT_LIMIT must not exceed API_MAX_LIMIT");
  Deno.exit(2);
}
if (!config.API_CURSOR_SECRET) {
  logger.warn(
    "API_CURSOR_SECRET is not set: cursors are signed with a built-in key; set it in " +
      "production (the same value on every replica)",
  );
}

const sql = createDatabase({
  url: config.DATABASE_URL,
  max: config.DATABASE_POOL_SIZE,
  applicationName: "grc20-api",
  readOnly: true,
  // Two queries queued per connection at most: requests are answered nearly in arrival order,
  // which keeps the tail short, and a connection still has the next query at hand when it
  // answers one (docs/performance.md).
  pipeline: 2,
});
shutdown.onShutdown(() => sql.end({ timeout: 5 }));

const app = createApp({
  sql,
  registry: new Registry(),
  logger,
  limits: { defaultLimit: config.API_DEFAULT_LIMIT, maxLimit: config.API_MAX_LIMIT },
  cursorSecret: config.API_CURSOR_SECRET,
  readyMaxLagBlocks: config.API_READY_MAX_LAG_BLOCKS,
});

const server = listenOrExit(
  {
    hostname: config.API_HOST,
    port: config.API_PORT,
    signal: shutdown.signal,
    variable: "API_PORT",
  },
  app.fetch,
  ({ hostname, port }) => logger.info("listening", { hostname, port }),
);
// Cleanups run in reverse order: the server drains before the pool closes.
shutdown.onShutdown(() => server.finished);

await shutdown.done;
