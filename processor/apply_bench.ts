/**
 * applyMessages throughput on realistic batches: 10 messages of 1,000 events over 2,000
 * accounts and 20 tokens, fresh events every iteration (duplicates would be too cheap).
 * Run with DATABASE_URL set: `deno bench -A processor/apply_bench.ts`; events/s is
 * 10,000 (20,000 for the concurrent case) / the time per iteration.
 */
import { createTestDatabase } from "../shared/testing/database.ts";
import { applyMessages } from "./apply.ts";
import { history, messagesOf } from "./apply_fixtures.ts";

const EVENTS_PER_MESSAGE = 1_000;
const MESSAGES_PER_BATCH = 10;
const tokens = Array.from({ length: 20 }, (_, i) => `gno.land/r/bench/token${i}`);
const db = await createTestDatabase();
let seed = 0;

function freshBatch() {
  seed++;
  const from = seed * 100;
  const events = history({
    seed,
    fromHeight: from,
    toHeight: from + 99,
    eventsPerBlock: (EVENTS_PER_MESSAGE * MESSAGES_PER_BATCH) / 100,
    accounts: 2_000,
    tokens,
    maxAmount: 10n ** 24n,
  });
  const messages = Array.from({ length: MESSAGES_PER_BATCH }, (_, part) =>
    messagesOf(
      { from, to: from + 99 },
      events.slice(part * EVENTS_PER_MESSAGE, (part + 1) * EVENTS_PER_MESSAGE),
    )[0]);
  return messages.map((message, index) => ({ ...message, part: { index, count: 10 } }));
}

Deno.bench("applyMessages: one batch of 10 x 1,000 new events", async (b) => {
  const batch = freshBatch();
  b.start();
  await applyMessages(db.sql, batch);
  b.end();
});

Deno.bench("applyMessages: the same batch again (all duplicates)", async (b) => {
  const batch = freshBatch();
  await applyMessages(db.sql, batch);
  b.start();
  await applyMessages(db.sql, batch);
  b.end();
});

Deno.bench("applyMessages: two batches of 10 x 1,000 new events at once", async (b) => {
  const batches = [freshBatch(), freshBatch()];
  b.start();
  await Promise.all(batches.map((batch) => applyMessages(db.sql, batch)));
  b.end();
});

globalThis.addEventListener("unload", () => void db.drop());
