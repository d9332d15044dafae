import assert from "node:assert/strict";
import { createTestDatabase } from "../testing/database.ts";
import { integerArrayLiteral, textArrayLiteral } from "./pg_array.ts";

Deno.test("array literals read back in PostgreSQL as the same values", async () => {
  await using db = await createTestDatabase({ migrate: false });
  const texts = [
    "",
    "NULL",
    "null",
    'a "quoted" word',
    "back\\slash\\",
    "{braces},commas",
    " spaced ",
    "tab\tand\nnewline",
    "gno.land/r/demo/wugnot",
    "ünï©ødé",
    "ab+/cd==",
  ];
  const integers = [0, 1, 2_147_483_647, 9_007_199_254_740_991];
  const [row] = await db.sql<{ texts: string[]; integers: string[] }[]>`
    SELECT ${textArrayLiteral(texts)}::text[] AS texts,
      ${integerArrayLiteral(integers)}::bigint[]::text[] AS integers`;
  assert.deepEqual(row.texts, texts);
  assert.deepEqual(row.integers.map(Number), integers);
});

Deno.test("empty arrays are empty literals", () => {
  assert.equal(textArrayLiteral([]), "{}");
  assert.equal(integerArrayLiteral([]), "{}");
  assert.equal(textArrayLiteral([""]), '{""}');
});
