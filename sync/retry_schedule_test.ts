import assert from "node:assert/strict";
import { DEFAULT_RETRY_SCHEDULE, nextRetry } from "./retry_schedule.ts";

const schedule = { baseMs: 100, maxMs: 5_000, deadLetterAfter: 4 };

Deno.test("the delay ceiling doubles with each failure", () => {
  const highest = (failures: number) => nextRetry(failures, schedule, () => 1).delayMs;
  assert.deepEqual([1, 2, 3, 4].map(highest), [100, 200, 400, 800]);
});

Deno.test("the delay never exceeds the cap, however many failures", () => {
  assert.equal(nextRetry(50, schedule, () => 1).delayMs, 5_000);
  assert.equal(nextRetry(1_000, schedule, () => 0.999).delayMs <= 5_000, true);
});

Deno.test("jitter spreads delays but keeps a floor of a tenth of the ceiling", () => {
  assert.equal(nextRetry(3, schedule, () => 0).delayMs, 40);
  assert.equal(nextRetry(3, schedule, () => 0.5).delayMs, 200);
});

Deno.test("the failure that exhausts the schedule, and only that one, is dead-lettered", () => {
  const flags = [1, 2, 3, 4, 5, 6].map((n) => nextRetry(n, schedule).deadLetter);
  assert.deepEqual(flags, [false, false, false, true, false, false]);
});

Deno.test("the default schedule retries within a minute of an upstream coming back", () => {
  assert.equal(nextRetry(1_000, DEFAULT_RETRY_SCHEDULE, () => 1).delayMs < 60_000, true);
});
