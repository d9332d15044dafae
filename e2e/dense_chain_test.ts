/**
 * A stretch of blocks far denser than the upstream's 10,000-element cap, indexed with every
 * default setting (1,000-block windows, two in flight): the synchronizer must cut windows at the
 * cap instead of retrying them whole, read a block beyond the cap by its index continuation,
 * and end exact, with the devnet answering like the real tx-indexer (devnet/scan.ts).
 */
import assert from "node:assert/strict";
import { startChaos } from "../chaos/harness.ts";

Deno.test("a chain denser than the cap is indexed exactly with the default settings", async () => {
  const chaos = await startChaos({
    // Heights 150..152 hold 9,500 transactions each: 28,500 in three blocks.
    devnet: { seed: "dense-e2e", blocks: 300, dense: { every: 150, length: 3, txs: 9_500 } },
    productDefaults: true,
  });
  try {
    const head = chaos.devnet.head();
    const tokenTxs = new Set(
      chaos.devnet.movementsBetween(0, head).map((m) => `${m.blockHeight}/${m.txIndex}`),
    );
    assert.ok(tokenTxs.size >= 26_000, `${tokenTxs.size} token-event transactions`);

    for (const kind of ["sync", "processor", "api"] as const) chaos.start(kind);
    await chaos.waitConsistent({ height: head, timeoutMs: 240_000 });
    const verified = await chaos.verify();
    assert.equal(verified.height, head);
    assert.equal(verified.events, chaos.devnet.truth(head).movements.length);

    const [stored] = await chaos.sql<{ txs: number; expected: number }[]>`
      SELECT (SELECT count(*) FROM transactions)::int AS txs,
        (SELECT sum(num_txs) FROM blocks)::int AS expected`;
    assert.equal(stored.txs, stored.expected);
    const metrics = await (await fetch(
      `http://127.0.0.1:${chaos.processes[0].env.SYNC_PORT}/metrics`,
    )).text();
    assert.match(metrics, /^sync_upstream_requests_total\{outcome="capped"\} [1-9]/m);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await chaos.logs(20)}`, { cause: error });
  } finally {
    await chaos.stopAll();
    await chaos.close();
  }
});
