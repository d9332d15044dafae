/**
 * The API's queries must stay on their indexes at production sizes (millions of rows).
 * The tables are filled with generate_series here because only the plan shape is under test;
 * the route tests seed through the processor's apply path.
 */
import assert from "node:assert/strict";
import type postgres from "postgres";
import type { Sql } from "../shared/db/mod.ts";
import { createTestDatabase } from "../shared/testing/database.ts";
import {
  balancesOfAccount,
  balancesOfAllAccounts,
  balancesOfToken,
  transferHistory,
} from "./queries.ts";
import { tokenSelector } from "./token_selector.ts";
import { address } from "./testing/seed.ts";

const ACCOUNTS = 2_000;
const EVENTS = 60_000;
const addresses = Array.from({ length: 50 }, (_, i) => address(i + 1));

async function fill(sql: Sql) {
  await sql`
    INSERT INTO token_events (tx_hash, event_index, block_height, tx_index, token_id, token_path,
      from_address, to_address, amount)
    SELECT 'tx' || i, 0, i / 4, i % 4, 'gno.land/r/demo/t' || (i % 10) || '.S' || (i % 20),
      'gno.land/r/demo/t' || (i % 10),
      CASE WHEN i % 10 = 0 THEN '' ELSE (${addresses}::text[])[1 + (i * 7) % 50] END,
      CASE WHEN i % 13 = 0 THEN '' ELSE (${addresses}::text[])[1 + (i * 11) % 50] END,
      i
    FROM generate_series(1, ${EVENTS}) AS i`;
  await sql`
    INSERT INTO balances (address, token_id, token_path, amount)
    SELECT 'g1account' || a, 'gno.land/r/demo/t' || (t / 2) || '.S' || t || '.000000' || (t % 2),
      'gno.land/r/demo/t' || (t / 2), a * t + 1
    FROM generate_series(1, ${ACCOUNTS}) AS a, generate_series(1, 20) AS t`;
  await sql`VACUUM ANALYZE token_events`;
  await sql`ANALYZE balances`;
  await sql`
    INSERT INTO blocks (height, hash, last_block_hash, time, num_txs)
    SELECT h, 'h' || h, 'h' || (h - 1), now(), 4 FROM generate_series(0, ${EVENTS / 4}) AS h`;
  await sql`ANALYZE blocks`;
}

/** Every node of a JSON plan, flattened. */
function nodesOf(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(nodesOf)];
}

// deno-lint-ignore no-explicit-any
async function planOf(sql: Sql, query: postgres.PendingQuery<any>) {
  const [row] = await sql<{ "QUERY PLAN": [{ Plan: Record<string, unknown> }] }[]>`
    EXPLAIN (FORMAT JSON) ${query}`;
  const nodes = nodesOf(row["QUERY PLAN"][0].Plan);
  return {
    indexes: nodes.map((node) => node["Index Name"]).filter(Boolean),
    indexOnly: nodes.filter((node) => node["Node Type"] === "Index Only Scan")
      .map((node) => node["Index Name"]),
    seqScans: nodes.filter((node) => node["Node Type"] === "Seq Scan")
      .map((node) => node["Relation Name"]),
    sorts: nodes.filter((node) => String(node["Node Type"]).includes("Sort")).length,
  };
}

Deno.test("every API query reads through an index, never a full scan or sort", async (t) => {
  await using db = await createTestDatabase();
  await fill(db.sql);
  const sql = db.sql;
  const before = { blockHeight: EVENTS / 4 - 100, txIndex: 0, eventIndex: 0 };

  await t.step("all transfer history walks the primary key backwards", async () => {
    const plan = await planOf(sql, transferHistory(sql, { before, take: 101 }));
    assert.deepEqual(plan.seqScans, []);
    assert.ok(plan.indexes.includes("token_events_pkey"), JSON.stringify(plan));
    assert.equal(plan.sorts, 0);
  });

  await t.step("one address's history merges index-only scans of its two indexes", async () => {
    const plan = await planOf(
      sql,
      transferHistory(sql, { address: addresses[3], before, take: 101 }),
    );
    assert.deepEqual(plan.seqScans, []);
    assert.deepEqual(
      plan.indexOnly.toSorted(),
      ["token_events_received", "token_events_sent"],
      JSON.stringify(plan),
    );
  });

  await t.step("balance lists read the primary key, the token or the realm index", async () => {
    const after: [string, string] = ["", ""];
    const token = (segment: string) => tokenSelector(segment)!;
    const plans = [
      await planOf(
        sql,
        balancesOfAccount(sql, { address: "g1account7", afterTokenId: "", take: 101 }),
      ),
      await planOf(
        sql,
        balancesOfAllAccounts(sql, { afterAddress: "g1account7", afterTokenId: "", take: 101 }),
      ),
      await planOf(
        sql,
        balancesOfToken(sql, {
          selector: token("gno.land/r/demo/t3.S7.0000001"),
          after,
          take: 101,
        }),
      ),
      await planOf(
        sql,
        balancesOfToken(sql, { selector: token("gno.land/r/demo/t3"), after, take: 101 }),
      ),
    ];
    for (const plan of plans) assert.deepEqual(plan.seqScans, []);
    // One account holds few tokens, so sorting its rows may be cheapest; the long lists must
    // come out of the index already in page order.
    assert.deepEqual(plans.slice(1).map((plan) => plan.sorts), [0, 0, 0]);
    assert.deepEqual(plans.map((plan) => plan.indexes[0]), [
      "balances_pkey",
      "balances_pkey",
      "balances_token",
      "balances_realm",
    ]);
    const bySymbol = await planOf(
      sql,
      balancesOfToken(sql, { selector: token("gno.land/r/demo/t3.S7"), after, take: 101 }),
    );
    assert.deepEqual(bySymbol.seqScans, []);
  });
});
