import assert from "node:assert/strict";
import { silentLogger } from "../shared/log.ts";
import { subscribeNewBlocks } from "./upstream/new_blocks.ts";
import { createHarness, drainQueue, truthKeys, until, wireKey } from "./test_harness.ts";

Deno.test("the synchronizer follows new blocks announced over the websocket", async () => {
  await using h = await createHarness({ seed: "follow", blocks: 20 });
  const run = await h.start({
    pollIntervalMs: 60_000, // only the websocket can wake it up in time
    subscribe: (handlers, signal) =>
      subscribeNewBlocks({ urls: [h.devnet.url], logger: silentLogger, signal, ...handlers }),
  });
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the initial head");
  await until(() => run.metrics.websocketConnected.get() === 1, "the websocket up");
  h.devnet.advance(5);
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the new head");

  h.devnet.dropWebsockets();
  await until(() => run.metrics.websocketConnected.get() === 1, "the websocket back");
  h.devnet.advance(3);
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head after reconnect");
  const published = new Set((await drainQueue(h.queue)).events.map(wireKey));
  assert.deepEqual([...published].sort(), truthKeys(h.devnet, 0, h.devnet.head()).sort());
});

Deno.test("a block announced before it is queryable is fetched once it is", async () => {
  await using h = await createHarness({
    seed: "lead",
    blocks: 10,
    faults: { subscriptionLeadMs: 300 },
  });
  const run = await h.start({
    pollIntervalMs: 50,
    subscribe: (handlers, signal) =>
      subscribeNewBlocks({ urls: [h.devnet.url], logger: silentLogger, signal, ...handlers }),
  });
  await until(() => run.metrics.websocketConnected.get() === 1, "the websocket up");
  const target = h.devnet.advance(2);
  await until(() => run.sync.state().checkpoint === target, "the announced blocks");
  assert.equal(run.sync.state().status, "caught_up");
});

Deno.test("with the websocket down, polling the head keeps up", async () => {
  await using h = await createHarness({ seed: "poll", blocks: 10 });
  const run = await h.start({ pollIntervalMs: 30 });
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the initial head");
  h.devnet.advance(4);
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the polled head");
  assert.equal(run.metrics.websocketConnected.get(), 0);
});

Deno.test("two synchronizers at once: exactly one works, the other takes over", async () => {
  await using h = await createHarness({ seed: "pair", blocks: 50 });
  const a = await h.start();
  const b = await h.start();
  await until(
    () => Math.max(a.sync.state().checkpoint, b.sync.state().checkpoint) === h.devnet.head(),
    "the head",
  );
  const [holder, waiter] = a.sync.state().lockHeld ? [a, b] : [b, a];
  assert.equal(holder.sync.state().lockHeld, true);
  assert.equal(waiter.sync.state().lockHeld, false);
  assert.equal(waiter.sync.state().status, "waiting_for_lock");
  const first = (await drainQueue(h.queue)).events.map(wireKey);
  assert.equal(new Set(first).size, first.length, "nothing published twice");

  await holder.stop();
  h.devnet.advance(6);
  await until(() => waiter.sync.state().checkpoint === h.devnet.head(), "the takeover");
  const after = new Set((await drainQueue(h.queue)).events.map(wireKey));
  for (const key of truthKeys(h.devnet, 51, h.devnet.head())) assert.ok(after.has(key));
});

Deno.test("a published window not applied in time is republished from the database", async () => {
  await using h = await createHarness({ seed: "republish", blocks: 40 });
  const run = await h.start({ republishAfterSeconds: 1 });
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head");
  const lost = (await drainQueue(h.queue)).events.map(wireKey); // the queue lost them all
  assert.ok(lost.length > 0);
  const truth = truthKeys(h.devnet, 0, h.devnet.head()).sort();
  const again = new Set<string>();
  await until(
    async () => {
      for (const event of (await drainQueue(h.queue)).events) again.add(wireKey(event));
      return again.size >= truth.length;
    },
    "every lost event published again",
    10_000,
  );
  assert.deepEqual([...again].sort(), truth);
  assert.ok(run.metrics.republished.get() > 0);
});

Deno.test("while idle on the websocket, a lost window is still republished on time", async () => {
  await using h = await createHarness({ seed: "republish-idle", blocks: 40 });
  const run = await h.start({
    republishAfterSeconds: 1,
    pollIntervalMs: 60_000,
    subscribe: (handlers, signal) =>
      subscribeNewBlocks({ urls: [h.devnet.url], logger: silentLogger, signal, ...handlers }),
  });
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head");
  await until(() => run.metrics.websocketConnected.get() === 1, "the websocket up");
  const lost = (await drainQueue(h.queue)).events.map(wireKey); // the queue lost them all
  assert.ok(lost.length > 0);
  const truth = truthKeys(h.devnet, 0, h.devnet.head()).sort();
  const again = new Set<string>();
  // Well under the 15 s safety poll of an idle synchronizer with its websocket up.
  await until(
    async () => {
      for (const event of (await drainQueue(h.queue)).events) again.add(wireKey(event));
      return again.size >= truth.length;
    },
    "every lost event published again while idle",
    8_000,
  );
  assert.deepEqual([...again].sort(), truth);
});
