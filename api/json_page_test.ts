import assert from "node:assert/strict";
import { createTestDatabase } from "../shared/testing/database.ts";
import { jsonPageResponse, readJsonPage } from "./json_page.ts";
import { transferJsonUntilTime } from "./routes/shape.ts";
import { JSON_SAFE_PATTERN } from "../shared/message.ts";

/** Every kind of character a stored hash or token id may hold (shared/message.ts). */
const AWKWARD = "+/= ' é 😀 </script> \u007f \u2028 " + "h".repeat(20);

Deno.test("every character a stored string may hold is itself in JSON", () => {
  let allowed = 0;
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue; // never in PostgreSQL text
    const char = String.fromCodePoint(code);
    const itself = JSON.stringify(char) === `"${char}"`;
    assert.equal(JSON_SAFE_PATTERN.test(char), itself, `U+${code.toString(16)}`);
    if (itself) allowed++;
  }
  assert.equal(allowed, 0x110000 - 0x800 - 0x20 - 2);
});

Deno.test("PostgreSQL writes a transfer up to its time exactly as JSON.stringify would", async () => {
  await using db = await createTestDatabase({ migrate: false });
  const sql = db.sql;
  const rows = sql`
    SELECT * FROM (VALUES
      (7::bigint, 1, 2, ${AWKWARD}::text, ${`gno.land/r/demo/x.${AWKWARD}`}::text,
        'gno.land/r/demo/x'::text, ''::text, 'g1to'::text, ${"9".repeat(78)}::numeric),
      (6::bigint, 0, 0, 'h', 't.T', 't', 'g1from', '', 5::numeric)
    ) AS v(block_height, tx_index, event_index, tx_hash, token_id, token_path, from_address,
      to_address, amount)`;
  const page = await readJsonPage(sql, {
    rows,
    order: sql`ORDER BY r.block_height DESC`,
    item: transferJsonUntilTime(sql),
    key: sql`ARRAY[r.block_height, r.tx_index, r.event_index]::text[]`,
    limit: 1,
  });
  const expected = JSON.stringify({
    fromAddress: "",
    toAddress: "g1to",
    tokenId: `gno.land/r/demo/x.${AWKWARD}`,
    tokenPath: "gno.land/r/demo/x",
    amount: 1,
    kind: "mint",
    blockHeight: 7,
    txIndex: 1,
    eventIndex: 2,
    txHash: AWKWARD,
    time: null,
  }).replace('"amount":1', `"amount":${"9".repeat(78)}`).replace(/null}$/, "");
  assert.equal(page.items, expected);
  assert.equal(page.found, 2);
  assert.deepEqual(page.last, ["7", "1", "2"]);

  const whole = await readJsonPage(sql, {
    rows,
    order: sql`ORDER BY r.block_height DESC`,
    item: transferJsonUntilTime(sql),
    key: sql`ARRAY[r.block_height]::text[]`,
    limit: 2,
    separator: "|",
  });
  assert.equal(whole.items.split("|")[0], expected);
  assert.equal(
    whole.items.split("|")[1],
    `{"fromAddress":"g1from","toAddress":"","tokenId":"t.T","tokenPath":"t","amount":5,` +
      `"kind":"burn",` +
      `"blockHeight":6,"txIndex":0,"eventIndex":0,"txHash":"h","time":`,
  );
  assert.equal(whole.found, 2);
  assert.deepEqual(whole.last, ["6"]);
});

Deno.test("only the served rows are rendered and only the last one's key is built", async () => {
  await using db = await createTestDatabase({ migrate: false });
  const sql = db.sql;
  // Rendering the extra row (1) would divide by zero, and so would the key of any row but 2.
  const page = await readJsonPage(sql, {
    rows: sql`SELECT * FROM (VALUES (3), (2), (1)) AS v(n)`,
    order: sql`ORDER BY r.n DESC`,
    item: sql`(6 / (r.n - 1))::text`,
    key: sql`ARRAY[6 / (r.n - 3) / (r.n - 1)]::text[]`,
    limit: 2,
  });
  assert.deepEqual(page, { found: 3, items: "3,6", last: ["-6"] });
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
