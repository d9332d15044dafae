import assert from "node:assert/strict";
import { createTestDatabase } from "../shared/testing/database.ts";
import { createConsistentThrough } from "./consistency.ts";
import { publishWindow, seedWindow } from "./testing/seed.ts";

Deno.test("the consistent-through height is reused briefly, then read again", async () => {
  await using db = await createTestDatabase();
  let now = 0;
  const consistentThrough = createConsistentThrough({ sql: db.sql, maxAgeMs: 100, now: () => now });
  assert.equal(await consistentThrough(), -1);

  await seedWindow(db.sql, { from: 0, to: 4 }, []);
  now = 99;
  assert.equal(await consistentThrough(), -1);
  now = 100;
  assert.equal(await consistentThrough(), 4);
});

Deno.test("a published window not yet applied holds the height below it", async () => {
  await using db = await createTestDatabase();
  const consistentThrough = createConsistentThrough({ sql: db.sql, maxAgeMs: 0 });
  await seedWindow(db.sql, { from: 0, to: 4 }, []);
  await publishWindow(db.sql, { from: 5, to: 9 }, 1);
  await seedWindow(db.sql, { from: 10, to: 14 }, []);
  assert.equal(await consistentThrough(), 4);
});

Deno.test("concurrent readers share one query", async () => {
  await using db = await createTestDatabase();
  await seedWindow(db.sql, { from: 0, to: 2 }, []);
  const consistentThrough = createConsistentThrough({ sql: db.sql, maxAgeMs: 1000 });
  const first = consistentThrough();
  assert.equal(consistentThrough(), first);
  assert.deepEqual(await Promise.all([first, consistentThrough()]), [2, 2]);
});
