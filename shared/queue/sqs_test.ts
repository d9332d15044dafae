import assert from "node:assert/strict";
import { createTestQueue } from "../testing/queue.ts";
import { queueContract } from "./contract.ts";
import { DeleteQueueCommand, GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSqsQueue } from "./sqs.ts";

queueContract("sqs", (options) => createTestQueue(options));

Deno.test("sqs: creating an existing queue again keeps its messages", async () => {
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

Deno.test("sqs: bodies with characters JSON escapes arrive unchanged", async () => {
  await using t = await createTestQueue();
  // Everything SQS allows that the request's JSON must escape or encode: quotes, backslashes,
  // tab, line breaks, text outside ASCII and a surrogate pair.
  const bodies = ['{"a":"b\\"c"}', "back\\slash\ttab\nline\rreturn", "héllo wörld ✓ 𝄞"];
  await t.queue.send(bodies);
  const received: string[] = [];
  while (received.length < bodies.length) {
    const batch = await t.queue.receive({ maxMessages: 10, waitSeconds: 1 });
    if (batch.length === 0) break;
    received.push(...batch.map((m) => m.body));
  }
  assert.deepEqual(received.sort(), [...bodies].sort());
});

Deno.test("sqs: queues that vanished (an ElasticMQ restart) are created again on use", async () => {
  await using t = await createTestQueue();
  const admin = new SQSClient({
    region: t.options.region,
    endpoint: t.options.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    for (const name of [t.options.queueName, t.options.deadLetterQueueName]) {
      const { QueueUrl } = await admin.send(new GetQueueUrlCommand({ QueueName: name }));
      await admin.send(new DeleteQueueCommand({ QueueUrl }));
    }
    await t.queue.send(["after the wipe"]);
    const [message] = await t.queue.receive({ waitSeconds: 1 });
    assert.equal(message?.body, "after the wipe");
    await t.queue.deadLetter(message, "test");
    assert.equal((await t.queue.deadLetterStats()).visible, 1);
  } finally {
    admin.destroy();
  }
});

Deno.test("sqs: sends and receives leave no listener on the caller's long-lived signal", async () => {
  await using t = await createTestQueue();
  const controller = new AbortController();
  let listeners = 0;
  const { signal } = controller;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<typeof add>) => {
    listeners++;
    add(...args);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
    listeners--;
    remove(...args);
  }) as typeof signal.removeEventListener;
  for (let i = 0; i < 3; i++) {
    await t.queue.send([`message ${i}`], signal);
    const received = await t.queue.receive({ waitSeconds: 1, signal });
    assert.equal(received.length, 1);
    await t.queue.delete(received);
  }
  assert.equal(listeners, 0);
});

Deno.test("sqs: aborting the caller's signal ends a long poll", async () => {
  await using t = await createTestQueue();
  const controller = new AbortController();
  const polling = t.queue.receive({ waitSeconds: 20, signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(polling);
});
