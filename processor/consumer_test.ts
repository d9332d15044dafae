import assert from "node:assert/strict";
import { applyMessages } from "./apply.ts";
import {
  address,
  appliedHeight,
  balancesOf,
  history,
  publishWindow,
  setSyncCheckpoint,
  tokenEvent,
  truthOf,
} from "./apply_fixtures.ts";
import { createDatabase, type Sql } from "../shared/db/connect.ts";
import type { TokenEvent } from "../shared/events/mod.ts";
import { silentLogger } from "../shared/log.ts";
import { decodeMessage, packMessages, type Window } from "../shared/message_pack.ts";
import { Registry } from "../shared/metrics.ts";
import type { Queue } from "../shared/queue/queue.ts";
import { createTestDatabase } from "../shared/testing/database.ts";
import { createTestQueue } from "../shared/testing/queue.ts";
import { type Consumer, createConsumer } from "./consumer.ts";

const ALICE = address(1);
const BOB = address(2);

interface Running {
  consumer: Consumer;
  registry: Registry;
  stop(): Promise<void>;
}

function startConsumer(sql: Sql, queue: Queue, pollers = 2, maxMessages = 10): Running {
  const registry = new Registry();
  const consumer = createConsumer({
    sql,
    queue,
    logger: silentLogger,
    metrics: registry,
    pollers,
    waitSeconds: 1,
    maxMessages,
    statsIntervalMs: 100,
    backoffBaseMs: 20,
    backoffMaxMs: 200,
  });
  const controller = new AbortController();
  const done = consumer.run(controller.signal);
  return {
    consumer,
    registry,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

/** Polls until the condition holds; the deadline only turns a hang into a failure. */
async function waitFor(what: string, condition: () => Promise<boolean> | boolean) {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function queueIsEmpty(queue: Queue): Promise<boolean> {
  const stats = await queue.stats();
  return stats.visible + stats.inFlight + stats.delayed === 0;
}

function windowOf(events: TokenEvent[]): Window {
  const heights = events.map((e) => e.blockHeight);
  return { from: Math.min(...heights), to: Math.max(...heights) };
}

/** One mint at `height`, published as the sync would: its window recorded, its message sent. */
async function publishOneMint(sql: Sql, queue: Queue, height: number): Promise<void> {
  const events = [tokenEvent({ from: "", to: ALICE, amount: 1n, blockHeight: height })];
  await publishWindow(sql, windowOf(events), 1);
  await setSyncCheckpoint(sql, height);
  await queue.send(packMessages(windowOf(events), events));
}

Deno.test("a message delivered twice is applied once", async () => {
  await using db = await createTestDatabase();
  await using q = await createTestQueue();
  const events = history({ seed: 21, fromHeight: 1, toHeight: 20, eventsPerBlock: 5 });
  const bodies = packMessages({ from: 1, to: 20 }, events);
  await q.queue.send([...bodies, ...bodies]);
  const running = startConsumer(db.sql, q.queue, 1, 1);
  await waitFor("the queue is drained", () => queueIsEmpty(q.queue));
  await running.stop();
  assert.deepEqual(await balancesOf(db.sql), truthOf(events));
  const { metrics } = running.consumer;
  assert.equal(metrics.eventsApplied.get(), events.length);
  assert.equal(metrics.eventsDuplicate.get(), events.length);
  assert.equal(metrics.messages.get({ outcome: "applied" }), 2 * bodies.length);
});

Deno.test("a transfer delivered before its mint ends at the right balances", async () => {
  await using db = await createTestDatabase();
  await using q = await createTestQueue();
  const mint = tokenEvent({ from: "", to: ALICE, amount: 100n, blockHeight: 1 });
  const transfer = tokenEvent({ from: ALICE, to: BOB, amount: 70n, blockHeight: 2 });
  const burn = tokenEvent({ from: BOB, to: "", amount: 20n, blockHeight: 3 });
  await q.queue.send([
    ...packMessages({ from: 3, to: 3 }, [burn]),
    ...packMessages({ from: 2, to: 2 }, [transfer]),
    ...packMessages({ from: 1, to: 1 }, [mint]),
  ]);
  const running = startConsumer(db.sql, q.queue, 1, 1);
  await waitFor("the queue is drained", () => queueIsEmpty(q.queue));
  await running.stop();
  assert.deepEqual(await balancesOf(db.sql), truthOf([mint, transfer, burn]));
  assert.equal((await balancesOf(db.sql)).get(`${BOB}|${mint.tokenPath}`), 50n);
});

Deno.test("a crash after the commit and before the delete does not apply twice", async () => {
  await using db = await createTestDatabase();
  await using q = await createTestQueue({ visibilityTimeoutSeconds: 1 });
  const events = history({ seed: 22, fromHeight: 1, toHeight: 30, eventsPerBlock: 4 });
  const bodies = packMessages({ from: 1, to: 30 }, events, { limitBytes: 3_000 });
  await q.queue.send(bodies);
  // The crashed processor: received and committed everything, deleted nothing.
  const received = [];
  while (received.length < bodies.length) {
    received.push(...await q.queue.receive({ maxMessages: 10, waitSeconds: 1 }));
  }
  const decoded = received.map((m) => decodeMessage(m.body)).map((r) => {
    if (!r.ok) throw new Error(r.error);
    return r.message;
  });
  await applyMessages(db.sql, decoded);

  const running = startConsumer(db.sql, q.queue);
  await waitFor("the queue is drained", () => queueIsEmpty(q.queue));
  await running.stop();
  assert.deepEqual(await balancesOf(db.sql), truthOf(events));
  assert.equal(running.consumer.metrics.eventsApplied.get(), 0);
  assert.equal(running.consumer.metrics.eventsDuplicate.get(), events.length);
});

Deno.test("two processors on one queue with overlapping messages reach the exact truth", async () => {
  await using db = await createTestDatabase();
  await using q = await createTestQueue();
  const windows = Array.from({ length: 10 }, (_, i) => ({ from: i * 20 + 1, to: i * 20 + 20 }));
  const events = history({
    seed: 23,
    fromHeight: 1,
    toHeight: 200,
    eventsPerBlock: 12,
    accounts: 5,
    maxAmount: 2n ** 90n,
  });
  const bodies = windows.map((w) =>
    packMessages(w, events.filter((e) => e.blockHeight >= w.from && e.blockHeight <= w.to), {
      limitBytes: 4_000,
    })
  );
  for (const [i, window] of windows.entries()) {
    await publishWindow(db.sql, window, bodies[i].length);
  }
  await setSyncCheckpoint(db.sql, 200);
  const all = bodies.flat();
  // Every other message is published twice, as a republished window would be.
  await q.queue.send([...all, ...all.filter((_, i) => i % 2 === 0)].reverse());

  // Two processes: separate pools, several pollers each.
  const second = createDatabase({ url: db.url, max: 4 });
  try {
    const a = startConsumer(db.sql, q.queue, 3);
    const b = startConsumer(second, q.queue, 3);
    await waitFor("the queue is drained", () => queueIsEmpty(q.queue));
    await Promise.all([a.stop(), b.stop()]);
    assert.deepEqual(await balancesOf(db.sql), truthOf(events));
    assert.equal(await appliedHeight(db.sql), 200);
    const applied = [a, b].map((r) => r.consumer.metrics.eventsApplied.get());
    assert.equal(applied[0] + applied[1], events.length);
    for (const r of [a, b]) {
      assert.equal(r.consumer.metrics.failures.get({ stage: "apply" }), 0);
    }
  } finally {
    await second.end();
  }
});

Deno.test("poison messages go to the dead-letter queue and the good ones are applied", async () => {
  await using db = await createTestDatabase();
  await using q = await createTestQueue();
  const good = [
    tokenEvent({ from: "", to: ALICE, amount: 5n, blockHeight: 1 }),
    tokenEvent({ from: ALICE, to: BOB, amount: 2n, blockHeight: 2 }),
  ];
  const [first] = packMessages({ from: 1, to: 1 }, [good[0]]);
  const [second] = packMessages({ from: 2, to: 2 }, [good[1]]);
  const template = JSON.parse(first);
  const event = template.events[0];
  const poison = [
    "{not json",
    JSON.stringify({ ...template, v: 9 }),
    JSON.stringify({ ...template, events: [event.with(7, "9".repeat(79))] }),
    JSON.stringify({ ...template, events: [event.with(3, 2 ** 40)] }),
  ];
  // Valid to the schema, refused by PostgreSQL (a part index beyond INTEGER): found by splitting.
  const refused = JSON.stringify({
    ...template,
    window: { from: 7, to: 7 },
    part: { index: 2 ** 31, count: 2 ** 31 + 1 },
    events: [event.with(1, 7)],
  });
  await q.queue.send([poison[0], first, poison[1], poison[2], refused, poison[3], second]);

  const running = startConsumer(db.sql, q.queue, 1);
  await waitFor("the queue is drained", () => queueIsEmpty(q.queue));
  await running.stop();
  assert.deepEqual(await balancesOf(db.sql), truthOf(good));
  const dead = [];
  for (let i = 0; i < 5 && dead.length < 5; i++) {
    dead.push(...await q.queue.receiveDeadLetters({ maxMessages: 10, waitSeconds: 1 }));
  }
  assert.deepEqual(dead.map((m) => m.body).sort(), [...poison, refused].sort());
  const { rejections } = running.consumer.metrics;
  assert.equal(rejections.get({ reason: "invalid_json" }), 1);
  assert.equal(rejections.get({ reason: "invalid_message" }), 3);
  assert.equal(rejections.get({ reason: "rejected_by_database" }), 1);
});

Deno.test("stopping the consumer ends its pollers and leaves metrics behind", async () => {
  await using db = await createTestDatabase();
  await using q = await createTestQueue();
  await publishOneMint(db.sql, q.queue, 4);
  const running = startConsumer(db.sql, q.queue, 4);
  await waitFor("the window is applied", async () => (await appliedHeight(db.sql)) === 4);
  await waitFor("the stats are sampled", () => running.consumer.metrics.appliedHeight.get() === 4);
  await running.stop();
  const text = running.registry.render();
  assert.match(text, /processor_events_applied_total 1/);
  assert.match(text, /processor_queue_messages\{state="visible"\} 0/);
  assert.match(text, /processor_apply_seconds_count 1/);
});

Deno.test("stopping the consumer waits for the deletes of applied batches", async () => {
  await using db = await createTestDatabase();
  await using q = await createTestQueue();
  await publishOneMint(db.sql, q.queue, 5);
  // A slow queue answer: the delete runs in the background while the poller goes on.
  let deleted = 0;
  const slowDeletes: Queue = {
    ...q.queue,
    delete: async (messages) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await q.queue.delete(messages);
      deleted += messages.length;
    },
  };
  const running = startConsumer(db.sql, slowDeletes, 1);
  await waitFor("the window is applied", async () => (await appliedHeight(db.sql)) === 5);
  await running.stop();
  assert.equal(deleted, 1);
  assert.ok(await queueIsEmpty(q.queue));
});
