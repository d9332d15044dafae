import assert from "node:assert/strict";
import { createTestQueue } from "../testing/queue.ts";
import { queueContract } from "./contract.ts";
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
