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
