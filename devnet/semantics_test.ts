/**
 * tx-indexer's scan and cap semantics on generated chains (the same executor serves recorded
 * ones; recorded_test.ts checks it against the real answers). getTransactions caps are not in
 * capped.jsonl (the fast chain had only 264 transactions), so they are covered here.
 */
import assert from "node:assert/strict";
import { MAX_ELEMENTS_MESSAGE, startDevnet } from "./mod.ts";
import { timeNanos } from "./filter.ts";
import { postQuery } from "./testing.ts";

const CAPPED = (path: string) => ({ message: MAX_ELEMENTS_MESSAGE, path: [path] });

Deno.test("a lower bound of -1 reads nothing, on every path", async () => {
  for (const cachedItems of [0, 100_000]) {
    const devnet = await startDevnet({ seed: "minus-one", blocks: 20, cachedItems });
    try {
      const result = await postQuery(
        devnet.graphqlUrl,
        `query ($after: Int!, $before: Int!) {
          getBlocks(where: { height: { gt: $after, lt: $before } }, order: { height: ASC }) { height }
          getTransactions(where: { block_height: { gt: $after, lt: $before } }) { hash } }`,
        { after: -1, before: 5 },
      );
      assert.deepEqual(result.body, { data: { getBlocks: null, getTransactions: null } });
      const fromZero = await postQuery<{ getBlocks: { height: number }[] }>(
        devnet.graphqlUrl,
        "{ getBlocks(where: { height: { lt: 5 } }) { height } }",
      );
      assert.deepEqual(fromZero.body.data!.getBlocks.map((b) => b.height), [0, 1, 2, 3, 4]);
    } finally {
      await devnet.close();
    }
  }
});

Deno.test("block caps: 10,000 returned elements, then the error, per alias", async () => {
  const devnet = await startDevnet({
    seed: "block-cap",
    blocks: 12_000,
    txsPerBlock: { min: 0, max: 0 },
  });
  type Blocks = Record<string, { height: number }[] | null>;
  const query = async (q: string) => (await postQuery<Blocks>(devnet.graphqlUrl, q)).body;
  const heights = (list: { height: number }[] | null | undefined) =>
    list ? [list.length, list[0].height, list[list.length - 1].height] : null;
  try {
    const exactly = await query("{ getBlocks(where: { height: { lt: 10000 } }) { height } }");
    assert.deepEqual(heights(exactly.data!.getBlocks), [10_000, 0, 9_999]);
    assert.deepEqual(exactly.errors, [CAPPED("getBlocks")]);
    const below = await query("{ getBlocks(where: { height: { lt: 9999 } }) { height } }");
    assert.equal(below.errors, undefined);
    const desc = await query("{ getBlocks(where: {}, order: { height: DESC }) { height } }");
    assert.deepEqual(heights(desc.data!.getBlocks), [10_000, 12_000, 2_001]);
    const aliases = await query(
      "{ a: getBlocks(where: { height: { lt: 10005 } }) { height } b: getBlocks(where: { height: { gt: 1000 } }) { height } }",
    );
    assert.deepEqual(heights(aliases.data!.a), [10_000, 0, 9_999]);
    assert.deepEqual(heights(aliases.data!.b), [10_000, 1_001, 11_000]);
    assert.deepEqual(aliases.errors, [CAPPED("a"), CAPPED("b")]);
    // Matches are counted, not blocks read: 12,001 blocks read, a few returned, no error.
    const scanned = await query("{ getBlocks(where: { num_txs: { gt: 0 } }) { height } }");
    const expected = [...Array(12_001).keys()].filter((h) => devnet.block(h).block.num_txs > 0);
    assert.ok(expected.length < 10_000);
    assert.deepEqual(scanned, { data: { getBlocks: expected.map((height) => ({ height })) } });
  } finally {
    await devnet.close();
  }
});

