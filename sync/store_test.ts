import assert from "node:assert/strict";
import { createTestDatabase } from "../shared/testing/database.ts";
import { copyChunks, transactionRow } from "./copy_rows.ts";
import type { FetchedWindow } from "./fetch_window.ts";
import { storeWindow } from "./store.ts";

function fetchedWindow(from: number, to: number): FetchedWindow {
  const blocks = [];
  const transactions = [];
  for (let height = from; height <= to; height++) {
    blocks.push({
      height,
      hash: `hash${height}`,
      last_block_hash: height > 1 ? `hash${height - 1}` : "",
      time: "2025-01-01T00:00:00Z",
      num_txs: 1,
      chain_id: "dev",
    });
    transactions.push({
      hash: `tx${height}`,
      index: 0,
      block_height: height,
      success: true,
      messages: [{ value: { __typename: "MsgCall", pkg_path: "gno.land/r/demo\\x" } }],
      response: { events: [{ __typename: "GnoEvent", type: "T", pkg_path: "p", attrs: [] }] },
    });
  }
  return {
    window: { from, to },
    anchor: from > 1 ? { ...blocks[0], height: from - 1, hash: `hash${from - 1}` } : null,
    blocks,
    transactionCount: transactions.length,
    transactionRows: [...copyChunks(transactions, transactionRow)],
    events: [],
    rejections: [],
    capped: false,
  };
}

Deno.test("a window stored again, in part or whole, adds only the rows not stored yet", async () => {
  await using db = await createTestDatabase();
  const publication = { partCount: 0, eventCount: 0 };
  assert.equal((await storeWindow(db.sql, fetchedWindow(1, 10), publication)).newBlocks, 10);
  assert.equal((await storeWindow(db.sql, fetchedWindow(6, 15), publication)).newBlocks, 5);
  assert.equal((await storeWindow(db.sql, fetchedWindow(1, 15), publication)).newBlocks, 0);
  const [counts] = await db.sql<{ blocks: number; transactions: number }[]>`
    SELECT (SELECT count(*) FROM blocks)::int AS blocks,
      (SELECT count(*) FROM transactions)::int AS transactions`;
  assert.deepEqual({ ...counts }, { blocks: 15, transactions: 15 });
  const [row] = await db.sql<{ messages: { value: { pkg_path: string } }[] }[]>`
    SELECT messages FROM transactions WHERE block_height = 12`;
  assert.equal(row.messages[0].value.pkg_path, "gno.land/r/demo\\x");
});
