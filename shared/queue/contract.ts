/**
 * Behaviour every Queue implementation must show; run against SQS (ElasticMQ) and the in-memory
 * queue by their test files.
 */
import assert from "node:assert/strict";
import type { Queue } from "./queue.ts";

export interface QueueUnderTest extends AsyncDisposable {
  queue: Queue;
}

export type MakeQueue = (options?: { maxReceiveCount?: number }) => Promise<QueueUnderTest>;

export function queueContract(name: string, make: MakeQueue): void {
  const test = (title: string, fn: () => Promise<void>) => Deno.test(`${name}: ${title}`, fn);

  test("sent messages are received once and gone after delete", async () => {
    await using t = await make();
    const bodies = Array.from({ length: 25 }, (_, i) => JSON.stringify({ n: i }));
    await t.queue.send(bodies);
    const received = [];
    while (received.length < 25) {
      const batch = await t.queue.receive({ maxMessages: 10, waitSeconds: 1 });
      assert.ok(batch.length > 0, "expected more messages");
      assert.ok(batch.length <= 10);
      received.push(...batch);
    }
    assert.deepEqual(received.map((m) => m.body).sort(), [...bodies].sort());
    assert.ok(received.every((m) => m.receiveCount === 1));
    await t.queue.delete(received);
    assert.deepEqual(await t.queue.receive({ waitSeconds: 0 }), []);
    assert.deepEqual(await t.queue.stats(), { visible: 0, inFlight: 0, delayed: 0 });
  });

  test("an undeleted message is redelivered after its visibility timeout", async () => {
    await using t = await make();
    await t.queue.send(["once more"]);
    const [first] = await t.queue.receive({ waitSeconds: 1, visibilityTimeoutSeconds: 1 });
    assert.equal(first.body, "once more");
    assert.deepEqual(await t.queue.receive({ waitSeconds: 0 }), []);
    const [again] = await t.queue.receive({ waitSeconds: 5 });
    assert.equal(again.body, "once more");
    assert.equal(again.receiveCount, 2);
  });

  test("a long poll returns as soon as a message arrives", async () => {
    await using t = await make();
    const pending = t.queue.receive({ waitSeconds: 10 });
    await t.queue.send(["late"]);
    const got = await pending;
    assert.equal(got[0]?.body, "late");
  });

  test("a released message is visible again at once", async () => {
    await using t = await make();
    await t.queue.send(["handed back"]);
    const first = await t.queue.receive({ waitSeconds: 1 });
    await t.queue.release(first);
    const again = await t.queue.receive({ waitSeconds: 1 });
    assert.equal(again[0]?.body, "handed back");
  });

  test("a message received too often moves to the dead-letter queue", async () => {
    await using t = await make({ maxReceiveCount: 2 });
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

  test("dead-lettering a message moves it at once", async () => {
    await using t = await make();
    await t.queue.send(["not json"]);
    const [message] = await t.queue.receive({ waitSeconds: 1 });
    await t.queue.deadLetter(message, "body is not JSON");
    assert.deepEqual(await t.queue.receive({ waitSeconds: 0 }), []);
    const dead = await t.queue.receiveDeadLetters({ waitSeconds: 1 });
    assert.equal(dead[0]?.body, "not json");
  });

  test("large bodies are split into batches and all delivered", async () => {
    await using t = await make();
    const bodies = Array.from({ length: 12 }, (_, i) => `${i}:` + "y".repeat(60 * 1024));
    await t.queue.send(bodies);
    assert.equal((await t.queue.stats()).visible, 12);
  });

  test("a body over 256 KiB is refused before anything is sent", async () => {
    await using t = await make();
    await assert.rejects(t.queue.send(["ok", "z".repeat(256 * 1024 + 1)]), /exceeds/);
    assert.equal((await t.queue.stats()).visible, 0);
  });
}
