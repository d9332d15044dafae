import assert from "node:assert/strict";
import {
  blockScan,
  deprecatedBlockScan,
  deprecatedTransactionScan,
  minMax,
  plainRange,
  transactionScan,
} from "./scan.ts";

const MAX_INT64 = Number(2n ** 63n - 1n);
const MAX_UINT32 = 2 ** 32 - 1;
const U64_MAX = Number(2n ** 64n - 1n);

/** [low, high] as read by the store, or "none". */
const blocks = (where: Record<string, unknown>) => {
  const { low, high } = blockScan(where);
  return low > high ? "none" : [low, high];
};

Deno.test("getBlocks scan: plain bounds are inclusive before the filter applies", () => {
  assert.deepEqual(blocks({}), [0, MAX_INT64 - 1]);
  assert.deepEqual(blocks({ height: { gt: 3, lt: 8 } }), [3, 8]);
  assert.deepEqual(blocks({ height: { lt: 3 } }), [0, 3]);
  assert.deepEqual(blocks({ height: { gt: 150 } }), [150, MAX_INT64 - 1]);
});

Deno.test("getBlocks scan: negative bounds are cast to uint64", () => {
  // gt: -1 reads from 2^64-1: nothing (the product's old `after = -1` indexed nothing).
  assert.deepEqual(blockScan({ height: { gt: -1 } }).low, U64_MAX);
  assert.equal(blocks({ height: { gt: -1, lt: 3 } }), "none");
  assert.equal(blocks({ height: { gt: -5, lt: 3 } }), "none");
  // lt: -1 is 2^64-1, whose +1 wraps to 0: an empty upper bound.
  assert.equal(blocks({ height: { lt: -1 } }), "none");
  // eq: -1: from 2^64-1; to++ wraps to 0, which the store reads as "no bound": still nothing.
  assert.equal(blocks({ height: { eq: -1 } }), "none");
  assert.equal(blocks({ height: { gt: 99999999999 } })[0], 99999999999);
});

Deno.test("getBlocks scan: lt 0 is no upper bound (the filter then rejects everything)", () => {
  assert.deepEqual(blocks({ height: { lt: 0 } }), [0, MAX_INT64 - 1]);
});

Deno.test("getBlocks scan: one eq reads that height and the next one", () => {
  assert.deepEqual(blocks({ height: { eq: 5 } }), [5, 6]);
  assert.deepEqual(blocks({ height: { eq: 0 } }), [0, 1]);
  // eq and gt: min is the smaller (gt 3), max the eq: not the same bound, no extra height.
  assert.deepEqual(blocks({ height: { eq: 5, gt: 3 } }), [3, 5]);
  // eq 5 under gt 7: both min and max are the eq.
  assert.deepEqual(blocks({ height: { eq: 5, gt: 7 } }), [5, 6]);
  assert.deepEqual(blocks({ height: { eq: 5, lt: 3 } }), [5, 6]);
  assert.deepEqual(blocks({ height: { eq: 5, gt: 3, lt: 8 } }), [3, 8]);
  // A tie keeps the first bound seen: gt 5 stays min, so min and max differ.
  assert.deepEqual(blocks({ height: { gt: 5, eq: 5 } }), [5, 5]);
});

Deno.test("getBlocks scan: _and and _or children are combined as a hull, _not is ignored", () => {
  assert.deepEqual(blocks({ _and: [{ height: { gt: 10 } }, { height: { lt: 15 } }] }), [10, 15]);
  // _and is a hull too: the smaller of two lower bounds.
  assert.deepEqual(blocks({ _and: [{ height: { gt: 10 } }, { height: { gt: 20 } }] })[0], 10);
  // Two ranges: min 150, max 3: nothing is read.
  assert.equal(blocks({ _or: [{ height: { lt: 3 } }, { height: { gt: 150 } }] }), "none");
  // eq 3 is both min and max (gt 150 is larger): heights 3 and 4 only.
  assert.deepEqual(blocks({ _or: [{ height: { eq: 3 } }, { height: { gt: 150 } }] }), [3, 4]);
  assert.deepEqual(blocks({ _or: [{ height: { eq: 3 } }, { height: { eq: 7 } }] }), [3, 7]);
  assert.deepEqual(blocks({ _not: { height: { lt: 150 } } }), [0, MAX_INT64 - 1]);
  assert.deepEqual(
    blocks({
      height: { lt: 20 },
      _or: [{ height: { eq: 3 } }, { _and: [{ height: { gt: 10 } }, { height: { lt: 13 } }] }],
    }),
    [3, 20],
  );
});

