import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./load.ts";
import { apiConfigSchema, processorConfigSchema, syncConfigSchema } from "./schemas.ts";

const base = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres",
  TX_INDEXER_URLS: "http://127.0.0.1:8546",
};

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail("expected a ConfigError");
}

Deno.test("defaults fill every optional setting", () => {
  const config = loadConfig(syncConfigSchema, base);
  assert.deepEqual(config.TX_INDEXER_URLS, ["http://127.0.0.1:8546"]);
  assert.equal(config.SYNC_PORT, 8081);
  assert.equal(config.SQS_QUEUE_NAME, "grc20-token-events");
  assert.deepEqual(config.GRC20_LIBRARY_PATHS, [
    "gno.land/p/demo/grc/grc20",
    "gno.land/p/demo/tokens/grc20",
  ]);
  assert.equal(config.SYNC_USE_WEBSOCKET, true);
});

Deno.test("a missing required variable is named in one line", () => {
  const message = errorOf(() => loadConfig(apiConfigSchema, {}));
  assert.equal(message, "Invalid configuration: DATABASE_URL is required");
  assert.ok(!message.includes("\n"));
});

Deno.test("a bad value names the variable and the problem", () => {
  assert.equal(
    errorOf(() => loadConfig(apiConfigSchema, { ...base, API_PORT: "99999" })),
    "Invalid configuration: API_PORT must be a port number",
  );
  assert.equal(
    errorOf(() => loadConfig(syncConfigSchema, { ...base, TX_INDEXER_URLS: "ftp://x" })),
    "Invalid configuration: TX_INDEXER_URLS item 1 must be an http(s) URL",
  );
  assert.equal(
    errorOf(() => loadConfig(processorConfigSchema, { ...base, DATABASE_URL: "mysql://x" })),
    "Invalid configuration: DATABASE_URL must be a postgres:// URL",
  );
  assert.equal(
    errorOf(() => loadConfig(processorConfigSchema, { ...base, PROCESSOR_POLLERS: "two" })),
    "Invalid configuration: PROCESSOR_POLLERS must be a positive integer",
  );
  assert.equal(
    errorOf(() => loadConfig(processorConfigSchema, { ...base, LOG_LEVEL: "loud" })),
    "Invalid configuration: LOG_LEVEL must be one of debug, info, warn, error",
  );
});

Deno.test("several upstream URLs are split on commas", () => {
  const config = loadConfig(syncConfigSchema, {
    ...base,
    TX_INDEXER_URLS: "http://a:1, http://b:2",
  });
  assert.deepEqual(config.TX_INDEXER_URLS, ["http://a:1", "http://b:2"]);
});

Deno.test("an empty variable falls back to its default", () => {
  const config = loadConfig(apiConfigSchema, { ...base, API_PORT: "" });
  assert.equal(config.API_PORT, 8080);
});
