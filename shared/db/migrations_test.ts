/**
 * A database of the first release (testdata/schema_v1.sql, the schema as it was, with data as
 * its services wrote it) is migrated in place, or refused and left untouched.
 */
import assert from "node:assert/strict";
import type { Sql } from "./connect.ts";
import { createTestDatabase, type TestDatabase } from "../testing/database.ts";
import { migrate, SCHEMA_VERSION, schemaVersion } from "./migrate.ts";
import { MigrationRefusedError } from "./migrations.ts";

const FACTORY = "gno.land/r/demo/defi/grc20factory";
const TST = `${FACTORY}.TST.0000001`;
const ALP = `${FACTORY}.ALP.0000002`;
const FOO20 = "gno.land/r/demo/defi/foo20";
const WUGNOT = "gno.land/r/demo/wugnot";
const ALICE = "g1xkamvay22r9c5jzda0y0cxfpap9mum0pxkslnl";
const BOB = "g14c208cycgpvuv2gvjjhpup3q6frmtkzdv9h0ee";
const LIBRARY = "gno.land/p/demo/tokens/grc20";

const v1Schema = () => Deno.readTextFile(new URL("./testdata/schema_v1.sql", import.meta.url));

interface V1Event {
  height: number;
  /** The event as stored in transactions.events. */
  event: Record<string, unknown>;
  /** The token path version 1 stored. */
  tokenPath: string;
  from: string;
  to: string;
  amount: number;
}

function transfer(token: string | null, from: string, to: string, amount: number) {
  const attrs = [
    ...(token ? [{ key: "token", value: token }] : []),
    { key: "from", value: from },
    { key: "to", value: to },
    { key: "value", value: String(amount) },
  ];
  return { __typename: "GnoEvent", type: "Transfer", pkg_path: token ? LIBRARY : WUGNOT, attrs };
}

/** Two tokens of one realm, a token with a token attr alone in its realm, and a gen-1 token. */
const HISTORY: V1Event[] = [
  {
    height: 1,
    event: transfer(TST, "", ALICE, 100),
    tokenPath: FACTORY,
    from: "",
    to: ALICE,
    amount: 100,
  },
  {
    height: 2,
    event: transfer(ALP, "", ALICE, 30),
    tokenPath: FACTORY,
    from: "",
    to: ALICE,
    amount: 30,
  },
  {
    height: 3,
    event: transfer(TST, ALICE, BOB, 40),
    tokenPath: FACTORY,
    from: ALICE,
    to: BOB,
    amount: 40,
  },
  {
    height: 4,
    event: transfer(`${FOO20}.FOO`, "", BOB, 5),
    tokenPath: FOO20,
    from: "",
    to: BOB,
    amount: 5,
  },
  {
    height: 5,
    event: transfer(null, "", ALICE, 9),
    tokenPath: WUGNOT,
    from: "",
    to: ALICE,
    amount: 9,
  },
  {
    height: 6,
    event: transfer(ALP, ALICE, "", 10),
    tokenPath: FACTORY,
    from: ALICE,
    to: "",
    amount: 10,
  },
];

