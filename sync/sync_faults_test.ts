import assert from "node:assert/strict";
import { silentLogger } from "../shared/log.ts";
import { subscribeNewBlocks } from "./upstream/new_blocks.ts";
import { ChainResetError } from "./errors.ts";
import { syncReadiness } from "./service.ts";
import { STALL_AFTER_FAILURES } from "./synchronizer.ts";
import { createHarness, drainQueue, truthKeys, until, wireKey } from "./test_harness.ts";

Deno.test("upstream 5xx, 429 and slowness do not lose or duplicate events", async () => {
  await using h = await createHarness({
    seed: "faulty",
    blocks: 100,
    faults: { serverErrorRate: 0.2, rateLimitRate: 0.1, latencyMs: 15 },
  });
  const run = await h.start();
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head", 30_000);
  const published = (await drainQueue(h.queue)).events.map(wireKey);
  assert.deepEqual([...new Set(published)].sort(), truthKeys(h.devnet, 0, h.devnet.head()).sort());
  assert.ok(run.metrics.upstreamRequests.get({ outcome: "server_error" }) > 0);
  assert.ok(run.metrics.upstreamRequests.get({ outcome: "rate_limited" }) > 0);
});

Deno.test("a silently missing block holds the checkpoint until it heals", async () => {
  await using h = await createHarness({ seed: "gap", blocks: 60 });
  h.devnet.hideBlock(30);
  const run = await h.start();
  await until(() => run.sync.state().checkpoint >= 15, "progress below the gap");
  await until(() => run.metrics.retries.get({ kind: "window" }) > 0, "a retry of the gap");
  assert.ok(run.sync.state().checkpoint < 30, "never past the missing block");
  const [stored] = await h.db.sql`SELECT count(*)::int AS n FROM blocks WHERE height >= 30`;
  assert.equal(stored.n, 0);

  h.devnet.healBlock(30);
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head after healing");
  const published = new Set((await drainQueue(h.queue)).events.map(wireKey));
  assert.deepEqual([...published].sort(), truthKeys(h.devnet, 0, h.devnet.head()).sort());
});

Deno.test("a chain reset stops the synchronizer with a clear error and no mixed data", async () => {
  await using h = await createHarness({ seed: "reset", blocks: 40 });
  const run = await h.start();
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head");
  const before = await h.db.sql`SELECT height, hash FROM blocks ORDER BY height`;

  h.devnet.reset();
  h.devnet.advance(3);
  const error = await run.finished;
  assert.ok(error instanceof ChainResetError, `expected a chain reset, got ${error}`);
  assert.match(error.message, /^Chain reset detected: stored block \d+ has hash/);

  const [row] = await h.db.sql`SELECT status, last_error FROM sync_state WHERE component = 'sync'`;
  assert.equal(row.status, "error");
  assert.match(row.last_error, /Chain reset detected/);
  assert.equal(run.metrics.chainReset.get(), 1);
  const after = await h.db.sql`SELECT height, hash FROM blocks ORDER BY height`;
  assert.deepEqual(after, before, "no block of the new chain is stored");
});

Deno.test("a chain reset ends run() also while subscribed to new blocks", async () => {
  await using h = await createHarness({ seed: "reset-ws", blocks: 40 });
  const run = await h.start({
    subscribe: (handlers, signal) =>
      subscribeNewBlocks({ urls: [h.devnet.url], logger: silentLogger, signal, ...handlers }),
  });
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head");
  await until(() => run.metrics.websocketConnected.get() === 1, "the websocket up");
  h.devnet.reset();
  h.devnet.advance(3);
  let timer: number | undefined;
  const error = await Promise.race([
    run.finished,
    new Promise<Error>((resolve) => {
      timer = setTimeout(() => resolve(new Error("run() did not end")), 10_000);
    }),
  ]);
  clearTimeout(timer);
  assert.ok(error instanceof ChainResetError, `expected a chain reset, got ${error}`);
});

Deno.test("a dead upstream URL fails over to the next one", async () => {
  await using h = await createHarness({ seed: "failover", blocks: 50 });
  const run = await h.start({ urls: ["http://127.0.0.1:9", h.devnet.url] });
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head");
  const published = new Set((await drainQueue(h.queue)).events.map(wireKey));
  assert.deepEqual([...published].sort(), truthKeys(h.devnet, 0, h.devnet.head()).sort());
  assert.ok(run.metrics.upstreamRequests.get({ outcome: "network_error" }) > 0);
});

