import assert from "node:assert/strict";
import { silentLogger } from "../shared/log.ts";
import { Registry } from "../shared/metrics.ts";
import { createTestDatabase } from "../shared/testing/database.ts";
import { createCycleRetry } from "./cycle_retry.ts";
import { createKvRetryScheduler } from "./kv_retry.ts";
import { createSyncMetrics } from "./metrics.ts";
import { createSyncStore } from "./store.ts";

const schedule = { baseMs: 1_000, maxMs: 8_000, deadLetterAfter: 3 };

async function setUp() {
  const db = await createTestDatabase();
  const store = createSyncStore({ sql: db.sql });
  await store.loadCheckpoint(0);
  const kv = await Deno.openKv(":memory:");
  const retries = createKvRetryScheduler(kv);
  const metrics = createSyncMetrics(new Registry());
  const cycleRetry = () =>
    createCycleRetry({ retries, store, schedule, metrics, logger: silentLogger });
  const syncState = async () => {
    const [row] = await db.sql<
      { retry_failures: number; next_retry_at: Date | null; error_count: number }[]
    >`SELECT retry_failures, next_retry_at, error_count FROM sync_state`;
    return row;
  };
  return {
    retries,
    metrics,
    cycleRetry,
    syncState,
    async [Symbol.asyncDispose]() {
      retries.close();
      await db.drop();
    },
  };
}

Deno.test("failed cycles count up, back off and are dead-lettered when the schedule ends", async () => {
  await using t = await setUp();
  const cycles = t.cycleRetry();
  const first = await cycles.failed(new Error("upstream down"));
  assert.equal(first.retry.failures, 1);
  assert.equal(first.exhausted, false);
  assert.equal(first.message, "upstream down");
  assert.ok(first.delayMs >= 100 && first.delayMs <= 1_000, `delay ${first.delayMs}`);
  assert.equal((await t.syncState()).retry_failures, 1);
  assert.equal((await t.retries.scheduled())?.failures, 1);
  assert.equal(await t.retries.currentDeadLetter(), null);

  await cycles.failed(new Error("upstream down"));
  const third = await cycles.failed(new Error("upstream still down"));
  assert.equal(third.exhausted, true);
  assert.ok(third.delayMs <= schedule.maxMs);
  assert.equal((await t.retries.currentDeadLetter())?.error, "upstream still down");
  assert.equal(t.metrics.deadLetters.get(), 1);
  const state = await t.syncState();
  assert.equal(state.retry_failures, 3);
  assert.equal(state.error_count, 3);
  assert.ok(state.next_retry_at instanceof Date);
});

Deno.test("a cycle that works clears the schedule, the dead letter and sync_state", async () => {
  await using t = await setUp();
  const cycles = t.cycleRetry();
  assert.equal(await cycles.recovered(), false);
  for (let i = 0; i < schedule.deadLetterAfter; i++) await cycles.failed(new Error("down"));
  assert.equal(await cycles.recovered(), true);
  assert.equal(await t.retries.scheduled(), null);
  assert.equal(await t.retries.currentDeadLetter(), null);
  const state = await t.syncState();
  assert.equal(state.retry_failures, 0);
  assert.equal(state.next_retry_at, null);
  assert.equal(await cycles.recovered(), false);
});

Deno.test("a restarted synchronizer resumes the schedule where it stood", async () => {
  await using t = await setUp();
  assert.equal(await t.cycleRetry().resume(), null);
  const before = t.cycleRetry();
  await before.failed(new Error("down"));
  const second = await before.failed(new Error("still down"));

  const after = t.cycleRetry();
  const resumed = await after.resume();
  assert.ok(resumed);
  assert.equal(resumed.retry.failures, 2);
  assert.equal(resumed.error, "still down");
  assert.ok(resumed.waitMs <= second.delayMs, `waits ${resumed.waitMs} of ${second.delayMs}`);
  // The count goes on from the resumed schedule: the next failure is the third.
  assert.equal((await after.failed(new Error("down"))).exhausted, true);
});
