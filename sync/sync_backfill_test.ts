import assert from "node:assert/strict";
import { createHarness, drainQueue, truthKeys, until, wireKey } from "./test_harness.ts";

Deno.test("a full backfill publishes exactly the truth's events", async () => {
  await using h = await createHarness({ seed: "backfill", blocks: 120 });
  const run = await h.start();
  await until(() => run.sync.state().checkpoint === h.devnet.head(), "the checkpoint at the head");
  const { events, messages } = await drainQueue(h.queue);
  const published = events.map(wireKey);
  assert.equal(new Set(published).size, published.length, "no event is published twice");
  assert.deepEqual(published.sort(), truthKeys(h.devnet, 0, h.devnet.head()).sort());
  assert.ok(messages > 0);

  const [row] = await h.db.sql`SELECT last_height, status FROM sync_state WHERE component = 'sync'`;
  assert.equal(Number(row.last_height), h.devnet.head());
  assert.equal(row.status, "caught_up");
  const [blocks] = await h.db.sql`SELECT count(*)::int AS n FROM blocks`;
  assert.equal(blocks.n, h.devnet.head() + 1);

  const stored = await h.db.sql`
    SELECT block_height::int AS height, tx_index, hash, success FROM transactions
    ORDER BY block_height, tx_index`;
  const upstream = Array.from(
    { length: h.devnet.head() + 1 },
    (_, height) =>
      h.devnet.block(height).transactions.map((tx) => ({
        height,
        tx_index: tx.index,
        hash: tx.hash,
        success: tx.success,
      })),
  ).flat();
  assert.deepEqual(stored.map((row) => ({ ...row })), upstream);
  const [block] = await h.db.sql`SELECT hash, time, num_txs FROM blocks WHERE height = 7`;
  const expected = h.devnet.block(7).block;
  assert.equal(block.hash, expected.hash);
  assert.equal(block.time.getTime(), Date.parse(expected.time));
  assert.equal(block.num_txs, expected.num_txs);
});

for (const startHeight of [0, 1, 2]) {
  Deno.test(`indexing from height ${startHeight} publishes every event from there on`, async () => {
    await using h = await createHarness({ seed: `start-${startHeight}`, blocks: 30 });
    const run = await h.start({ startHeight });
    await until(() => run.sync.state().checkpoint === h.devnet.head(), "the head");
    const published = (await drainQueue(h.queue)).events.map(wireKey);
    assert.deepEqual(published.sort(), truthKeys(h.devnet, startHeight, h.devnet.head()).sort());
    const [lowest] = await h.db.sql`SELECT min(height)::int AS h FROM blocks`;
    assert.equal(lowest.h, startHeight);
    if (startHeight === 0) {
      assert.ok(published.some((key) => key.split("|")[1] === "0"), "genesis is indexed");
    }
  });
}
