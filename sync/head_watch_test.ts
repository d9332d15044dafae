import assert from "node:assert/strict";
import { type Subscribe, watchHead } from "./head_watch.ts";

type Handlers = Parameters<Subscribe>[0];

/** A subscription the test drives by hand, as the websocket would. */
function manualSubscription() {
  let handlers: Handlers | undefined;
  let subscriptionSignal: AbortSignal | undefined;
  let closed = false;
  const subscribe: Subscribe = (given, signal) => {
    handlers = given;
    subscriptionSignal = signal;
    const done = new Promise<void>((resolve) =>
      signal.addEventListener("abort", () => {
        closed = true;
        resolve();
      })
    );
    return { connected: () => false, closed: done };
  };
  return {
    subscribe,
    handlers: () => handlers!,
    aborted: () => subscriptionSignal?.aborted ?? false,
    closed: () => closed,
  };
}

/** Which comes first: the wait, or a long grace period that only a stuck wait reaches. */
async function firstOf(wait: Promise<void>, graceMs: number): Promise<"woken" | "still waiting"> {
  let timer: number | undefined;
  const grace = new Promise<"still waiting">((resolve) => {
    timer = setTimeout(() => resolve("still waiting"), graceMs);
  });
  try {
    return await Promise.race([wait.then(() => "woken" as const), grace]);
  } finally {
    clearTimeout(timer);
  }
}

const HOUR = 3_600_000;

Deno.test("an announced block above the checkpoint ends the wait at once", async () => {
  const subscription = manualSubscription();
  const stop = new AbortController();
  const watch = watchHead({
    subscribe: subscription.subscribe,
    pollIntervalMs: HOUR,
    checkpoint: () => 10,
  }, stop.signal);
  const waiting = watch.wait(HOUR, stop.signal);
  subscription.handlers().onBlock(11);
  assert.equal(await firstOf(waiting, 5_000), "woken");
  stop.abort();
  await watch.close();
});

Deno.test("a block at or below the checkpoint is no reason to look again", async () => {
  const subscription = manualSubscription();
  const stop = new AbortController();
  const watch = watchHead({
    subscribe: subscription.subscribe,
    pollIntervalMs: HOUR,
    checkpoint: () => 10,
  }, stop.signal);
  const waiting = watch.wait(HOUR, stop.signal);
  subscription.handlers().onBlock(10);
  assert.equal(await firstOf(waiting, 200), "still waiting");
  stop.abort();
  await waiting;
  await watch.close();
});

Deno.test("the websocket going up or down ends the wait, so missed blocks are looked for", async () => {
  const subscription = manualSubscription();
  const stop = new AbortController();
  const changes: boolean[] = [];
  const watch = watchHead({
    subscribe: subscription.subscribe,
    pollIntervalMs: HOUR,
    checkpoint: () => 10,
    onConnectionChange: (up) => changes.push(up),
  }, stop.signal);
  for (const up of [true, false]) {
    const waiting = watch.wait(HOUR, stop.signal);
    subscription.handlers().onConnectionChange(up);
    assert.equal(await firstOf(waiting, 5_000), "woken");
  }
  assert.deepEqual(changes, [true, false]);
  stop.abort();
  await watch.close();
});

Deno.test("without a subscription the wait is the poll interval, bounded by the caller", async () => {
  const stop = new AbortController();
  const polling = watchHead({ pollIntervalMs: 10, checkpoint: () => 0 }, stop.signal);
  assert.equal(await firstOf(polling.wait(HOUR, stop.signal), 5_000), "woken");
  const bounded = watchHead({ pollIntervalMs: HOUR, checkpoint: () => 0 }, stop.signal);
  assert.equal(await firstOf(bounded.wait(10, stop.signal), 5_000), "woken");
  await polling.close();
  await bounded.close();
});

Deno.test("closing ends the subscription and waits for it to close", async () => {
  const subscription = manualSubscription();
  const watch = watchHead({
    subscribe: subscription.subscribe,
    pollIntervalMs: HOUR,
    checkpoint: () => 0,
  }, new AbortController().signal);
  assert.equal(subscription.aborted(), false);
  await watch.close();
  assert.equal(subscription.aborted(), true);
  assert.equal(subscription.closed(), true);
});
