import assert from "node:assert/strict";
import { createTestQueue } from "../testing/queue.ts";
import { createSqsQueue } from "./sqs.ts";

Deno.test("sent messages are received once and gone after delete", async () => {
  await using t = await createTestQueue();
  const bodies = Array.from({ length: 25 }, (_, i) => JSON.stringify({ n: i }));
  await t.queue.send(bodies);
  const received = [];
  while (received.length < 25) {
    const batch = await t.queue.receive({ maxMessages: 10, waitSeconds: 1 });
    assert.ok(batch.length > 0, "expected more messages");
    received.push(...batch);
  }
  assert.deepEqual(received.map((m) => m.body).sort(), [...bodies].sort());
  assert.ok(received.every((m) => m.receiveCount === 1));
  await t.queue.delete(received);
  assert.deepEqual(await t.queue.receive({ waitSeconds: 0 }), []);
  assert.deepEqual(await t.queue.stats(), { visible: 0, inFlight: 0, delayed: 0 });
});

Deno.test("an undeleted message is redelivered after its visibility timeout", async () => {
  await using t = await createTestQueue();
  await t.queue.send(["once more"]);
  const [first] = await t.queue.receive({ waitSeconds: 1, visibilityTimeoutSeconds: 1 });
  assert.equal(first.body, "once more");
  assert.deepEqual(await t.queue.receive({ waitSeconds: 0 }), []);
  const [again] = await t.queue.receive({ waitSeconds: 5 });
  assert.equal(again.body, "once more");
  assert.equal(again.receiveCount, 2);
});

Deno.test("a released message is visible again at once", async () => {
  await using t = await createTestQueue();
  await t.queue.send(["handed back"]);
  const first = await t.queue.receive({ waitSeconds: 1 });
  await t.queue.release(first);
  const again = await t.queue.receive({ waitSeconds: 1 });
  assert.equal(again[0]?.body, "handed back");
});

Deno.test("a message received too often moves to the dead-letter queue", async () => {
  await using t = await createTestQueue({ maxReceiveCount: 2 });
  await t.queue.send(["poison"]);
  for (let i = 0; i < 2; i++) {
    const got = await t.queue.receive({ waitSeconds: 5, visibilityTimeoutSeconds: 1 });
    assert.equal(got.length, 1);
  }
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.deepEqual(await t.queue.receive({ waitSeconds: 1 }), []);
  const dead = await t.queue.receiveDeadLetters({ waitSeconds: 1 });
  assert.equal(dead[0]?.body, "poison");
});

Deno.test("dead-lettering a message moves it at once", async () => {
  await using t = await createTestQueue();
  await t.queue.send(["not json"]);
  const [message] = await t.queue.receive({ waitSeconds: 1 });
  await t.queue.deadLetter(message, "body is not JSON");
  assert.deepEqual(await t.queue.receive({ waitSeconds: 0 }), []);
  const dead = await t.queue.receiveDeadLetters({ waitSeconds: 1 });
  assert.equal(dead[0]?.body, "not json");
});

Deno.test("creating an existing queue again keeps its messages", async () => {
  await using t = await createTestQueue();
  await t.queue.send(["kept"]);
  const again = await createSqsQueue({ ...t.options, visibilityTimeoutSeconds: 45 });
  try {
    const [message] = await again.receive({ waitSeconds: 1 });
    assert.equal(message?.body, "kept");
  } finally {
    again.close();
  }
});

Deno.test("a large batch of large bodies is split and fully delivered", async () => {
  await using t = await createTestQueue();
  const bodies = Array.from({ length: 12 }, (_, i) => `${i}:` + "y".repeat(60 * 1024));
  await t.queue.send(bodies);
  const stats = await t.queue.stats();
  assert.equal(stats.visible, 12);
});
