import assert from "node:assert/strict";
import { createTestDatabase } from "../shared/testing/database.ts";
import { jsonPageResponse, readJsonPage } from "./json_page.ts";
import { transferJson } from "./routes/shape.ts";

const AWKWARD = 'quote " backslash \\ newline \n tab \t bell \u0007 é 😀 </script>';

Deno.test("PostgreSQL writes a transfer exactly as JSON.stringify would", async () => {
  await using db = await createTestDatabase({ migrate: false });
  const sql = db.sql;
  const rows = sql`
    SELECT * FROM (VALUES
      (7::bigint, 1, 2, ${AWKWARD}::text, 'gno.land/r/demo/x'::text, ''::text, 'g1to'::text,
        ${"9".repeat(78)}::numeric, '2025-01-02 03:04:05.678901+00'::timestamptz),
      (6::bigint, 0, 0, 'h', 't', 'g1from', '', 5::numeric, NULL::timestamptz)
    ) AS v(block_height, tx_index, event_index, tx_hash, token_path, from_address, to_address,
      amount, time)`;
  const page = await readJsonPage(sql, {
    rows,
    order: sql`ORDER BY r.block_height DESC`,
    item: transferJson(sql),
    key: sql`ARRAY[r.block_height, r.tx_index, r.event_index]::text[]`,
    limit: 1,
  });
  const mint = `{"fromAddress":"","toAddress":"g1to","tokenPath":"gno.land/r/demo/x","amount":${
    "9".repeat(78)
  },"kind":"mint","blockHeight":7,"txIndex":1,"eventIndex":2,"txHash":${
    JSON.stringify(AWKWARD)
  },"time":"2025-01-02T03:04:05.678Z"}`;
  assert.equal(page.items, mint);
  assert.equal(page.found, 2);
  assert.deepEqual(page.last, ["7", "1", "2"]);
  const rest = await readJsonPage(sql, {
    rows,
    order: sql`ORDER BY r.block_height DESC`,
    item: transferJson(sql),
    key: sql`ARRAY[r.block_height]::text[]`,
    limit: 2,
  });
  assert.ok(
    rest.items.endsWith(
      `"kind":"burn","blockHeight":6,"txIndex":0,"eventIndex":0,` +
        `"txHash":"h","time":null}`,
    ),
    rest.items,
  );
  assert.equal(rest.found, 2);
  assert.deepEqual(rest.last, ["6"]);
});

Deno.test("an empty page is an empty list without a next page", async () => {
  await using db = await createTestDatabase({ migrate: false });
  const sql = db.sql;
  const page = await readJsonPage(sql, {
    rows: sql`SELECT 1 AS n WHERE false`,
    order: sql`ORDER BY r.n`,
    item: sql`r.n::text`,
    key: sql`ARRAY[r.n]::text[]`,
    limit: 10,
  });
  assert.deepEqual(page, { found: 0, items: "", last: null });
  const response = jsonPageResponse("transfers", page.items, null, -1);
  assert.equal(await response.text(), `{"transfers":[],"nextCursor":null,"consistentThrough":-1}`);
  assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
});
