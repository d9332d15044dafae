import assert from "node:assert/strict";
import { createDatabase } from "../shared/db/connect.ts";
import { createTestDatabase } from "../shared/testing/database.ts";
import { createTestQueue } from "../shared/testing/queue.ts";
import { checkReadiness } from "./readiness.ts";

Deno.test("the processor is ready when the database and the queue answer", async () => {
  await using db = await createTestDatabase();
  await using q = await createTestQueue();
  const readiness = await checkReadiness({ sql: db.sql, queue: q.queue });
  assert.equal(readiness.ready, true);
  assert.deepEqual(readiness.checks, {
    database: "ok",
    queue: "ok",
    appliedHeight: -1,
    queueVisible: 0,
  });
});

Deno.test("the processor is not ready when the database is unreachable", async () => {
  await using q = await createTestQueue();
  const unreachable = createDatabase({ url: "postgres://nobody@127.0.0.1:1/none", max: 1 });
  try {
    const readiness = await checkReadiness({ sql: unreachable, queue: q.queue });
    assert.equal(readiness.ready, false);
    assert.notEqual(readiness.checks.database, "ok");
    assert.equal(readiness.checks.queue, "ok");
  } finally {
    await unreachable.end();
  }
});
