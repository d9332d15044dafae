import assert from "node:assert/strict";
import { startPostgres } from "./postgres.ts";

Deno.test("a PostgreSQL that cannot start says why, with its server log", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const { port } = taken.addr as Deno.NetAddr;
    await assert.rejects(
      startPostgres({ port }),
      (error: Error) =>
        /pg_ctl start failed/.test(error.message) && /server\.log:/.test(error.message) &&
        /Address already in use|could not create any TCP\/IP sockets/.test(error.message),
    );
  } finally {
    taken.close();
  }
});