/** A version 1 database as its services left it: blocks, transactions, events, balances. */
async function firstReleaseDatabase(history = HISTORY): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  await db.sql.unsafe(await v1Schema());
  const sql = db.sql;
  for (const e of history) {
    const hash = btoa(`tx-${e.height}`);
    await sql`
      INSERT INTO blocks (height, hash, last_block_hash, time, num_txs, chain_id)
      VALUES (${e.height}, ${`b${e.height}`}, ${`b${e.height - 1}`}, now(), 1, 'dev')`;
    await sql`
      INSERT INTO transactions (block_height, tx_index, hash, success, messages, events)
      VALUES (${e.height}, 0, ${hash}, true, '[]'::json,
        ${sql.json([{ __typename: "StorageDepositEvent" }, e.event] as never)})`;
    await sql`
      INSERT INTO token_events (block_height, tx_index, event_index, tx_hash, token_path,
        from_address, to_address, amount)
      VALUES (${e.height}, 0, 1, ${hash}, ${e.tokenPath}, ${e.from}, ${e.to}, ${e.amount})`;
    for (const [address, delta] of [[e.to, e.amount], [e.from, -e.amount]] as const) {
      if (address === "") continue;
      await sql`
        INSERT INTO balances AS b (address, token_path, amount)
        VALUES (${address}, ${e.tokenPath}, ${delta})
        ON CONFLICT (address, token_path) DO UPDATE SET amount = b.amount + excluded.amount`;
    }
  }
  // TST's creation: its NewToken event in a stored transaction, which version 1 did not read.
  await sql`
    INSERT INTO transactions (block_height, tx_index, hash, success, messages, events)
    VALUES (1, 1, ${btoa("tx-new-tst")}, true, '[]'::json, ${
    sql.json([{
      __typename: "GnoEvent",
      type: "NewToken",
      pkg_path: LIBRARY,
      attrs: [
        { key: "token", value: TST },
        { key: "name", value: "Test Token" },
        { key: "symbol", value: "TST" },
        { key: "decimals", value: "6" },
      ],
    }] as never)
  })`;
  await sql`
    INSERT INTO published_windows (from_height, to_height, part_count, applied_parts) VALUES
      (1, 5, 1, 1), (6, 6, 1, 0)`;
  await sql`INSERT INTO sync_state (component, last_height, status) VALUES ('sync', 6, 'caught_up')`;
  return db;
}

async function balances(sql: Sql) {
  const rows = await sql<
    { address: string; token_id: string; token_path: string; amount: string }[]
  >`
    SELECT address, token_id, token_path, amount::text FROM balances ORDER BY address, token_id`;
  return rows.map((r) => `${r.address} ${r.token_id} ${r.token_path} ${r.amount}`);
}

/** Tables, columns, indexes and constraints: what schema.sql and the migration must agree on. */
async function catalog(sql: Sql) {
  const columns = await sql<{ line: string }[]>`
    SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line
    FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1`;
  const indexes = await sql<{ line: string }[]>`
    SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`;
  const constraints = await sql<{ line: string }[]>`
    SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`;
  return [...columns, ...indexes, ...constraints].map((row) => row.line);
}

