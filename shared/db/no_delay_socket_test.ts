import assert from "node:assert/strict";
import { serverUrl } from "../testing/database.ts";
import { createDatabase } from "./connect.ts";
import { connectNoDelay } from "./no_delay_socket.ts";

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

Deno.test("a refused connection rejects instead of hanging", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  await assert.rejects(connectNoDelay({ host: ["127.0.0.1"], port: [port], connect_timeout: 2 }));
});
