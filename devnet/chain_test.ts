import assert from "node:assert/strict";
import { startDevnet } from "./mod.ts";
import { postQuery } from "./testing.ts";

const BLOCK_FIELDS = `hash height chain_id time num_txs total_txs last_block_hash app_hash
  proposer_address_raw txs { hash memo fee { gas_wanted gas_fee { amount denom } } }`;
const ALL = `{ getBlocks(where: {}) { ${BLOCK_FIELDS} }
  getTransactions(where: {}) { hash index block_height success gas_used memo content_raw
    messages { typeUrl route value { __typename ... on MsgCall { pkg_path func caller args }
      ... on BankMsgSend { from_address to_address amount } } }
    response { error events { __typename ... on GnoEvent { type pkg_path attrs { key value } }
      ... on StorageDepositEvent { bytes_delta fee_delta { amount denom } } } } } }`;

interface BlockRow {
  hash: string;
  height: number;
  num_txs: number;
  total_txs: number;
  last_block_hash: string;
  txs: { hash: string }[];
}

Deno.test("the same seed serves byte-identical responses", async () => {
  const first = await startDevnet({ seed: "same", blocks: 30 });
  const second = await startDevnet({ seed: "same", blocks: 30 });
  const other = await startDevnet({ seed: "other", blocks: 30 });
  try {
    const a = await postQuery(first.graphqlUrl, ALL);
    const b = await postQuery(second.graphqlUrl, ALL);
    const c = await postQuery(other.graphqlUrl, ALL);
    assert.equal(a.status, 200);
    assert.equal(a.text, b.text);
    assert.notEqual(a.text, c.text);
  } finally {
    await Promise.all([first.close(), second.close(), other.close()]);
  }
});

Deno.test("blocks link by hash and count their transactions", async () => {
  const devnet = await startDevnet({ seed: "links", blocks: 40 });
  try {
    const result = await postQuery<{ getBlocks: BlockRow[] }>(
      devnet.graphqlUrl,
      `{ getBlocks(where: {}) { hash height num_txs total_txs last_block_hash txs { hash } } }`,
    );
    const blocks = result.body.data!.getBlocks;
    assert.deepEqual(blocks.map((b) => b.height), Array.from({ length: 41 }, (_, h) => h));
    assert.equal(blocks[0].hash, "");
    assert.equal(blocks[1].last_block_hash, "");
    // As tx-indexer serves it: genesis counts its own txs, later blocks do not count them.
    assert.equal(blocks[0].total_txs, blocks[0].num_txs);
    let total = 0;
    for (const block of blocks) {
      if (block.height > 0) total += block.num_txs;
      assert.equal(block.num_txs, block.txs.length);
      if (block.height > 0) assert.equal(block.total_txs, total);
      if (block.height >= 1) {
        assert.match(block.hash, /^[A-Za-z0-9+/]{43}=$/);
        assert.equal(atob(block.hash).length, 32);
      }
      if (block.height >= 2) assert.equal(block.last_block_hash, blocks[block.height - 1].hash);
    }
    const txs = await postQuery<{ getTransactions: { hash: string; index: number }[] }>(
      devnet.graphqlUrl,
      `{ getTransactions(where: { block_height: { eq: 7 } }) { hash index } }`,
    );
    assert.deepEqual(
      txs.body.data!.getTransactions.map((tx) => [tx.index, tx.hash]),
      blocks[7].txs.map((tx, i) => [i, tx.hash]),
    );
  } finally {
    await devnet.close();
  }
});

Deno.test("a chain reset keeps the heights and changes every hash", async () => {
  const devnet = await startDevnet({ seed: "reset", blocks: 20 });
  const hashes = async () =>
    (await postQuery<{ getBlocks: { height: number; hash: string }[] }>(
      devnet.graphqlUrl,
      `{ getBlocks(where: { height: { gt: 0 } }) { height hash } }`,
    )).body.data!.getBlocks;
  try {
    const before = await hashes();
    devnet.reset();
    const after = await hashes();
    assert.deepEqual(after.map((b) => b.height), before.map((b) => b.height));
    for (let i = 0; i < before.length; i++) assert.notEqual(after[i].hash, before[i].hash);
    assert.equal(devnet.head(), 20);
  } finally {
    await devnet.close();
  }
});

Deno.test("a block is derived from the seed and height alone", async () => {
  const small = await startDevnet({ seed: "derive", blocks: 10 });
  const large = await startDevnet({ seed: "derive", blocks: 500 });
  try {
    assert.deepEqual(small.block(9).block, large.block(9).block);
    large.advance(3);
    assert.equal(large.head(), 503);
    small.advance(1);
    assert.deepEqual(small.block(11).transactions, large.block(11).transactions);
  } finally {
    await Promise.all([small.close(), large.close()]);
  }
});

Deno.test("heights 0 and 1 have the shape tx-indexer synthesizes", async () => {
  const devnet = await startDevnet({ seed: "genesis-shape", blocks: 5 });
  try {
    const [genesis, first, second] = [0, 1, 2].map((h) => devnet.block(h).block);
    assert.deepEqual(
      {
        hash: genesis.hash,
        version: genesis.version,
        last_block_hash: genesis.last_block_hash,
        last_commit_hash: genesis.last_commit_hash,
        validators_hash: genesis.validators_hash,
        next_validators_hash: genesis.next_validators_hash,
        consensus_hash: genesis.consensus_hash,
        app_hash: genesis.app_hash,
        last_results_hash: genesis.last_results_hash,
        proposer_address_raw: genesis.proposer_address_raw,
        total_txs: genesis.total_txs,
      },
      {
        hash: "",
        version: "",
        last_block_hash: "",
        last_commit_hash: "",
        validators_hash: "",
        next_validators_hash: "",
        consensus_hash: "",
        app_hash: "",
        last_results_hash: "",
        proposer_address_raw: "g1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqluuxe",
        total_txs: genesis.num_txs,
      },
    );
    assert.ok(genesis.num_txs > 0);
    assert.equal(genesis.time.slice(0, 19), "2025-01-01T00:00:00");
    assert.equal(first.last_block_hash, "");
    assert.equal(first.last_commit_hash, "");
    assert.equal(first.total_txs, first.num_txs);
    assert.equal(second.total_txs, first.num_txs + second.num_txs);
    assert.equal(second.last_block_hash, first.hash);
    assert.notEqual(first.proposer_address_raw, genesis.proposer_address_raw);
    for (let h = 2; h <= 5; h++) {
      const { last_results_hash } = devnet.block(h).block;
      assert.equal(last_results_hash === "", devnet.block(h - 1).block.num_txs === 0, `${h}`);
    }
    assert.ok(first.validators_hash !== "");
  } finally {
    await devnet.close();
  }
});
