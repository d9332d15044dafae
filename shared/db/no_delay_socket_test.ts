import assert from "node:assert/strict";
import { serverUrl } from "../testing/database.ts";
import { createDatabase } from "./connect.ts";

Deno.test("pools connect, run queries and COPY through no-delay sockets", async () => {
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