Deno.test("a first-release database is migrated in place to balances per token id", async () => {
  await using db = await firstReleaseDatabase();
  assert.equal(await schemaVersion(db.sql), 1);
  assert.deepEqual(await migrate(db.sql), { from: 1, to: SCHEMA_VERSION });
  assert.equal(await schemaVersion(db.sql), SCHEMA_VERSION);

  const events = await db.sql<{ block_height: string; token_id: string; token_path: string }[]>`
    SELECT block_height::text, token_id, token_path FROM token_events ORDER BY block_height`;
  assert.deepEqual(events.map((e) => [Number(e.block_height), e.token_id, e.token_path]), [
    [1, TST, FACTORY],
    [2, ALP, FACTORY],
    [3, TST, FACTORY],
    [4, `${FOO20}.FOO`, FOO20],
    [5, WUGNOT, WUGNOT],
    [6, ALP, FACTORY],
  ]);
  // The factory's 120 of ALICE (100 TST + 30 ALP - 40 TST - 10 ALP... ) were one summed balance.
  assert.deepEqual(
    await balances(db.sql),
    [
      `${BOB} ${FOO20}.FOO ${FOO20} 5`,
      `${BOB} ${TST} ${FACTORY} 40`,
      `${ALICE} ${ALP} ${FACTORY} 20`,
      `${ALICE} ${TST} ${FACTORY} 60`,
      `${ALICE} ${WUGNOT} ${WUGNOT} 9`,
    ].sort(),
  );

  const [window] = await db.sql<{ republish_now: boolean }[]>`
    SELECT published_at = '-infinity' AS republish_now FROM published_windows
    WHERE from_height = 6`;
  assert.equal(window.republish_now, true, "the unapplied window is republished at once");
  const [applied] = await db.sql<{ republish_now: boolean }[]>`
    SELECT published_at = '-infinity' AS republish_now FROM published_windows
    WHERE from_height = 1`;
  assert.equal(applied.republish_now, false);

  const tokens = await db.sql`
    SELECT token_id, symbol, name, decimals, total_supply::text AS supply, holders::int,
      transfers::int, first_height::int AS first, last_height::int AS last
    FROM tokens ORDER BY token_id`;
  assert.deepEqual(tokens.map((t) => ({ ...t })), [
    {
      token_id: `${FOO20}.FOO`,
      symbol: "FOO",
      name: null,
      decimals: null,
      supply: "5",
      holders: 1,
      transfers: 1,
      first: 4,
      last: 4,
    },
    {
      token_id: ALP,
      symbol: "ALP",
      name: null,
      decimals: null,
      supply: "20",
      holders: 1,
      transfers: 2,
      first: 2,
      last: 6,
    },
    {
      token_id: TST,
      symbol: "TST",
      name: "Test Token",
      decimals: 6,
      supply: "100",
      holders: 2,
      transfers: 2,
      first: 1,
      last: 3,
    },
    {
      token_id: WUGNOT,
      symbol: null,
      name: null,
      decimals: null,
      supply: "9",
      holders: 1,
      transfers: 1,
      first: 5,
      last: 5,
    },
  ]);
  const [sums] = await db.sql<{ differing: number }[]>`
    SELECT count(*)::int AS differing FROM (
      SELECT address, token_id, level, sum(amount) AS amount FROM balance_sums
      GROUP BY address, token_id, level
    ) s JOIN balances b USING (address, token_id) WHERE s.amount <> b.amount`;
  assert.equal(sums.differing, 0, "each level of bucket sums adds up to the balances");

  await using fresh = await createTestDatabase();
  assert.deepEqual(await catalog(db.sql), await catalog(fresh.sql));
});

Deno.test("a migrated database is left alone at the next start", async () => {
  await using db = await firstReleaseDatabase();
  await migrate(db.sql);
  const before = await balances(db.sql);
  assert.deepEqual(await migrate(db.sql), { from: SCHEMA_VERSION, to: SCHEMA_VERSION });
  assert.deepEqual(await balances(db.sql), before);
});

Deno.test("a database that cannot be migrated is refused and left as it was", async () => {
  await using db = await firstReleaseDatabase();
  // An applied event whose transaction is not stored: its token id cannot be known.
  await db.sql`DELETE FROM transactions WHERE block_height = 2`;
  const before = await db.sql`SELECT * FROM balances ORDER BY address, token_path`;
  const error = await migrate(db.sql).then(() => null, (e) => e);
  assert.ok(error instanceof MigrationRefusedError, String(error));
  assert.match(
    error.message,
    /^Cannot migrate the database to schema version 2: 1 applied token events have no stored transaction .*; reindex: point DATABASE_URL at an empty database/,
  );
  assert.equal(error.message.includes("\n"), false, "one line");
  assert.equal(await schemaVersion(db.sql), 1);
  assert.deepEqual(await db.sql`SELECT * FROM balances ORDER BY address, token_path`, before);
  const [column] = await db.sql`
    SELECT count(*)::int AS n FROM information_schema.columns
    WHERE table_name = 'token_events' AND column_name = 'token_id'`;
  assert.equal(column.n, 0, "nothing of the migration remains");
});

Deno.test("balances that disagree with their events refuse the migration", async () => {
  await using db = await firstReleaseDatabase();
  await db.sql`UPDATE balances SET amount = amount + 1 WHERE address = ${BOB}`;
  await assert.rejects(migrate(db.sql), /stored balances differ from the sum/);
  assert.equal(await schemaVersion(db.sql), 1);
});

Deno.test("a database of a later schema version is refused", async () => {
  await using db = await createTestDatabase();
  await db.sql`UPDATE schema_version SET version = ${SCHEMA_VERSION + 1}`;
  await assert.rejects(migrate(db.sql), /newer than this build's/);
});
