import assert from "node:assert/strict";
import type { Sql } from "../shared/db/mod.ts";
import { createTestDatabase } from "../shared/testing/database.ts";
import { createBlockTimes } from "./block_times.ts";

async function insertBlock(sql: Sql, height: number, time: string) {
  await sql`
    INSERT INTO blocks (height, hash, last_block_hash, time, num_txs)
    VALUES (${height}, ${"h" + height}, ${"h" + (height - 1)}, ${time}::timestamptz, 0)`;
}

Deno.test("block times are JSON literals to the millisecond, null for a missing block", async () => {
  await using db = await createTestDatabase();
  await insertBlock(db.sql, 5, "2025-01-02 03:04:05.678901+00");
  await insertBlock(db.sql, 6, "2025-01-02 03:04:06+02");
  const blockTimes = createBlockTimes({ sql: db.sql });
  assert.deepEqual(await blockTimes(["6", "5", "7", "5"]), [
    '"2025-01-02T01:04:06.000Z"',
    '"2025-01-02T03:04:05.678Z"',
    "null",
    '"2025-01-02T03:04:05.678Z"',
  ]);
  assert.deepEqual(await blockTimes([]), []);
});

Deno.test("a block stored later is found; a kept time expires after maxAgeMs", async () => {
  await using db = await createTestDatabase();
  let now = 0;
  const blockTimes = createBlockTimes({ sql: db.sql, maxAgeMs: 1000, now: () => now });
  assert.deepEqual(await blockTimes(["1"]), ["null"]);
  await insertBlock(db.sql, 1, "2025-01-01 00:00:01+00");
  assert.deepEqual(await blockTimes(["1"]), ['"2025-01-01T00:00:01.000Z"']);
  await db.sql`UPDATE blocks SET time = '2025-01-01 00:00:02+00' WHERE height = 1`;
  now = 999;
  assert.deepEqual(await blockTimes(["1"]), ['"2025-01-01T00:00:01.000Z"'], "kept");
  now = 1000;
  assert.deepEqual(await blockTimes(["1"]), ['"2025-01-01T00:00:02.000Z"'], "read again");
});

Deno.test("only the newest maxEntries times are kept", async () => {
  await using db = await createTestDatabase();
  for (const height of [1, 2, 3]) await insertBlock(db.sql, height, "2025-01-01 00:00:00+00");
  const blockTimes = createBlockTimes({ sql: db.sql, maxEntries: 2 });
  await blockTimes(["1", "2", "3"]);
  await db.sql`UPDATE blocks SET time = '2030-01-01 00:00:00+00'`;
  assert.deepEqual(await blockTimes(["3", "2", "1"]), [
    '"2025-01-01T00:00:00.000Z"',
    '"2025-01-01T00:00:00.000Z"',
    '"2030-01-01T00:00:00.000Z"',
  ]);
});
