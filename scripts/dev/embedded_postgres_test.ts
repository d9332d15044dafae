import assert from "node:assert/strict";
import { createDatabase } from "../../shared/db/mod.ts";
import { migrate } from "../../shared/db/migrate.ts";
import { startEmbeddedPostgres } from "./embedded_postgres.ts";

Deno.test("several pools share the embedded database without mixing their queries", async () => {
  const postgres = await startEmbeddedPostgres();
  const writer = createDatabase({ url: postgres.url, max: 4 });
  const reader = createDatabase({ url: postgres.url, max: 3 });
  try {
    await writer`CREATE TABLE kv (k INTEGER PRIMARY KEY, v NUMERIC NOT NULL)`;
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      work.push(
        writer.begin(async (tx) => {
          await tx`INSERT INTO kv SELECT * FROM unnest(${[2 * i, 2 * i + 1]}::int[], ${[
            "18446744073709551616",
            "1",
          ]}::numeric[])`;
          await new Promise((resolve) => setTimeout(resolve, i % 3));
          const [row] = await tx<{ n: number }[]>`
            SELECT count(*)::int AS n FROM kv WHERE k IN (${2 * i}, ${2 * i + 1})`;
          assert.equal(row.n, 2);
          if (i % 5 === 0) throw new Error("Rolled back on purpose");
        }).catch((error: Error) => assert.equal(error.message, "Rolled back on purpose")),
      );
      work.push(
        reader<{ echo: number; text: string }[]>`SELECT ${i}::int AS echo, ${"x" + i} AS text`
          .then(([row]) => assert.deepEqual({ ...row }, { echo: i, text: "x" + i })),
      );
    }
    await Promise.all(work);
    const [{ rows, total }] = await reader<{ rows: number; total: string }[]>`
      SELECT count(*)::int AS rows, sum(v)::text AS total FROM kv`;
    assert.equal(rows, 48); // 30 transactions of 2 rows, 6 rolled back
    assert.equal(total, (24n * 18446744073709551617n).toString());
  } finally {
    await Promise.all([writer.end(), reader.end()]);
    await postgres.close();
  }
});

Deno.test("the schema migrates on the embedded database and a session lock can be taken", async () => {
  const postgres = await startEmbeddedPostgres();
  const sql = createDatabase({ url: postgres.url, max: 2 });
  const lock = createDatabase({ url: postgres.url, max: 1 });
  try {
    await Promise.all([migrate(sql), migrate(sql)]);
    const [held] = await lock<{ locked: boolean }[]>`SELECT pg_try_advisory_lock(7) AS locked`;
    assert.equal(held.locked, true);
    const [view] = await sql<{ height: string }[]>`SELECT height::text FROM applied_height`;
    assert.equal(view.height, "-1");
  } finally {
    await Promise.all([sql.end(), lock.end()]);
    await postgres.close();
  }
});