Deno.test("windows over the 10,000-element cap are fetched completely", async () => {
  await using h = await createHarness({
    seed: "dense",
    blocks: 14,
    dense: { every: 10, length: 2, txs: 5_500 },
  });
  const run = await h.start({ windowBlocks: 16 });
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head", 60_000);
  const [txs] = await h.db.sql`SELECT count(*)::int AS n FROM transactions`;
  const [expected] = await h.db.sql`SELECT sum(num_txs)::int AS n FROM blocks`;
  assert.equal(txs.n, expected.n);
  assert.ok(run.metrics.upstreamRequests.get({ outcome: "capped" }) > 0);
  const published = new Set((await drainQueue(h.queue)).events.map(wireKey));
  assert.deepEqual([...published].sort(), truthKeys(h.devnet, 0, h.devnet.head()).sort());
});

Deno.test("a block that keeps failing is reported by name until it heals", async () => {
  await using h = await createHarness({ seed: "stall", blocks: 60 });
  h.devnet.hideBlock(30);
  const run = await h.start();
  // Everything below the block is indexed, and the block is named.
  await until(
    () => run.sync.state().stall?.height === 30 && run.sync.state().checkpoint === 29,
    "block 30 reported as stalled, 29 indexed",
  );
  const { stall, status } = run.sync.state();
  assert.equal(status, "stalled");
  assert.match(stall!.reason, /^Block 30 is missing/);
  assert.ok(stall!.failures >= STALL_AFTER_FAILURES);
  assert.equal(run.metrics.stalledHeight.get(), 30);
  const ready = await syncReadiness(run.sync, { sql: h.db.sql, queue: h.queue });
  assert.equal(ready.ready, false, "/ready says not ready");
  assert.deepEqual((ready.checks.stalled as { height: number }).height, 30);
  const [row] = await h.db.sql`
    SELECT status, stalled_height::int AS stalled, last_error FROM sync_state`;
  assert.deepEqual({ ...row, last_error: undefined }, {
    status: "stalled",
    stalled: 30,
    last_error: undefined,
  });
  assert.match(row.last_error, /Block 30 is missing/);

  h.devnet.healBlock(30);
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head after healing");
  assert.equal(run.sync.state().stall, null);
  const healthy = await syncReadiness(run.sync, { sql: h.db.sql, queue: h.queue });
  assert.equal(healthy.ready, true, JSON.stringify(healthy.checks));
  assert.equal(run.metrics.stalledHeight.get(), -1);
  const [healed] = await h.db.sql`SELECT status, stalled_height FROM sync_state`;
  assert.deepEqual({ ...healed }, { status: "caught_up", stalled_height: null });
  const published = new Set((await drainQueue(h.queue)).events.map(wireKey));
  assert.deepEqual([...published].sort(), truthKeys(h.devnet, 0, h.devnet.head()).sort());
});

Deno.test("a chain reset is detected while a stalled block is retried", async () => {
  await using h = await createHarness({ seed: "stall-reset", blocks: 60 });
  h.devnet.hideBlock(30);
  const run = await h.start();
  await until(() => run.sync.state().stall?.height === 30, "block 30 reported as stalled");
  h.devnet.reset();
  const error = await run.finished;
  assert.ok(error instanceof ChainResetError, `expected a chain reset, got ${error}`);
  assert.equal(error.height, 29);
});

Deno.test("a block holding more transactions than the cap is read whole", async () => {
  await using h = await createHarness({
    seed: "one-huge-block",
    blocks: 12,
    dense: { every: 10, length: 1, txs: 12_500 },
  });
  const run = await h.start({ windowBlocks: 1000 });
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head", 60_000);
  const [stored] = await h.db.sql`
    SELECT count(*)::int AS n FROM transactions WHERE block_height = 10`;
  assert.equal(stored.n, 12_500);
  const published = new Set((await drainQueue(h.queue)).events.map(wireKey));
  assert.deepEqual([...published].sort(), truthKeys(h.devnet, 0, h.devnet.head()).sort());
});
