/**
 * The queue interface over SQS (ElasticMQ locally, AWS SQS in production) with the AWS SDK.
 * On creation it makes sure the queue and its dead-letter queue exist, with a redrive policy that
 * moves a message to the DLQ after `maxReceiveCount` receives. When the queues vanish at runtime
 * (ElasticMQ keeps them in memory: a restart wipes them), the next call that meets "queue does
 * not exist" creates them again and retries once, so neither service is stuck on a dead queue;
 * the messages that vanished are republished by sync/ (docs/architecture.md, "No silent loss").
 */
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  errorTypeRegistries,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { JsonCodec } from "@aws-sdk/core/protocols";
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import {
  planBatches,
  type Queue,
  type QueueMessage,
  type QueueStats,
  type ReceiveOptions,
} from "./queue.ts";

export interface SqsQueueOptions {
  /** e.g. http://127.0.0.1:9324 for ElasticMQ; omit for AWS. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  queueName: string;
  deadLetterQueueName: string;
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}

/** The queue settings every service reads from its environment (shared/config/schemas.ts). */
export interface SqsQueueConfig {
  SQS_ENDPOINT?: string;
  SQS_REGION: string;
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  SQS_QUEUE_NAME: string;
  SQS_DLQ_NAME: string;
  SQS_MAX_RECEIVE_COUNT: number;
  SQS_VISIBILITY_TIMEOUT_SECONDS: number;
}

export function sqsQueueOptions(config: SqsQueueConfig): SqsQueueOptions {
  return {
    endpoint: config.SQS_ENDPOINT,
    region: config.SQS_REGION,
    accessKeyId: config.AWS_ACCESS_KEY_ID,
    secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
    queueName: config.SQS_QUEUE_NAME,
    deadLetterQueueName: config.SQS_DLQ_NAME,
    maxReceiveCount: config.SQS_MAX_RECEIVE_COUNT,
    visibilityTimeoutSeconds: config.SQS_VISIBILITY_TIMEOUT_SECONDS,
  };
}

export async function createSqsQueue(options: SqsQueueOptions): Promise<Queue> {
  const client = new SQSClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.accessKeyId && options.secretAccessKey
      ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
      : options.endpoint
      ? { accessKeyId: "local", secretAccessKey: "local" }
      : undefined,
    maxAttempts: 3,
    // Deno's own fetch (pooled keep-alive connections) instead of the node:http compatibility
    // layer: about 3 ms less CPU per send, receive and delete of a 200 KiB message.
    requestHandler: new FetchHttpHandler(),
    // No MD5 of every body sent and received, in JavaScript: 2 % of the sync's and 4 % of the
    // processor's CPU. TCP (and TLS to AWS) already guard the bytes, and a body that arrives
    // damaged anyway fails the processor's decoding and goes to the dead-letter queue.
    md5: false,
    // The SDK's own defaults for SQS, but with its JSON codec that hands each request to
    // JSON.stringify: the default one writes every character of a body into a byte array in
    // JavaScript, ~1 ms more CPU per 246 KB window body sent.
    protocolSettings: {
      defaultNamespace: "com.amazonaws.sqs",
      errorTypeRegistries,
      version: "2012-11-05",
      serviceTarget: "AmazonSQS",
      awsQueryCompatible: true,
      jsonCodec: new JsonCodec({
        timestampFormat: { useTrait: true, default: 7 },
        jsonName: false,
      }),
    },
  });
  const createQueues = async () => {
    const deadLetterUrl = await ensureQueue(client, options.deadLetterQueueName, {});
    const deadLetterArn = await queueArn(client, deadLetterUrl);
    const queueUrl = await ensureQueue(client, options.queueName, {
      VisibilityTimeout: String(options.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: deadLetterArn,
        maxReceiveCount: String(options.maxReceiveCount),
      }),
    });
    return { queueUrl, deadLetterUrl };
  };
  let urls = await createQueues();
  let recreating: Promise<void> | undefined;
  const recreate = () =>
    recreating ??= createQueues().then((created) => {
      urls = created;
    }).finally(() => {
      recreating = undefined;
    });
  /** Runs `operation`; if a queue has vanished, creates both again and runs it once more. */
  const withQueues = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      if (!isMissingQueue(error)) throw error;
      await recreate();
      return await operation();
    }
  };

  const receiveFrom = async (url: string, receive: ReceiveOptions = {}) => {
    const result = await sendCancellable(receive.signal, (abortSignal) =>
      client.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: receive.maxMessages ?? 10,
          WaitTimeSeconds: receive.waitSeconds ?? 20,
          VisibilityTimeout: receive.visibilityTimeoutSeconds,
          MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
          MessageAttributeNames: ["All"],
        }),
        { abortSignal },
      ));
    return (result.Messages ?? []).map(toQueueMessage);
  };

  const statsOf = async (url: string): Promise<QueueStats> => {
    const { Attributes: a = {} } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          "ApproximateNumberOfMessages",
          "ApproximateNumberOfMessagesNotVisible",
          "ApproximateNumberOfMessagesDelayed",
        ],
      }),
    );
    return {
      visible: Number(a.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
      delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
    };
  };

  return {
    async send(bodies, signal) {
      for (const batch of planBatches(bodies)) {
        let entries = batch.map((body, i) => ({ Id: String(i), MessageBody: body }));
        for (let attempt = 1; entries.length > 0; attempt++) {
          const pending = entries;
          const result = await withQueues(() =>
            sendCancellable(signal, (abortSignal) =>
              client.send(
                new SendMessageBatchCommand({ QueueUrl: urls.queueUrl, Entries: pending }),
                { abortSignal },
              ))
          );
          const failed = new Set((result.Failed ?? []).map((f) => f.Id));
          if (failed.size > 0 && attempt >= 5) {
            const first = result.Failed![0];
            throw new Error(`SQS refused ${failed.size} messages: ${first.Code} ${first.Message}`);
          }
          entries = entries.filter((entry) => failed.has(entry.Id));
        }
      }
    },
    receive: (receive) => withQueues(() => receiveFrom(urls.queueUrl, receive)),
    async delete(messages) {
      for (let i = 0; i < messages.length; i += 10) {
        const chunk = messages.slice(i, i + 10);
        const result = await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: urls.queueUrl,
            Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.receiptHandle })),
          }),
        );
        // A delete can fail only if the receipt expired; the message then comes back and is
        // applied as a duplicate (a no-op), so it is logged by the caller, not retried here.
        if (result.Failed?.length) {
          throw new Error(
            `SQS could not delete ${result.Failed.length} messages: ${result.Failed[0].Message}`,
          );
        }
      }
    },
    async release(messages) {
      for (let i = 0; i < messages.length; i += 10) {
        const chunk = messages.slice(i, i + 10);
        await client.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: urls.queueUrl,
            Entries: chunk.map((m, j) => ({
              Id: String(j),
              ReceiptHandle: m.receiptHandle,
              VisibilityTimeout: 0,
            })),
          }),
        );
      }
    },
    async deadLetter(message, reason) {
      await withQueues(() =>
        client.send(
          new SendMessageCommand({
            QueueUrl: urls.deadLetterUrl,
            MessageBody: message.body,
            MessageAttributes: {
              reason: { DataType: "String", StringValue: reason.slice(0, 1024) || "unknown" },
            },
          }),
        )
      );
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: urls.queueUrl,
          Entries: [{ Id: "0", ReceiptHandle: message.receiptHandle }],
        }),
      );
    },
    stats: () => withQueues(() => statsOf(urls.queueUrl)),
    deadLetterStats: () => withQueues(() => statsOf(urls.deadLetterUrl)),
    receiveDeadLetters: (receive) => withQueues(() => receiveFrom(urls.deadLetterUrl, receive)),
    close: () => client.destroy(),
  };
}