Deno.test("transaction caps and the cursor query's index bound", async () => {
  const devnet = await startDevnet({
    seed: "tx-cap",
    blocks: 15,
    txsPerBlock: { min: 2, max: 2 },
    dense: { every: 10, length: 2, txs: 5000 },
  });
  type Txs = Record<string, { block_height: number; index: number }[] | null>;
  const query = async (q: string, variables?: Record<string, unknown>) =>
    (await postQuery<Txs>(devnet.graphqlUrl, q, variables)).body;
  try {
    // Heights 10 and 11 hold 5,000 each: exactly 10,000 from 10 to 11.
    const exactly = await query(
      "{ t: getTransactions(where: { block_height: { gt: 9, lt: 12 } }) { block_height index } }",
    );
    assert.equal(exactly.data!.t!.length, 10_000);
    assert.deepEqual(exactly.errors, [CAPPED("t")]);
    const desc = await query(
      `{ getTransactions(where: { block_height: { gt: 0 } }, order: { heightAndIndex: DESC }) {
        block_height index } }`,
    );
    const last = desc.data!.getTransactions!.at(-1)!;
    assert.deepEqual(desc.errors, [CAPPED("getTransactions")]);
    assert.equal(desc.data!.getTransactions![0].block_height, 15);
    assert.equal(last.block_height, 10);

    // The product's cursor query after a page capped at (10, 4999): the index bound of the
    // second _or branch applies at every height, so of heights 11..15 only the index 4999 of
    // height 11 comes back (the first branch accepts it); the other 5,008 are skipped.
    const cursor = await query(
      `query ($cursorHeight: Int!, $cursorIndex: Int!, $before: Int!) {
        getTransactions(where: { block_height: { lt: $before }
          _or: [{ block_height: { gt: $cursorHeight } },
                { block_height: { eq: $cursorHeight }, index: { gt: $cursorIndex } }] }
        ) { block_height index } }`,
      { cursorHeight: 10, cursorIndex: 4999, before: 16 },
    );
    assert.deepEqual(cursor, { data: { getTransactions: [{ block_height: 11, index: 4999 }] } });
    const lower = await query(
      `{ getTransactions(where: { block_height: { lt: 16 }
          _or: [{ block_height: { gt: 11 } }, { block_height: { eq: 11 }, index: { gt: 1 } }] }
        ) { block_height index } }`,
    );
    const txs = lower.data!.getTransactions!;
    assert.equal(lower.errors, undefined);
    assert.ok(txs.every((tx) => tx.index >= 1), "index 0 is skipped at every height");
    const expected = [12, 13, 14, 15].flatMap((h) =>
      devnet.block(h).transactions.filter((tx) => tx.index >= 1).map((tx) => [h, tx.index])
    );
    assert.ok(expected.length > 0);
    assert.deepEqual(
      txs.filter((tx) => tx.block_height > 11).map((tx) => [tx.block_height, tx.index]),
      expected,
    );
  } finally {
    await devnet.close();
  }
});

Deno.test("deprecated blocks stop at the server's clock unless to_time is given", async () => {
  const genesis = Date.UTC(2030, 0, 1);
  const devnet = await startDevnet({
    seed: "clock",
    blocks: 10,
    genesisTimeMs: genesis,
    blockTimeMs: 1000,
    now: () => genesis + 4500,
  });
  const before = (h: number) =>
    timeNanos(devnet.block(h).block.time)! < BigInt(genesis + 4500) * 1_000_000n;
  const all = [...Array(11).keys()];
  type Blocks = { blocks: { height: number }[] | null };
  const heights = async (filter: string) =>
    (await postQuery<Blocks>(devnet.graphqlUrl, `{ blocks(filter: ${filter}) { height } }`))
      .body.data!.blocks?.map((b) => b.height) ?? null;
  try {
    const past = all.filter(before);
    assert.ok(past.length >= 3 && past.length < 11);
    assert.deepEqual(await heights("{}"), past);
    assert.deepEqual(await heights("{ from_height: 2, to_height: 7 }"), past.filter((h) => h >= 2));
    assert.deepEqual(await heights('{ to_time: "2031-01-01T00:00:00Z" }'), all);
    assert.deepEqual(await heights("{ from_height: 6 }"), null);
  } finally {
    await devnet.close();
  }
});
