import assert from "node:assert/strict";
import { startDevnet } from "./mod.ts";
import { openSocket, postQuery, until } from "./testing.ts";

const HEIGHTS = `{ getBlocks(where: { height: { gt: 3, lt: 8 } }) { height } }`;
type Heights = { getBlocks: { height: number }[] };

Deno.test("server errors and rate limits answer at the configured rates", async () => {
  const devnet = await startDevnet({ seed: "errors", blocks: 5, faults: { serverErrorRate: 1 } });
  try {
    assert.equal((await postQuery(devnet.graphqlUrl, HEIGHTS)).status, 500);
    devnet.setFaults({ serverErrorRate: 0, rateLimitRate: 1 });
    const response = await fetch(devnet.graphqlUrl, {
      method: "POST",
      body: JSON.stringify({ query: HEIGHTS }),
    });
    await response.body?.cancel();
    assert.equal(response.status, 429);
    assert.equal(response.headers.get("retry-after"), "1");
    devnet.setFaults({ rateLimitRate: 0.5 });
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) statuses.add((await postQuery(devnet.graphqlUrl, HEIGHTS)).status);
    assert.deepEqual([...statuses].sort(), [200, 429]);
    devnet.setFaults({ rateLimitRate: 0 });
    assert.equal((await postQuery(devnet.graphqlUrl, HEIGHTS)).status, 200);
    const health = await fetch(`${devnet.url}/health`);
    assert.equal(health.status, 200);
    await health.body?.cancel();
  } finally {
    await devnet.close();
  }
});

Deno.test("invalid fault settings are refused", async () => {
  const devnet = await startDevnet({ seed: "bad-faults", blocks: 1 });
  try {
    assert.throws(() => devnet.setFaults({ serverErrorRate: 2 }), /within 0..1/);
    assert.equal(devnet.faults().serverErrorRate, 0);
  } finally {
    await devnet.close();
  }
});

Deno.test("added latency still answers correctly", async () => {
  const devnet = await startDevnet({ seed: "slow", blocks: 10, faults: { latencyMs: 30 } });
  try {
    const result = await postQuery<Heights>(devnet.graphqlUrl, HEIGHTS);
    assert.deepEqual(result.body.data!.getBlocks.map((b) => b.height), [4, 5, 6, 7]);
    assert.equal(devnet.faults().latencyMs, 30);
  } finally {
    await devnet.close();
  }
});

Deno.test("a missing block is skipped silently until healed", async () => {
  const devnet = await startDevnet({ seed: "gap", blocks: 10 });
  try {
    devnet.hideBlock(5);
    const gap = await postQuery<Heights & { latestBlockHeight: number }>(
      devnet.graphqlUrl,
      `{ latestBlockHeight getBlocks(where: { height: { gt: 3, lt: 8 } }) { height } }`,
    );
    assert.deepEqual(gap.body.data!.getBlocks.map((b) => b.height), [4, 6, 7]);
    assert.equal(gap.body.data!.latestBlockHeight, 10);
    assert.equal(gap.body.errors, undefined);
    const txs = await postQuery<{ getTransactions: unknown[] | null }>(
      devnet.graphqlUrl,
      `{ getTransactions(where: { block_height: { eq: 5 } }) { hash } }`,
    );
    // Nothing found is null, never [] (as tx-indexer answers).
    assert.equal(txs.body.data!.getTransactions, null);
    devnet.healBlock(5);
    const healed = await postQuery<Heights>(devnet.graphqlUrl, HEIGHTS);
    assert.deepEqual(healed.body.data!.getBlocks.map((b) => b.height), [4, 5, 6, 7]);
  } finally {
    await devnet.close();
  }
});

Deno.test("faults can be set over the control API of a child-process devnet", async () => {
  const devnet = await startDevnet({ seed: "control", blocks: 10 });
  try {
    const set = await fetch(`${devnet.url}/_devnet/faults`, {
      method: "POST",
      body: JSON.stringify({ missingHeights: [6] }),
    });
    assert.deepEqual((await set.json()).missingHeights, [6]);
    const result = await postQuery<Heights>(devnet.graphqlUrl, HEIGHTS);
    assert.deepEqual(result.body.data!.getBlocks.map((b) => b.height), [4, 5, 7]);
    const advanced = await fetch(`${devnet.url}/_devnet/advance`, {
      method: "POST",
      body: JSON.stringify({ count: 2 }),
    });
    assert.deepEqual(await advanced.json(), { head: 12 });
    const balances = await (await fetch(`${devnet.url}/_devnet/balances?height=12`)).json();
    assert.equal(balances.balances.length, devnet.balancesAt(12).size);
  } finally {
    await devnet.close();
  }
});

Deno.test("a dropped websocket closes the subscriber's connection", async () => {
  const devnet = await startDevnet({ seed: "drop", blocks: 3 });
  try {
    const client = await openSocket(devnet.wsUrl, "graphql-transport-ws");
    client.send({ type: "connection_init" });
    assert.equal((await client.next()).type, "connection_ack");
    assert.equal(devnet.dropWebsockets(), 1);
    const closed = await client.closed;
    assert.equal(closed.code, 1011);
  } finally {
    await devnet.close();
  }
});

Deno.test("a subscription can announce a block before queries see it", async () => {
  const devnet = await startDevnet({
    seed: "lead",
    blocks: 3,
    faults: { subscriptionLeadMs: 200 },
  });
  try {
    const client = await openSocket(devnet.wsUrl, "graphql-transport-ws");
    client.send({ type: "connection_init" });
    await client.next();
    client.send({
      id: "1",
      type: "subscribe",
      payload: { query: "subscription { getBlocks(where: {}) { height } }" },
    });
    await until(() => devnet.subscriptionCount() === 1);
    devnet.advance(1);
    const message = await client.next();
    assert.deepEqual(message.payload, { data: { getBlocks: { height: 4 } } });
    const early = await postQuery<{ latestBlockHeight: number }>(
      devnet.graphqlUrl,
      "{ latestBlockHeight }",
    );
    assert.equal(early.body.data!.latestBlockHeight, 3);
    await until(() => devnet.head() === 4);
    const later = await postQuery<{ latestBlockHeight: number }>(
      devnet.graphqlUrl,
      "{ latestBlockHeight }",
    );
    assert.equal(later.body.data!.latestBlockHeight, 4);
    assert.ok(devnet.visibleAt(4)! > 0);
    await client.close();
  } finally {
    await devnet.close();
  }
});
