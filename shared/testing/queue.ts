/**
 * A uniquely named queue and dead-letter queue per test on the SQS server named by
 * SQS_ENDPOINT (ElasticMQ started by `deno task test`).
 */
import type { Queue } from "../queue/queue.ts";
import { createSqsQueue, type SqsQueueOptions } from "../queue/sqs.ts";

export function sqsEndpoint(): string {
  const endpoint = Deno.env.get("SQS_ENDPOINT");
  if (!endpoint) {
    throw new Error(
      "SQS_ENDPOINT is not set: run the tests with `deno task test`, which starts PostgreSQL and ElasticMQ",
    );
  }
  return endpoint;
}

export interface TestQueue {
  queue: Queue;
  options: SqsQueueOptions;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function createTestQueue(
  overrides: Partial<SqsQueueOptions> = {},
): Promise<TestQueue> {
  const name = `test-${crypto.randomUUID().slice(0, 13)}`;
  const options: SqsQueueOptions = {
    endpoint: sqsEndpoint(),
    region: "elasticmq",
    queueName: name,
    deadLetterQueueName: `${name}-dlq`,
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 30,
    ...overrides,
  };
  const queue = await createSqsQueue(options);
  return {
    queue,
    options,
    [Symbol.asyncDispose]: () => Promise.resolve(queue.close()),
  };
}
