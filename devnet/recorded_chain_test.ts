import assert from "node:assert/strict";
import { startDevnet } from "./mod.ts";
import type { RecordedChainData } from "./recorded_chain.ts";
import { openSocket, postQuery, until } from "./testing.ts";

const load = (path: string) =>
  JSON.parse(
    Deno.readTextFileSync(new URL(`./recorded/${path}`, import.meta.url)),
  ) as RecordedChainData;

type Heights = { getBlocks: { height: number; hash: string }[] | null };

Deno.test("a recorded chain can start below its head and be followed live", async () => {
  const chain = load("chain.json");
  const devnet = await startDevnet({ recorded: chain, head: 100 });
  const tx103 = chain.transactions.find((tx) => tx.block_height === 103)!;
  const byHash = `{ getTransactions(where: { hash: { eq: "${tx103.hash}" } }) { block_height } }`;
  try {
    assert.equal(devnet.head(), 100);
    const early = await postQuery<Heights>(
      devnet.graphqlUrl,
      "{ latestBlockHeight getBlocks(where: { height: { gt: 98 } }) { height hash } }",
    );
    assert.deepEqual(early.body.data, {
      latestBlockHeight: 100,
      getBlocks: [99, 100].map((h) => ({ height: h, hash: chain.blocks[h].hash })),
    });
    const hidden = await postQuery(devnet.graphqlUrl, byHash);
    assert.deepEqual(hidden.body, {
      errors: [{ message: "item not found in storage", path: ["getTransactions"] }],
      data: { getTransactions: null },
    });

    const client = await openSocket(devnet.wsUrl, "graphql-transport-ws");
    client.send({ type: "connection_init" });
    await client.next();
    client.send({
      id: "b",
      type: "subscribe",
      payload: { query: "subscription { getBlocks(where: {}) { height hash } }" },
    });
    await until(() => devnet.subscriptionCount() === 1);
    assert.equal(devnet.advance(3), 103);
    for (const h of [101, 102, 103]) {
      const message = await client.next();
      assert.deepEqual(message.payload, {
        data: { getBlocks: { height: h, hash: chain.blocks[h].hash } },
      });
    }
    await client.close();
    const found = await postQuery(devnet.graphqlUrl, byHash);
    assert.deepEqual(found.body, { data: { getTransactions: [{ block_height: 103 }] } });

    // It ends where the recording ends.
    assert.equal(devnet.advance(1000), 155);
    assert.equal(devnet.advance(), 155);
  } finally {
    await devnet.close();
  }
});

Deno.test("a recorded chain has faults but no truth and no reset", async () => {
  const devnet = await startDevnet({ recorded: load("chain.json") });
  try {
    devnet.hideBlock(83);
    const gap = await postQuery<Heights>(
      devnet.graphqlUrl,
      "{ getBlocks(where: { height: { gt: 81, lt: 85 } }) { height } }",
    );
    assert.deepEqual(gap.body.data!.getBlocks!.map((b) => b.height), [82, 84]);
    devnet.healBlock(83);
    assert.throws(() => devnet.truth(), /recorded chain/);
    assert.throws(() => devnet.balancesAt(10), /recorded chain/);
    assert.throws(() => devnet.reset(), /cannot be reset/);
    assert.deepEqual(devnet.accounts, []);
    const balances = await fetch(`${devnet.url}/_devnet/balances?height=10`);
    assert.equal(balances.status, 400);
    await balances.body?.cancel();
  } finally {
    await devnet.close();
  }
});

Deno.test("the gno master recording serves as a chain too", async () => {
  const chain = load("gno-master/chain.json");
  const devnet = await startDevnet({ recorded: chain });
  try {
    const result = await postQuery<
      { latestBlockHeight: number; getBlocks: { num_txs: number; total_txs: number }[] }
    >(
      devnet.graphqlUrl,
      "{ latestBlockHeight getBlocks(where: { height: { eq: 0 } }) { num_txs total_txs } }",
    );
    assert.deepEqual(result.body.data, {
      latestBlockHeight: 89,
      getBlocks: [{ num_txs: 319, total_txs: 319 }],
    });
    const all = await postQuery<{ getTransactions: unknown[] }>(
      devnet.graphqlUrl,
      "{ getTransactions(where: {}) { hash } }",
    );
    assert.equal(all.body.data!.getTransactions.length, 365);
  } finally {
    await devnet.close();
  }
});

Deno.test("a recorded chain with a gap or a bad head is refused", async () => {
  const chain = load("chain.json");
  const gap = { ...chain, blocks: chain.blocks.filter((b) => b.height !== 7) };
  await assert.rejects(async () => await startDevnet({ recorded: gap }), /block 7 is missing/);
  await assert.rejects(
    async () => await startDevnet({ recorded: chain, head: 156 }),
    /outside 0..155/,
  );
});
