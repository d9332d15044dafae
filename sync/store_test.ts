import assert from "node:assert/strict";
import { createTestDatabase } from "../shared/testing/database.ts";
import { copyChunks } from "../shared/db/copy_in.ts";
import { COPY_MIN_CHARS, transactionRow } from "./copy_rows.ts";
import type { FetchedWindow } from "./fetch_window.ts";
import { createSyncStore } from "./store.ts";
import type { Sql } from "../shared/db/mod.ts";

const storeWindow = (
  sql: Sql,
  ...args: Parameters<ReturnType<typeof createSyncStore>["storeWindow"]>
) => createSyncStore({ sql }).storeWindow(...args);

function fetchedWindow(from: number, to: number, pkgPath = "gno.land/r/demo\\x"): FetchedWindow {
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
      messages: [{ value: { __typename: "MsgCall", pkg_path: pkgPath } }],
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
    tokens: [],
    rejections: [],
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

Deno.test("rejections are stored once, every character of their details intact", async () => {
  await using db = await createTestDatabase();
  // As the parser writes them: upstream values go through JSON.stringify, so any control
  // character or lone surrogate is an escape sequence, never the character itself.
  const detail = `Token ${JSON.stringify('gno.land/r/x\\y"\u0000\n\t ünïcödé 🚀 \ud83d')} is odd`;
  const window = fetchedWindow(1, 3);
  window.rejections = [1, 2, 3].map((height) => ({
    txHash: `tx${height}`,
    blockHeight: height,
    txIndex: 0,
    eventIndex: 2 ** 31 - height,
    reason: "forged_token" as const,
    detail,
  }));
  const publication = { partCount: 0, eventCount: 0 };
  await storeWindow(db.sql, window, publication);
  await storeWindow(db.sql, { ...window, rejections: window.rejections.slice(1) }, publication);
  const rows = await db.sql`
    SELECT tx_hash, event_index, block_height::int, tx_index, reason, detail
    FROM rejected_events ORDER BY block_height`;
  assert.deepEqual(
    rows.map((row) => ({ ...row })),
    window.rejections.map((r) => ({
      tx_hash: r.txHash,
      event_index: r.eventIndex,
      block_height: r.blockHeight,
      tx_index: r.txIndex,
      reason: r.reason,
      detail,
    })),
  );
});

Deno.test("a large window goes in through COPY with every character intact", async () => {
  await using db = await createTestDatabase();
  const tricky = 'gno.land/r/demo\\x\t"quoted"\nline\r\\N ünïcödé 🚀';
  const window = fetchedWindow(1, 2_000, tricky);
  const chars = window.transactionRows.reduce((sum, chunk) => sum + chunk.length, 0);
  assert.ok(chars >= COPY_MIN_CHARS, `the window is too small for COPY (${chars} characters)`);
  const publication = { partCount: 0, eventCount: 0 };
  assert.equal((await storeWindow(db.sql, window, publication)).newBlocks, 2_000);
  const rows = await db.sql<{ messages: { value: { pkg_path: string } }[] }[]>`
    SELECT messages FROM transactions ORDER BY block_height`;
  assert.equal(rows.length, 2_000);
  assert.ok(rows.every((row) => row.messages[0].value.pkg_path === tricky));
  // Stored again through the staging table (COPY into it, then INSERT ... ON CONFLICT).
  assert.equal(
    (await storeWindow(db.sql, fetchedWindow(1, 2_001, tricky), publication)).newBlocks,
    1,
  );
});
