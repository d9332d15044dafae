import assert from "node:assert/strict";
import type { TokenEventsMessage } from "../shared/message.ts";
import { createTestDatabase } from "../shared/testing/database.ts";
import type { Sql } from "../shared/db/connect.ts";
import { type ApplyForm, applyMessages } from "./apply.ts";
import {
  address,
  appliedHeight,
  balancesOf,
  bucketSumMismatches,
  history,
  messagesOf,
  publishWindow,
  setSyncCheckpoint,
  tokenEvent,
  TOKENS,
  tokenTotals,
  tokenTotalsOf,
  truthOf,
} from "./apply_fixtures.ts";

const ALICE = address(1);
const BOB = address(2);
const [WUGNOT, GNS] = TOKENS;

/** Every behaviour holds whichever way new events go in. */
const FORMS: { form: ApplyForm; label: string; copyMinEvents: number }[] = [
  { form: "copy", label: "COPY", copyMinEvents: 0 },
  { form: "insert", label: "INSERT", copyMinEvents: Infinity },
];

for (const { form, label, copyMinEvents } of FORMS) {
  const apply = (sql: Sql, messages: TokenEventsMessage[]) =>
    applyMessages(sql, messages, { copyMinEvents });

  Deno.test(`a mint, a transfer and a burn move exactly their amounts (new events by ${label})`, async () => {
    await using db = await createTestDatabase();
    const events = [
      tokenEvent({ from: "", to: ALICE, amount: 100n, blockHeight: 1 }),
      tokenEvent({ from: ALICE, to: BOB, amount: 30n, blockHeight: 2 }),
      tokenEvent({ from: BOB, to: "", amount: 5n, blockHeight: 3 }),
      tokenEvent({ from: "", to: BOB, amount: 9n, blockHeight: 3, eventIndex: 1, tokenId: GNS }),
    ];
    const result = await apply(db.sql, messagesOf({ from: 1, to: 3 }, events));
    assert.equal(result.inserted, 4);
    assert.equal(result.duplicates, 0);
    assert.equal(result.form, form);
    assert.deepEqual(
      await balancesOf(db.sql),
      new Map([[`${ALICE}|${WUGNOT}`, 70n], [`${BOB}|${WUGNOT}`, 25n], [`${BOB}|${GNS}`, 9n]]),
    );
    const [empty] = await db.sql`SELECT count(*)::int AS n FROM balances WHERE address = ''`;
    assert.equal(empty.n, 0, "no balance row for the mint and burn side");
    const [stored] = await db.sql`SELECT count(*)::int AS n FROM token_events`;
    assert.equal(stored.n, 4);
  });

  Deno.test(`a redelivered batch changes nothing and counts its events as duplicates (new events by ${label})`, async () => {
    await using db = await createTestDatabase();
    const events = history({ seed: 11, fromHeight: 1, toHeight: 50, eventsPerBlock: 4 });
    const messages = messagesOf({ from: 1, to: 50 }, events);
    const first = await apply(db.sql, messages);
    const second = await apply(db.sql, messages);
    assert.equal(first.inserted, 200);
    assert.deepEqual([first.form, second.form], [form, "deduplicating"]);
    assert.deepEqual([second.inserted, second.duplicates], [0, 200]);
    assert.deepEqual([second.partsApplied, second.partsDuplicate], [0, messages.length]);
    assert.equal(second.balancesChanged, 0);
    assert.deepEqual(await balancesOf(db.sql), truthOf(events));
  });

  Deno.test(`a batch that mixes stored and new events applies only the new ones (new events by ${label})`, async () => {
    await using db = await createTestDatabase();
    const events = history({ seed: 12, fromHeight: 1, toHeight: 40, eventsPerBlock: 3 });
    const early = events.filter((e) => e.blockHeight <= 20);
    await apply(db.sql, messagesOf({ from: 1, to: 20 }, early));
    const result = await apply(db.sql, messagesOf({ from: 1, to: 40 }, events));
    assert.deepEqual(
      [result.inserted, result.duplicates],
      [events.length - early.length, early.length],
    );
    assert.deepEqual(await balancesOf(db.sql), truthOf(events));
  });

  Deno.test(`the same event twice in one batch is applied once (new events by ${label})`, async () => {
    await using db = await createTestDatabase();
    const mint = tokenEvent({ from: "", to: ALICE, amount: 10n });
    const [message] = messagesOf({ from: 1, to: 1 }, [mint]);
    const result = await apply(db.sql, [message, message, {
      ...message,
      window: { from: 0, to: 5 },
    }]);
    assert.deepEqual([result.inserted, result.duplicates], [1, 2]);
    assert.deepEqual(await balancesOf(db.sql), new Map([[`${ALICE}|${WUGNOT}`, 10n]]));
  });

  Deno.test(`a transfer applied before its mint still ends at the right balances (new events by ${label})`, async () => {
    await using db = await createTestDatabase();
    const mint = tokenEvent({ from: "", to: ALICE, amount: 100n, blockHeight: 1 });
    const transfer = tokenEvent({ from: ALICE, to: BOB, amount: 60n, blockHeight: 2 });
    await apply(db.sql, messagesOf({ from: 2, to: 2 }, [transfer]));
    assert.equal((await balancesOf(db.sql)).get(`${ALICE}|${WUGNOT}`), -60n);
    await apply(db.sql, messagesOf({ from: 1, to: 1 }, [mint]));
    assert.deepEqual(
      await balancesOf(db.sql),
      new Map([[`${ALICE}|${WUGNOT}`, 40n], [`${BOB}|${WUGNOT}`, 60n]]),
    );
  });

  Deno.test(`amounts far above 2^64 are summed exactly (new events by ${label})`, async () => {
    await using db = await createTestDatabase();
    const huge = 10n ** 77n + 12345678901234567890123n;
    const events = [
      tokenEvent({ from: "", to: ALICE, amount: huge, blockHeight: 1 }),
      tokenEvent({ from: "", to: ALICE, amount: huge, blockHeight: 1, eventIndex: 1 }),
      tokenEvent({ from: ALICE, to: BOB, amount: 18446744073709551617n, blockHeight: 2 }),
    ];
    await apply(db.sql, messagesOf({ from: 1, to: 2 }, events));
    assert.deepEqual(await balancesOf(db.sql), truthOf(events));
    assert.equal(
      (await balancesOf(db.sql)).get(`${ALICE}|${WUGNOT}`),
      2n * huge - 18446744073709551617n,
    );
  });

  Deno.test(`a random history applied in shuffled, repeated batches equals the truth (new events by ${label})`, async () => {
    await using db = await createTestDatabase();
    const events = history({
      seed: 12,
      fromHeight: 1,
      toHeight: 300,
      eventsPerBlock: 10,
      maxAmount: 2n ** 100n,
    });
    const messages = [0, 100, 200].flatMap((from) =>
      messagesOf(
        { from: from + 1, to: from + 100 },
        events.filter((e) => e.blockHeight > from && e.blockHeight <= from + 100),
        8_000,
      )
    );
    assert.ok(messages.length > 20);
    const deliveries = [...messages, ...messages.slice(0, 10)].reverse();
    for (let i = 0; i < deliveries.length; i += 7) {
      await apply(db.sql, deliveries.slice(i, i + 7));
    }
    assert.deepEqual(await balancesOf(db.sql), truthOf(events));
  });

  Deno.test(`token totals and bucket sums count every event once, whatever the order (new events by ${label})`, async () => {
    await using db = await createTestDatabase();
    // Across a fine (4,096) and a coarse (65,536) bucket boundary.
    const events = history({ seed: 21, fromHeight: 65_400, toHeight: 65_699, eventsPerBlock: 6 });
    const windows = [65_400, 65_500, 65_600].map((from) => ({ from, to: from + 99 }));
    const messages = windows.flatMap((w) =>
      messagesOf(w, events.filter((e) => e.blockHeight >= w.from && e.blockHeight <= w.to), 3_000)
    );
    const deliveries = [...messages.slice(5), ...messages, ...messages.slice(0, 5)].reverse();
    for (let i = 0; i < deliveries.length; i += 6) await apply(db.sql, deliveries.slice(i, i + 6));
    assert.deepEqual(await balancesOf(db.sql), truthOf(events));
    assert.deepEqual(await tokenTotals(db.sql), tokenTotalsOf(events));
    assert.equal(await bucketSumMismatches(db.sql), 0);
    const [levels] = await db.sql`
      SELECT count(DISTINCT bucket) FILTER (WHERE level = 1)::int AS fine,
        count(DISTINCT bucket) FILTER (WHERE level = 2)::int AS coarse FROM balance_sums`;
    assert.deepEqual({ ...levels }, { fine: 2, coarse: 2 }, "the history spans both boundaries");
  });

  Deno.test(`concurrent batches with overlapping events apply each event once (new events by ${label})`, async () => {
    await using db = await createTestDatabase();
    const events = history({ seed: 13, fromHeight: 1, toHeight: 200, eventsPerBlock: 10 });
    const messages = messagesOf({ from: 1, to: 200 }, events, 2_500);
    assert.ok(messages.length >= 20);
    // Eight appliers, each with every message, in eight different orders, ten per batch.
    const orders = Array.from(
      { length: 8 },
      (_, k) => messages.map((_, i) => messages[(i * (2 * k + 1) + k) % messages.length]),
    );
    const results = await Promise.all(orders.map(async (order) => {
      const totals = { inserted: 0, partsApplied: 0 };
      for (let i = 0; i < order.length; i += 10) {
        const result = await apply(db.sql, order.slice(i, i + 10));
        totals.inserted += result.inserted;
        totals.partsApplied += result.partsApplied;
      }
      return totals;
    }));
    assert.equal(results.reduce((sum, r) => sum + r.inserted, 0), events.length);
    assert.equal(results.reduce((sum, r) => sum + r.partsApplied, 0), messages.length);
    assert.deepEqual(await balancesOf(db.sql), truthOf(events));
    assert.deepEqual(await tokenTotals(db.sql), tokenTotalsOf(events));
    assert.equal(await bucketSumMismatches(db.sql), 0);
  });

  Deno.test(`the applied height advances exactly when every part up to it is applied (new events by ${label})`, async () => {
    await using db = await createTestDatabase();
    const windows = [{ from: 1, to: 10 }, { from: 11, to: 20 }, { from: 21, to: 30 }];
    const events = history({ seed: 14, fromHeight: 1, toHeight: 30, eventsPerBlock: 20 });
    const parts = windows.map((w) =>
      messagesOf(w, events.filter((e) => e.blockHeight >= w.from && e.blockHeight <= w.to), 5_000)
    );
    assert.ok(parts.every((p) => p.length >= 2), "every window has several parts");
    for (const [i, window] of windows.entries()) {
      await publishWindow(db.sql, window, parts[i].length);
    }
    await publishWindow(db.sql, { from: 31, to: 40 }, 0);
    await setSyncCheckpoint(db.sql, 40);
    assert.equal(await appliedHeight(db.sql), 0);

    await apply(db.sql, parts[1]);
    await apply(db.sql, parts[0].slice(1));
    assert.equal(await appliedHeight(db.sql), 0, "window 1 still misses its first part");
    await apply(db.sql, parts[0].slice(0, 1));
    assert.equal(await appliedHeight(db.sql), 20);
    await apply(db.sql, [...parts[0], ...parts[2].slice(0, -1)]);
    assert.equal(await appliedHeight(db.sql), 20, "redelivered parts do not count twice");
    await apply(db.sql, parts[2].slice(-1));
    assert.equal(await appliedHeight(db.sql), 40, "an empty window is complete at once");

    const rows = await db.sql<{ part_count: number; applied_parts: number; applied: boolean }[]>`
    SELECT part_count, applied_parts, applied_at IS NOT NULL AS applied
    FROM published_windows ORDER BY from_height`;
    assert.deepEqual(
      rows.map((r) => [r.applied_parts, r.applied]),
      rows.map((r) => [r.part_count, r.part_count > 0]),
    );
  });
}
