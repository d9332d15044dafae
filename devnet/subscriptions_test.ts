import assert from "node:assert/strict";
import { startDevnet } from "./mod.ts";
import { openSocket, until } from "./testing.ts";

Deno.test("live mode delivers new blocks over graphql-transport-ws", async () => {
  const devnet = await startDevnet({ seed: "live", blocks: 5, liveIntervalMs: 20 });
  try {
    const client = await openSocket(devnet.wsUrl, "graphql-transport-ws");
    assert.equal(client.socket.protocol, "graphql-transport-ws");
    client.send({ type: "connection_init", payload: {} });
    assert.deepEqual(await client.next(), { type: "connection_ack" });
    client.send({
      id: "blocks",
      type: "subscribe",
      payload: { query: "subscription { getBlocks(where: {}) { height hash num_txs } }" },
    });
    const first = await client.next();
    const second = await client.next();
    assert.equal(first.type, "next");
    assert.equal(first.id, "blocks");
    const a = (first.payload as { data: { getBlocks: { height: number; hash: string } } }).data
      .getBlocks;
    const b = (second.payload as { data: { getBlocks: { height: number } } }).data.getBlocks;
    assert.equal(b.height, a.height + 1);
    assert.equal(a.hash, devnet.block(a.height).block.hash);
    assert.ok(devnet.visibleAt(a.height)! <= devnet.visibleAt(b.height)!);
    client.send({ id: "blocks", type: "complete" });
    client.send({ type: "ping" });
    let message = await client.next();
    while (message.type === "next") message = await client.next();
    assert.equal(message.type, "pong");
    await client.close();
  } finally {
    await devnet.close();
  }
});

Deno.test("getTransactions subscriptions apply their where filter", async () => {
  const devnet = await startDevnet({ seed: "tx-sub", blocks: 5, txsPerBlock: { min: 3, max: 3 } });
  try {
    const client = await openSocket(devnet.wsUrl, "graphql-transport-ws");
    client.send({ type: "connection_init" });
    await client.next();
    client.send({
      id: "t",
      type: "subscribe",
      payload: {
        query: `subscription ($i: Int!) {
          getTransactions(where: { index: { eq: $i } }) { block_height index hash } }`,
        variables: { i: 1 },
      },
    });
    await until(() => devnet.subscriptionCount() === 1);
    devnet.advance(2);
    const first = (await client.next()).payload as {
      data: { getTransactions: { block_height: number; index: number; hash: string } };
    };
    const second = (await client.next()).payload as {
      data: { getTransactions: { block_height: number; index: number } };
    };
    assert.deepEqual(
      [first.data.getTransactions.block_height, first.data.getTransactions.index],
      [6, 1],
    );
    assert.equal(first.data.getTransactions.hash, devnet.block(6).transactions[1].hash);
    assert.deepEqual(
      [second.data.getTransactions.block_height, second.data.getTransactions.index],
      [7, 1],
    );
    await client.close();
  } finally {
    await devnet.close();
  }
});

Deno.test("the legacy graphql-ws protocol delivers data messages", async () => {
  const devnet = await startDevnet({ seed: "legacy", blocks: 2 });
  try {
    const client = await openSocket(devnet.wsUrl, "graphql-ws");
    assert.equal(client.socket.protocol, "graphql-ws");
    client.send({ type: "connection_init", payload: {} });
    assert.equal((await client.next()).type, "connection_ack");
    assert.equal((await client.next()).type, "ka");
    client.send({
      id: "1",
      type: "start",
      payload: { query: "subscription { getBlocks(where: {}) { height } }" },
    });
    await until(() => devnet.subscriptionCount() === 1);
    devnet.advance(1);
    assert.deepEqual(await client.next(), {
      type: "data",
      id: "1",
      payload: { data: { getBlocks: { height: 3 } } },
    });
    client.send({ id: "1", type: "stop" });
    assert.deepEqual(await client.next(), { type: "complete", id: "1" });
    await client.close();
  } finally {
    await devnet.close();
  }
});

Deno.test("an invalid subscription gets an error message", async () => {
  const devnet = await startDevnet({ seed: "bad-sub", blocks: 2 });
  try {
    const client = await openSocket(devnet.wsUrl, "graphql-transport-ws");
    client.send({ type: "connection_init" });
    await client.next();
    client.send({
      id: "x",
      type: "subscribe",
      payload: { query: "subscription { getBlocks(where: {}) { nope } }" },
    });
    const message = await client.next();
    assert.equal(message.type, "error");
    assert.equal(message.id, "x");
    await client.close();
  } finally {
    await devnet.close();
  }
});
