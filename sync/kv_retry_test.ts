import assert from "node:assert/strict";
import { sleep } from "../shared/shutdown.ts";
import { createKvRetryScheduler } from "./kv_retry.ts";

Deno.test("a scheduled retry comes due through the KV queue", async () => {
  const scheduler = createKvRetryScheduler(await Deno.openKv(":memory:"));
  try {
    let due = false;
    const waiting = scheduler.wait(30, new AbortController().signal).then(() => (due = true));
    assert.equal(due, false);
    await waiting;
    assert.equal(due, true);
  } finally {
    scheduler.close();
  }
});

Deno.test("an abort ends the wait for a retry", async () => {
  const scheduler = createKvRetryScheduler(await Deno.openKv(":memory:"));
  try {
    const controller = new AbortController();
    const waiting = scheduler.wait(60_000, controller.signal).then(() => "ended early");
    controller.abort();
    const bound = new AbortController();
    const timer = sleep(1_000, bound.signal).then(() => "still waiting");
    const first = await Promise.race([waiting, timer]);
    bound.abort();
    assert.equal(first, "ended early");
  } finally {
    scheduler.close();
  }
});

Deno.test("a dead letter is kept until cleared", async () => {
  const scheduler = createKvRetryScheduler(await Deno.openKv(":memory:"));
  try {
    await scheduler.deadLetter({
      error: "Upstream down",
      failures: 10,
      at: "2025-01-01T00:00:00Z",
    });
    assert.equal((await scheduler.currentDeadLetter())?.error, "Upstream down");
    await scheduler.clearDeadLetter();
    assert.equal(await scheduler.currentDeadLetter(), null);
  } finally {
    scheduler.close();
  }
});
