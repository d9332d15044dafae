import assert from "node:assert/strict";
import { type BlockLink, type TransactionPosition, validateWindow } from "./validate.ts";

const hashOf = (height: number) => (height === 0 ? "" : btoa(`block-${height}`));

function chain(from: number, to: number, numTxs = 1): BlockLink[] {
  const blocks: BlockLink[] = [];
  for (let h = from; h <= to; h++) {
    blocks.push({
      height: h,
      hash: hashOf(h),
      last_block_hash: h <= 1 ? "" : hashOf(h - 1),
      num_txs: numTxs,
    });
  }
  return blocks;
}

function txsOf(blocks: BlockLink[]): TransactionPosition[] {
  return blocks.flatMap((b) =>
    Array.from({ length: b.num_txs }, (_, index) => ({ block_height: b.height, index }))
  );
}

function window(from: number, to: number, numTxs = 1) {
  const blocks = chain(from, to, numTxs);
  const anchor = from >= 1 ? chain(from - 1, from - 1)[0] : null;
  return { window: { from, to }, anchor, blocks, transactions: txsOf(blocks) };
}

Deno.test("a complete, chained window with the right transaction counts is valid", () => {
  assert.equal(validateWindow(window(5, 20, 2)), null);
});

Deno.test("a window from genesis needs no anchor and accepts block 1's empty link", () => {
  assert.equal(validateWindow({ ...window(0, 10), anchor: null }), null);
  assert.equal(validateWindow({ ...window(1, 10), anchor: null }), null);
});

Deno.test("a silently skipped height is a missing block", () => {
  const contents = window(10, 20);
  const blocks = contents.blocks.filter((b) => b.height !== 14);
  const problem = validateWindow({ ...contents, blocks, transactions: txsOf(blocks) });
  assert.equal(problem?.kind, "missing_block");
  assert.equal(problem?.height, 14);
});

Deno.test("missing blocks at the end of a window are found", () => {
  const contents = window(10, 20);
  const blocks = contents.blocks.slice(0, 8);
  const problem = validateWindow({ ...contents, blocks, transactions: txsOf(blocks) });
  assert.equal(problem?.kind, "missing_block");
  assert.equal(problem?.height, 18);
});

Deno.test("a missing anchor is a missing block below the window", () => {
  const problem = validateWindow({ ...window(10, 20), anchor: null });
  assert.equal(problem?.kind, "missing_block");
  assert.equal(problem?.height, 9);
});

Deno.test("a duplicated height is an unexpected block", () => {
  const contents = window(10, 12);
  const blocks = [contents.blocks[0], contents.blocks[0], ...contents.blocks.slice(1)];
  assert.equal(validateWindow({ ...contents, blocks })?.kind, "unexpected_block");
});

Deno.test("a block that does not link to its predecessor breaks the chain", () => {
  const contents = window(10, 20);
  const blocks = contents.blocks.map((b) =>
    b.height === 15 ? { ...b, last_block_hash: "b3RoZXI=" } : b
  );
  const problem = validateWindow({ ...contents, blocks });
  assert.equal(problem?.kind, "broken_link");
  assert.equal(problem?.height, 15);
});

Deno.test("a first block that does not link to the anchor breaks the chain", () => {
  const contents = window(10, 20);
  const problem = validateWindow({ ...contents, anchor: { ...contents.anchor!, hash: "eA==" } });
  assert.equal(problem?.kind, "broken_link");
  assert.equal(problem?.height, 10);
});

Deno.test("fewer transactions than num_txs is a transaction count problem", () => {
  const contents = window(10, 20, 3);
  const transactions = contents.transactions.filter((t) =>
    !(t.block_height === 12 && t.index === 2)
  );
  const problem = validateWindow({ ...contents, transactions });
  assert.equal(problem?.kind, "transaction_count");
  assert.equal(problem?.height, 12);
});

Deno.test("a skipped transaction index is a transaction count problem", () => {
  const contents = window(10, 10, 3);
  const transactions = [
    { block_height: 10, index: 0 },
    { block_height: 10, index: 2 },
    { block_height: 10, index: 3 },
  ];
  assert.equal(validateWindow({ ...contents, transactions })?.kind, "transaction_count");
});

Deno.test("a transaction outside the window is unexpected", () => {
  const contents = window(10, 12, 1);
  const transactions = [...contents.transactions, { block_height: 13, index: 0 }];
  assert.equal(validateWindow({ ...contents, transactions })?.kind, "unexpected_transaction");
});
