import assert from "node:assert/strict";
import { MAX_ELEMENTS_MESSAGE, startDevnet } from "./mod.ts";
import { postQuery } from "./testing.ts";
import type { Transaction } from "./types.ts";

type Txs = { getTransactions: Transaction[] | null };

const TX_FIELDS = `hash index block_height success
  messages { typeUrl value { __typename ... on MsgCall { pkg_path func } } }
  response { events { __typename ... on GnoEvent { type pkg_path attrs { key value } }
    ... on UnknownEvent { value } } }`;

Deno.test("where filters follow tx-indexer semantics", async (t) => {
  const devnet = await startDevnet({ seed: "filters", blocks: 60 });
  const query = async (where: string, order = "ASC") =>
    (await postQuery<Txs>(
      devnet.graphqlUrl,
      `{ getTransactions(where: ${where}, order: { heightAndIndex: ${order} }) { ${TX_FIELDS} } }`,
    )).body.data!.getTransactions!;
  const all = await query("{}");
  try {
    await t.step("an empty filter returns every transaction in height and index order", () => {
      const expected = Array.from({ length: 61 }, (_, h) => devnet.block(h).transactions)
        .flat().map((tx) => tx.hash);
      assert.deepEqual(all.map((tx) => tx.hash), expected);
    });

    await t.step("DESC order reverses height and index", async () => {
      const desc = await query("{}", "DESC");
      assert.deepEqual(desc.map((tx) => tx.hash), all.map((tx) => tx.hash).reverse());
    });

    await t.step("gt and lt are exclusive bounds", async () => {
      const txs = await query("{ block_height: { gt: 10, lt: 13 } }");
      assert.ok(txs.length > 0);
      assert.deepEqual(
        [...new Set(txs.map((tx) => tx.block_height))],
        [11, 12].filter((h) => devnet.block(h).transactions.length > 0),
      );
    });

    await t.step("_or takes either side and _not excludes", async () => {
      const or = await query("{ _or: [{ block_height: { eq: 5 } }, { block_height: { eq: 7 } }] }");
      assert.deepEqual(
        or.map((tx) => tx.hash),
        all.filter((tx) => tx.block_height === 5 || tx.block_height === 7).map((tx) => tx.hash),
      );
      const not = await query("{ block_height: { lt: 50 }, _not: { success: { eq: true } } }");
      assert.ok(not.length > 0);
      assert.ok(not.every((tx) => !tx.success && tx.block_height < 50));
    });

    await t.step("a filter on a list field matches when any element matches", async () => {
      const txs = await query(
        `{ response: { events: { GnoEvent: { attrs: { key: { eq: "token" } } } } } }`,
      );
      const hasTokenAttr = (tx: Transaction) =>
        (tx.response.events ?? []).some((e) =>
          e.__typename === "GnoEvent" && (e.attrs ?? []).some((a) => a.key === "token")
        );
      assert.ok(txs.length > 0);
      assert.deepEqual(txs.map((tx) => tx.hash), all.filter(hasTokenAttr).map((tx) => tx.hash));
    });

    await t.step("a union member filter only matches objects of that member type", async () => {
      const txs = await query(
        `{ response: { events: { UnknownEvent: { value: { exists: true } } } } }`,
      );
      const hasUnknown = (tx: Transaction) =>
        (tx.response.events ?? []).some((e) => e.__typename === "UnknownEvent");
      assert.ok(txs.length > 0);
      assert.deepEqual(txs.map((tx) => tx.hash), all.filter(hasUnknown).map((tx) => tx.hash));
    });

    await t.step("like is a regular expression and nested message filters work", async () => {
      const txs = await query(
        `{ messages: { value: { MsgCall: { pkg_path: { like: "gnoswap/v1/test_token/ba[rz]$" } } } } }`,
      );
      assert.ok(txs.length > 0);
      for (const tx of txs) {
        assert.ok(
          tx.messages.some((m) =>
            m.value.__typename === "MsgCall" && /test_token\/ba[rz]$/.test(m.value.pkg_path)
          ),
        );
      }
    });

    await t.step("an exact hash is found directly", async () => {
      const target = all[all.length - 3];
      const txs = await query(`{ hash: { eq: "${target.hash}" } }`);
      assert.deepEqual(txs.map((tx) => tx.hash), [target.hash]);
    });

    await t.step("union members that were not selected come back as {}", async () => {
      const result = await postQuery<Txs>(
        devnet.graphqlUrl,
        `{ getTransactions(where: { block_height: { lt: 40 } }) {
            response { events { ... on UnknownEvent { value } } } } }`,
      );
      const events = result.body.data!.getTransactions!.flatMap((tx) => tx.response.events ?? []);
      assert.ok(events.some((e) => Object.keys(e).length === 0));
      assert.ok(events.some((e) => "value" in e));
    });

    await t.step("latestBlockHeight and getBlocks agree with the chain", async () => {
      const result = await postQuery<
        { latestBlockHeight: number; getBlocks: { height: number }[] }
      >(
        devnet.graphqlUrl,
        `{ latestBlockHeight getBlocks(where: { height: { gt: 57 } }, order: { height: DESC }) { height } }`,
      );
      assert.equal(result.body.data!.latestBlockHeight, 60);
      assert.deepEqual(result.body.data!.getBlocks.map((b) => b.height), [60, 59, 58]);
    });

    await t.step("an invalid query answers 422 with the validation error", async () => {
      const result = await postQuery(
        devnet.graphqlUrl,
        `{ getBlocks(where: { height: { gte: 1 } }) { height } }`,
      );
      assert.equal(result.status, 422);
      assert.match(result.body.errors![0].message, /gte/);
    });
  } finally {
    await devnet.close();
  }
});

Deno.test("past 10,000 elements a query returns the first 10,000 and the error", async () => {
  const devnet = await startDevnet({
    seed: "cap",
    blocks: 40,
    txsPerBlock: { min: 0, max: 1 },
    dense: { every: 20, length: 2, txs: 6000 },
  });
  try {
    const result = await postQuery<{ getTransactions: { block_height: number; index: number }[] }>(
      devnet.graphqlUrl,
      `{ getTransactions(where: { block_height: { gt: 0, lt: 30 } }) { block_height index } }`,
    );
    assert.equal(result.status, 200);
    const txs = result.body.data!.getTransactions;
    assert.equal(txs.length, 10_000);
    assert.deepEqual(result.body.errors!.map((e) => e.message), [MAX_ELEMENTS_MESSAGE]);
    assert.deepEqual(result.body.errors![0].path, ["getTransactions"]);
    const last = txs[txs.length - 1];
    assert.equal(last.block_height, 21);
    const beforeDense = txs.filter((tx) => tx.block_height < 20).length;
    assert.equal(last.index, 10_000 - beforeDense - 6000 - 1);

    const window = await postQuery<{ getTransactions: unknown[] }>(
      devnet.graphqlUrl,
      `{ getTransactions(where: { block_height: { gt: 19, lt: 21 } }) { index } }`,
    );
    assert.equal(window.body.data!.getTransactions.length, 6000);
    assert.equal(window.body.errors, undefined);
  } finally {
    await devnet.close();
  }
});
