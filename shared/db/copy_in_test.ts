import assert from "node:assert/strict";
import { createDatabase } from "./connect.ts";
import { createTestDatabase } from "../testing/database.ts";
import { copyIn, escapeCopy } from "./copy_in.ts";

Deno.test("COPY text escapes backslash, newline, carriage return and tab", () => {
  assert.equal(escapeCopy('{"a":"x\\"y"}'), '{"a":"x\\\\"y"}');
  assert.equal(escapeCopy("a\nb\rc\td"), "a\\nb\\rc\\td");
  assert.equal(escapeCopy("plain"), "plain");
});

Deno.test("rows copied in a transaction are stored when it commits", async () => {
  await using db = await createTestDatabase({ migrate: false });
  await db.sql`CREATE TABLE numbers (n int PRIMARY KEY, label text)`;
  await db.sql.begin((tx) => copyIn(tx, "numbers", ["n", "label"], ["1\tone\n2\t", "two\n"]));
  assert.deepEqual(
    [...await db.sql`SELECT n, label FROM numbers ORDER BY n`],
    [{ n: 1, label: "one" }, { n: 2, label: "two" }],
  );
});

Deno.test("a COPY the server refuses rejects with its error and leaves the connection usable", async () => {
  await using db = await createTestDatabase({ migrate: false });
  // One connection: a connection left in an aborted transaction would fail the last query.
  const sql = createDatabase({ url: db.url, max: 1 });
  try {
    await sql`CREATE TABLE numbers (n int PRIMARY KEY)`;
    await sql`INSERT INTO numbers VALUES (2)`;
    const refusals = [
      { rows: ["1\n2\n3\n"], code: "23505" }, // the stored row, once all rows are sent
      {
        rows: [Array.from({ length: 100_000 }, (_, i) => `${i + 10}\n`).join("") + "2\n"],
        code: "23505",
      },
      { rows: ["1\nnot a number\n"], code: "22P02" },
    ];
    for (const { rows, code } of refusals) {
      await assert.rejects(
        sql.begin((tx) => copyIn(tx, "numbers", ["n"], rows)),
        (error: { code?: string }) => error.code === code,
      );
    }
    assert.deepEqual([...await sql`SELECT n FROM numbers`], [{ n: 2 }]);
  } finally {
    await sql.end();
  }
});
