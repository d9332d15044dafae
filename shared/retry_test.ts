import assert from "node:assert/strict";
import { backoffDelay, FatalError, isRetryable, retry, RetryableError } from "./retry.ts";

const noSleep = () => Promise.resolve();

Deno.test("backoff grows exponentially up to its cap", () => {
  const top = () => 1;
  assert.deepEqual(
    [0, 1, 2, 3, 10].map((a) => backoffDelay(a, { baseMs: 100, maxMs: 1000, random: top })),
    [100, 200, 400, 800, 1000],
  );
});

Deno.test("backoff jitter stays within zero and the ceiling", () => {
  for (let i = 0; i < 200; i++) {
    const delay = backoffDelay(4, { baseMs: 100, maxMs: 10_000 });
    assert.ok(delay >= 0 && delay <= 1600);
  }
});

Deno.test("transient failures are retried until success", async () => {
  const delays: number[] = [];
  const result = await retry(
    (attempt) => attempt < 4 ? Promise.reject(new RetryableError("503")) : Promise.resolve("ok"),
    { sleep: noSleep, random: () => 1, baseMs: 10, onRetry: (_e, _a, d) => delays.push(d) },
  );
  assert.equal(result, "ok");
  assert.deepEqual(delays, [10, 20, 40]);
});

Deno.test("a fatal error is not retried", async () => {
  let calls = 0;
  await assert.rejects(
    retry(() => {
      calls++;
      return Promise.reject(new FatalError("chain reset"));
    }, { sleep: noSleep }),
    FatalError,
  );
  assert.equal(calls, 1);
});

Deno.test("retries stop after the maximum attempts", async () => {
  let calls = 0;
  await assert.rejects(
    retry(() => {
      calls++;
      return Promise.reject(new Error("down"));
    }, { sleep: noSleep, maxAttempts: 3 }),
    /down/,
  );
  assert.equal(calls, 3);
});

Deno.test("PostgreSQL errors are classified by SQLSTATE", () => {
  const pg = (code: string) => Object.assign(new Error(code), { code });
  assert.equal(isRetryable(pg("40001")), true, "serialization failure");
  assert.equal(isRetryable(pg("40P01")), true, "deadlock");
  assert.equal(isRetryable(pg("08006")), true, "connection failure");
  assert.equal(isRetryable(pg("57P01")), true, "admin shutdown");
  assert.equal(isRetryable(pg("23505")), false, "unique violation");
  assert.equal(isRetryable(pg("42P01")), false, "undefined table");
  assert.equal(isRetryable(Object.assign(new Error("x"), { code: "ECONNREFUSED" })), true);
});

Deno.test("a caller's predicate decides which failures are retried", async () => {
  let calls = 0;
  await assert.rejects(
    retry(() => {
      calls++;
      return Promise.reject(new Error(calls === 1 ? "deadlock" : "network"));
    }, { sleep: noSleep, retryIf: (error) => (error as Error).message === "deadlock" }),
    /network/,
  );
  assert.equal(calls, 2);
});
