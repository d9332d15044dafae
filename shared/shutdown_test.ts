import assert from "node:assert/strict";
import { silentLogger } from "./log.ts";
import { createShutdown, sleep } from "./shutdown.ts";

Deno.test("triggering aborts the signal and runs cleanups in reverse order", async () => {
  const shutdown = createShutdown({ logger: silentLogger, listen: false });
  const order: string[] = [];
  shutdown.onShutdown(() => order.push("pool"));
  shutdown.onShutdown(async () => {
    await sleep(5);
    order.push("server");
  });
  assert.equal(shutdown.signal.aborted, false);
  await shutdown.trigger("test");
  await shutdown.done;
  assert.equal(shutdown.signal.aborted, true);
  assert.deepEqual(order, ["server", "pool"]);
});

Deno.test("a failing cleanup does not stop the others", async () => {
  const shutdown = createShutdown({ logger: silentLogger, listen: false });
  let closed = false;
  shutdown.onShutdown(() => (closed = true));
  shutdown.onShutdown(() => {
    throw new Error("boom");
  });
  await shutdown.trigger("test");
  assert.equal(closed, true);
});

Deno.test("sleep ends early when the signal aborts", async () => {
  const controller = new AbortController();
  const pending = sleep(60_000, controller.signal).then(() => "ended early");
  controller.abort();
  // A minute's sleep that ends before a second's has ended on the abort (and, by the test's
  // sanitizers, left no timer behind).
  const bound = new AbortController();
  const first = await Promise.race([
    pending,
    sleep(1_000, bound.signal).then(() => "still sleeping"),
  ]);
  bound.abort();
  assert.equal(first, "ended early");
});

Deno.test("a cleanup registered after the shutdown ran is run at once", async () => {
  const shutdown = createShutdown({ logger: silentLogger, listen: false });
  await shutdown.trigger("a signal during start-up");
  let closed = false;
  shutdown.onShutdown(() => (closed = true));
  await sleep(0);
  assert.equal(closed, true);
});