Deno.test("minMax: an eq bound is the same object for min and max", () => {
  const single = minMax({ height: { eq: 4 } }, "height");
  assert.ok(single.min !== null && single.min === single.max);
  const two = minMax({ _or: [{ height: { eq: 4 } }, { height: { eq: 4 } }] }, "height");
  assert.ok(two.min === two.max, "the first of equal bounds is kept for both");
  const mixed = minMax({ height: { gt: 4, lt: 4 } }, "height");
  assert.ok(mixed.min !== mixed.max);
});

Deno.test("getTransactions scan: an index bound anywhere applies at every height", () => {
  // The cursor query: index > 260 in one _or branch restricts every height read.
  const cursor = transactionScan({
    block_height: { lt: 68 },
    _or: [{ block_height: { gt: 0 } }, { block_height: { eq: 0 }, index: { gt: 260 } }],
  });
  assert.deepEqual(cursor, { low: 0, high: 69, indexFrom: 260, indexTo: MAX_UINT32 });
  const oneBranch = transactionScan({
    _or: [{ block_height: { eq: 0 }, index: { eq: 263 } }, { block_height: { eq: 83 } }],
  });
  assert.deepEqual(oneBranch, { low: 0, high: 84, indexFrom: 263, indexTo: 265 });
  assert.deepEqual(transactionScan({ block_height: { eq: 0 }, index: { lt: 3 } }), {
    low: 0,
    high: 2,
    indexFrom: 0,
    indexTo: 4,
  });
  assert.deepEqual(transactionScan({ block_height: { eq: 0 }, index: { eq: 5 } }), {
    low: 0,
    high: 2,
    indexFrom: 5,
    indexTo: 7,
  });
});

Deno.test("getTransactions scan: the height above the upper bound is read too", () => {
  assert.deepEqual(transactionScan({ block_height: { gt: 65, lt: 70 } }), {
    low: 65,
    high: 71,
    indexFrom: 0,
    indexTo: MAX_UINT32,
  });
  assert.deepEqual(transactionScan({}).high, MAX_INT64);
});

Deno.test("getTransactions scan: negative bounds are cast to uint64 and uint32", () => {
  assert.equal(transactionScan({ block_height: { gt: -1, lt: 70 } }).low, U64_MAX);
  const index = transactionScan({ index: { gt: -1 }, block_height: { gt: 100 } });
  assert.equal(index.indexFrom, MAX_UINT32);
  assert.equal(index.indexTo, MAX_UINT32); // [2^32-1, 2^32-1): no index at all
  // uint32 truncates: 2^32 + 5 is index 5.
  assert.equal(transactionScan({ index: { gt: 2 ** 32 + 5 } }).indexFrom, 5);
  // lt -1: 2^32-1 + 1 wraps to 0, an empty index range.
  assert.equal(transactionScan({ index: { lt: -1 } }).indexTo, 0);
});

Deno.test("deprecated scans: inclusive to, 0 meaning no bound", () => {
  assert.deepEqual(deprecatedBlockScan(0, 3), { low: 0, high: 3 });
  assert.deepEqual(deprecatedBlockScan(150, null), { low: 150, high: MAX_INT64 - 1 });
  assert.deepEqual(deprecatedBlockScan(null, 0).high, MAX_INT64 - 1);
  // 66..70 reads up to (71, MaxUint32): height 71 comes back (no height filter afterwards).
  assert.deepEqual(deprecatedTransactionScan(66, 70, null, null), {
    low: 66,
    high: 71,
    indexFrom: 0,
    indexTo: MAX_UINT32,
  });
  assert.equal(deprecatedTransactionScan(null, null, 262, null).indexFrom, 262);
});

Deno.test("plainRange: the heights both read and kept for { gt, lt }", () => {
  const range = (gt: number | null, lt: number | null) => {
    const where = { height: { gt, lt } };
    const { low, high } = plainRange(where.height, blockScan(where));
    return low > high ? "none" : [low, high];
  };
  assert.deepEqual(range(0, 3), [1, 2]);
  assert.deepEqual(range(null, 1), [0, 0]);
  assert.equal(range(-1, 3), "none");
  assert.equal(range(null, 0), "none");
  assert.equal(range(10, 11), "none");
  const txs = { block_height: { gt: 65, lt: 70 } };
  assert.deepEqual(plainRange(txs.block_height, transactionScan(txs)), { low: 66, high: 69 });
});
