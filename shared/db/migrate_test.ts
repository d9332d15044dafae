import assert from "node:assert/strict";
import { createTestDatabase } from "../testing/database.ts";
import { migrate } from "./migrate.ts";

Deno.test("the schema applies twice and concurrently without error", async () => {
  await using db = await createTestDatabase({ migrate: false });
  await Promise.all([migrate(db.sql), migrate(db.sql), migrate(db.sql)]);
  await migrate(db.sql);
  const tables = await db.sql<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  assert.deepEqual(tables.map((t) => t.table_name), [
    "applied_parts",
    "balance_sums",
    "balances",
    "blocks",
    "published_windows",
    "rejected_events",
    "schema_version",
    "sync_state",
    "token_events",
    "tokens",
    "transactions",
  ]);
});

Deno.test("a token event identity is unique", async () => {
  await using db = await createTestDatabase();
  const insert = () =>
    db.sql`
      INSERT INTO token_events (tx_hash, event_index, block_height, tx_index, token_id,
        token_path, from_address, to_address, amount)
      VALUES ('aGFzaA==', 0, 5, 0, 'gno.land/r/demo/foo.FOO', 'gno.land/r/demo/foo', '', 'g1x', 7)
      ON CONFLICT DO NOTHING RETURNING 1`;
  assert.equal((await insert()).length, 1);
  assert.equal((await insert()).length, 0);
});

Deno.test("amounts keep every digit past 2^64", async () => {
  await using db = await createTestDatabase();
  const big = "340282366920938463463374607431768211457";
  await db
    .sql`INSERT INTO balances (address, token_id, token_path, amount)
      VALUES ('g1x', 'gno.land/r/a', 'gno.land/r/a', ${big})`;
  await db.sql`
    UPDATE balances SET amount = amount + ${"18446744073709551616"}::numeric WHERE address = 'g1x'`;
  const [row] = await db.sql<{ amount: string }[]>`SELECT amount FROM balances`;
  assert.equal(BigInt(row.amount), BigInt(big) + 18446744073709551616n);
});

Deno.test("applied height follows the checkpoint and the first incomplete window", async () => {
  await using db = await createTestDatabase();
  const height = async () =>
    (await db.sql<{ height: string }[]>`SELECT height FROM applied_height`)[0].height;
  assert.equal(await height(), "-1");
  await db.sql`INSERT INTO sync_state (component, last_height) VALUES ('sync', 300)`;
  await db.sql`
    INSERT INTO published_windows (from_height, to_height, part_count, applied_parts) VALUES
      (0, 99, 2, 2), (100, 199, 0, 0), (200, 299, 3, 1), (300, 300, 1, 0)`;
  assert.equal(await height(), "199");
  await db.sql`UPDATE published_windows SET applied_parts = part_count`;
  assert.equal(await height(), "300");
});

Deno.test("a read-only pool cannot write", async () => {
  await using db = await createTestDatabase();
  const { createDatabase } = await import("./connect.ts");
  const reader = createDatabase({ url: db.url, max: 1, readOnly: true });
  try {
    await assert.rejects(
      () => reader`INSERT INTO sync_state (component) VALUES ('x')`,
      /read-only transaction/,
    );
    assert.equal((await reader`SELECT count(*)::int AS n FROM sync_state`)[0].n, 0);
  } finally {
    await reader.end();
  }
});
