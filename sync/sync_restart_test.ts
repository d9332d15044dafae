import assert from "node:assert/strict";
import { createHarness, drainQueue, truthKeys, until, wireKey } from "./test_harness.ts";

Deno.test("a synchronizer stopped in the middle resumes without losing an event", async () => {
  await using h = await createHarness({ seed: "restart", blocks: 150 });
  const first = await h.start({ windowBlocks: 5, concurrency: 2 });
  await until(() => first.sync.state().checkpoint >= 40, "some progress");
  await first.stop();
  const stoppedAt = first.sync.state().checkpoint;
  assert.ok(stoppedAt < h.devnet.head(), "stopped before the head");

  const second = await h.start();
  await until(() => second.sync.state().checkpoint === h.devnet.head(), "the head after restart");
  const published = new Set((await drainQueue(h.queue)).events.map(wireKey));
  assert.deepEqual([...published].sort(), truthKeys(h.devnet, 0, h.devnet.head()).sort());
});

Deno.test("blocks missing below the checkpoint are backfilled and their events republished", async () => {
  await using h = await createHarness({ seed: "holes", blocks: 80 });
  const first = await h.start();
  await until(() => first.sync.state().checkpoint === h.devnet.head(), "the head");
  await first.stop();
  await drainQueue(h.queue);
  await h.db.sql`DELETE FROM transactions WHERE block_height BETWEEN 20 AND 29`;
  await h.db.sql`DELETE FROM blocks WHERE height BETWEEN 20 AND 29`;

  const second = await h.start();
  await until(async () => {
    const [row] = await h.db.sql`SELECT count(*)::int AS n FROM blocks`;
    return row.n === h.devnet.head() + 1;
  }, "the missing blocks stored again");
  await until(() => second.sync.state().status === "caught_up", "caught up");
  const published = new Set((await drainQueue(h.queue)).events.map(wireKey));
  assert.deepEqual([...published].sort(), truthKeys(h.devnet, 20, 29).sort());
});

Deno.test("a synchronizer restarted in a backoff resumes its retry schedule", async () => {
  await using h = await createHarness({ seed: "resume-retries", blocks: 20 });
  const kvPath = `${await Deno.makeTempDir()}/retries.kv`;
  const retrySchedule = { baseMs: 400, maxMs: 2_000, deadLetterAfter: 50 };
  // An upstream that is down: every cycle fails and the schedule grows.
  const down = await h.start({ urls: ["http://127.0.0.1:9"], kvPath, retrySchedule });
  await until(() => (down.sync.state().retry?.failures ?? 0) >= 2, "two failed cycles");
  await down.stop();
  const saved = down.sync.state().retry!;
  const [row] = await h.db.sql`SELECT retry_failures, next_retry_at FROM sync_state`;
  assert.equal(row.retry_failures, saved.failures, "the schedule shows on sync_state");
  assert.equal(row.next_retry_at.toISOString(), saved.nextAttemptAt);

  // Restarted against a healthy upstream, it waits out the saved backoff, then recovers.
  const up = await h.start({ kvPath, retrySchedule });
  await until(() => up.sync.state().retry !== null, "the schedule resumed");
  assert.equal(up.sync.state().retry!.failures, saved.failures, "failures are not counted anew");
  await until(() => up.sync.state().checkpoint === h.devnet.head(), "the head");
  assert.ok(Date.now() >= Date.parse(saved.nextAttemptAt), "not before the saved attempt");
  // The schedule is cleared once the cycle that reached the head ends.
  await until(() => up.sync.state().retry === null, "the schedule cleared");
  const [healed] = await h.db.sql`SELECT retry_failures, next_retry_at FROM sync_state`;
  assert.deepEqual({ ...healed }, { retry_failures: 0, next_retry_at: null });
});
