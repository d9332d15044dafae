import assert from "node:assert/strict";
import { startPostgres } from "../../scripts/services/postgres.ts";
import { serverUrl } from "../testing/database.ts";
import { createDatabase } from "./connect.ts";

Deno.test("pools connect, run queries and COPY", async () => {
  const sql = createDatabase({ url: serverUrl(), max: 2 });
  try {
    await sql.begin(async (tx) => {
      await tx`CREATE TEMP TABLE copied (n int, s text) ON COMMIT DROP`;
      const writable = await tx`COPY copied FROM STDIN`.writable();
      await new Promise<void>((resolve, reject) => {
        writable.on("error", reject);
        writable.end("1\tone\n2\ttwo\n", () => resolve());
      });
      const rows = await tx<{ n: number; s: string }[]>`SELECT n, s FROM copied ORDER BY n`;
      assert.deepEqual(rows.map((r) => [r.n, r.s]), [[1, "one"], [2, "two"]]);
    });
  } finally {
    await sql.end();
  }
});

Deno.test("a refused connection fails the query and the pool still ends", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  const sql = createDatabase({ url: `postgres://nobody@127.0.0.1:${port}/none`, max: 1 });
  await assert.rejects(sql`SELECT 1`, /ECONNREFUSED|refused/i);
  await sql.end({ timeout: 1 });
});

Deno.test({
  name: "a pool reconnects after the server restarts",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const postgres = await startPostgres();
    const sql = createDatabase({ url: postgres.url, max: 2 });
    try {
      assert.equal((await sql`SELECT 1 AS one`)[0].one, 1);
      await postgres.restart();
      let answered = false;
      for (let attempt = 0; attempt < 50 && !answered; attempt++) {
        answered = await sql`SELECT 1`.then(() => true, () => false);
        if (!answered) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.ok(answered, "no query succeeded after the restart");
    } finally {
      await sql.end({ timeout: 1 });
      await postgres.stop();
    }
  },
});