/**
 * Runs one SDK call with its own AbortSignal that follows `signal`. The SDK's HTTP handler
 * adds an abort listener to the signal it is given and, under Deno, never removes it: given a
 * long-lived signal (the service's shutdown signal), every call's request and response stayed
 * reachable, about 1 MB of resident memory per receive of large messages.
 */
async function sendCancellable<T>(
  signal: AbortSignal | undefined,
  call: (abortSignal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!signal) return await call(undefined);
  signal.throwIfAborted();
  const perCall = new AbortController();
  const abort = () => perCall.abort(signal.reason);
  signal.addEventListener("abort", abort, { once: true });
  try {
    return await call(perCall.signal);
  } finally {
    signal.removeEventListener("abort", abort);
  }
}

async function ensureQueue(
  client: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  try {
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
    );
    return QueueUrl!;
  } catch (error) {
    // The queue exists with other attributes: keep it and bring its attributes up to date.
    if (!/QueueAlreadyExists|QueueNameExists/.test(String((error as Error).name))) throw error;
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name }));
    await client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl!;
  }
}

/** SQS's and ElasticMQ's ways of saying the queue is gone. */
export function isMissingQueue(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? "";
  return /QueueDoesNotExist|NonExistentQueue/.test(name);
}

async function queueArn(client: SQSClient, url: string): Promise<string> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
  );
  return Attributes!.QueueArn!;
}

function toQueueMessage(message: Message): QueueMessage {
  const attributes = message.Attributes ?? {};
  return {
    id: message.MessageId!,
    body: message.Body ?? "",
    receiptHandle: message.ReceiptHandle!,
    receiveCount: Number(attributes.ApproximateReceiveCount ?? 1),
    sentAt: Number(attributes.SentTimestamp ?? Date.now()),
  };
}
