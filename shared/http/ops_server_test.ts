import assert from "node:assert/strict";
import { Registry } from "../metrics.ts";
import { createOpsApp } from "./ops_server.ts";

Deno.test("health answers while readiness reports its checks", async () => {
  const registry = new Registry();
  registry.counter("blocks_total", "Blocks.").inc();
  let ready = false;
  const app = createOpsApp({
    registry,
    ready: () => Promise.resolve({ ready, checks: { database: ready ? "ok" : "down" } }),
  });
  assert.equal((await app.request("/health")).status, 200);
  const notReady = await app.request("/ready");
  assert.equal(notReady.status, 503);
  assert.deepEqual(await notReady.json(), { status: "not ready", database: "down" });
  ready = true;
  assert.equal((await app.request("/ready")).status, 200);
  const metrics = await app.request("/metrics");
  assert.match(await metrics.text(), /^blocks_total 1$/m);
});

Deno.test("a failing readiness check answers 503 with the reason", async () => {
  const app = createOpsApp({
    registry: new Registry(),
    ready: () => Promise.reject(new Error("connection refused")),
  });
  const response = await app.request("/ready");
  assert.equal(response.status, 503);
  assert.equal((await response.json()).error, "connection refused");
});
