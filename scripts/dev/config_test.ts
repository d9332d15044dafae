import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../shared/config/mod.ts";
import { devConfigSchema } from "./config.ts";

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(devConfigSchema, env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  throw new Error("the configuration was accepted");
}

Deno.test("the dev run defaults to a 20,000-block devnet with a block every 2 s", () => {
  const config = loadConfig(devConfigSchema, {});
  assert.equal(config.DEVNET_BLOCKS, 20_000);
  assert.equal(config.DEVNET_LIVE_MS, 2_000);
  assert.equal(config.TX_INDEXER_URLS, undefined);
});

Deno.test("a devnet size that is not a positive integer is refused in one line", () => {
  for (const bad of ["0", "-5", "ten", "1.5"]) {
    assert.equal(
      refusal({ DEVNET_BLOCKS: bad }),
      "Invalid configuration: DEVNET_BLOCKS must be a positive integer",
    );
  }
});

Deno.test("a negative live interval is refused", () => {
  assert.equal(
    refusal({ DEVNET_LIVE_MS: "-1" }),
    "Invalid configuration: DEVNET_LIVE_MS must be a non-negative integer",
  );
});

Deno.test("upstreams are a comma-separated list of http URLs", () => {
  const config = loadConfig(devConfigSchema, {
    TX_INDEXER_URLS: "http://a:8546/graphql/query, https://b/graphql/query",
  });
  assert.deepEqual(config.TX_INDEXER_URLS, [
    "http://a:8546/graphql/query",
    "https://b/graphql/query",
  ]);
  assert.equal(
    refusal({ TX_INDEXER_URLS: "a:8546" }),
    "Invalid configuration: TX_INDEXER_URLS item 1 must be an http(s) URL",
  );
});

Deno.test("the singular TX_INDEXER_URL is named as a mistake instead of being ignored", () => {
  assert.equal(
    refusal({ TX_INDEXER_URL: "http://a/graphql/query" }),
    "Invalid configuration: TX_INDEXER_URL is not a setting: use TX_INDEXER_URLS",
  );
});
