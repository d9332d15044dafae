import assert from "node:assert/strict";
import { createTestDatabase } from "../testing/database.ts";
import { type ImmediateTimers, installImmediateGuard } from "./immediate_guard.ts";

/** Timers like Deno's under the race: clearing does not stop a picked immediate. */
function racyTimers() {
  const picked: Array<() => void> = [];
  const timers: ImmediateTimers = {
    setImmediate: (callback, ...args) => {
      const handle = { id: picked.length };
      picked.push(() => callback(...args));
      return handle;
    },
    clearImmediate: () => {},
  };
  return { timers, runPicked: () => picked.splice(0).forEach((run) => run()) };
}

Deno.test("a cleared immediate never runs its callback, even when the runtime still fires it", () => {
  const { timers, runPicked } = racyTimers();
  installImmediateGuard(timers);
  const ran: string[] = [];
  const cleared = timers.setImmediate(() => ran.push("cleared"));
  timers.setImmediate((a, b) => ran.push(`kept ${a} ${b}`), 1, 2);
  timers.clearImmediate(cleared);
  runPicked();
  assert.deepEqual(ran, ["kept 1 2"]);
});

Deno.test("installing the guard twice wraps the timers once", () => {
  const { timers } = racyTimers();
  installImmediateGuard(timers);
  const once = timers.setImmediate;
  installImmediateGuard(timers);
  assert.equal(timers.setImmediate, once);
});

Deno.test("createDatabase guards the global setImmediate that postgres.js writes through", async () => {
  await using db = await createTestDatabase({ migrate: false });
  const timers = globalThis as unknown as ImmediateTimers;
  const guarded = timers.setImmediate;
  let calls = 0;
  timers.setImmediate = (callback, ...args) => {
    calls++;
    return guarded(callback, ...args);
  };
  try {
    await db.sql`SELECT ${1}::int AS one`;
  } finally {
    timers.setImmediate = guarded;
  }
  assert.ok(calls > 0, "postgres.js did not call the global setImmediate");
  assert.ok(
    (globalThis as { [key: symbol]: unknown })[Symbol.for("grc20.immediateGuard")],
    "createDatabase did not install the guard",
  );
});
