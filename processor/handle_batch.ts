/**
 * One received batch, start to finish (docs/architecture.md, "Processor order"): decode, dead-letter what can
 * never be applied, apply the rest in one transaction, and delete only after the commit (in the
 * background: the next batch need not wait for the queue's answer).
 * Never throws: a transient failure leaves the messages on the queue, where they come back
 * after their visibility timeout (or at once, when handed back during shutdown).
 */
import type { Sql } from "../shared/db/connect.ts";
import { errorMessage, isDataError } from "../shared/errors.ts";
import type { Logger } from "../shared/log.ts";
import { decodeMessage } from "../shared/message_pack.ts";
import type { Queue, QueueMessage } from "../shared/queue/queue.ts";
import { applyBatch, type ApplyResult } from "./apply.ts";
import { createBatchBuilder, type PreparedBatch } from "./batch.ts";
import type { ProcessorMetrics } from "./metrics.ts";

export interface BatchDeps {
  sql: Sql;
  queue: Queue;
  logger: Logger;
  metrics: ProcessorMetrics;
  /**
   * Runs the queue delete of committed messages without holding up the next batch (the consumer
   * awaits these before it stops). A delete that never happens only brings a duplicate back.
   */
  inBackground(task: Promise<void>): void;
}

/** "retry_later" when a transient failure left messages on the queue. */
export type BatchOutcome = "done" | "retry_later";

export async function handleBatch(
  deps: BatchDeps,
  received: readonly QueueMessage[],
  signal: AbortSignal,
): Promise<BatchOutcome> {
  deps.metrics.batchMessages.observe(received.length);
  const valid: QueueMessage[] = [];
  // Each decoded message goes into the prepared batch at once and is garbage after: only the
  // statement parameters stay in memory while the transaction runs.
  const batch = createBatchBuilder();
  for (const queued of received) {
    const decoded = decodeMessage(queued.body);
    if (decoded.ok) {
      batch.add(decoded.message);
      valid.push(queued);
    } else await deadLetter(deps, queued, decoded.reason, decoded.error);
  }
  if (valid.length === 0) return "done";

  try {
    await applyAndDelete(deps, valid, batch.build());
    return "done";
  } catch (error) {
    if (isDataError(error)) return await applyOneByOne(deps, valid, signal);
    return await leaveForLater(deps, valid, error, signal);
  }
}

/** Applies in one transaction; throws only if the apply failed (nothing committed). */
async function applyAndDelete(
  deps: BatchDeps,
  messages: readonly QueueMessage[],
  batch: PreparedBatch,
): Promise<void> {
  const started = performance.now();
  const result = await applyBatch(deps.sql, batch, {
    onRetry: (error, attempt) => {
      deps.metrics.applyRetries.inc();
      deps.logger.info("batch transaction retried", { error, attempt });
    },
  });
  record(deps, messages, result, (performance.now() - started) / 1000);
  deps.inBackground(deleteApplied(deps, messages));
}

async function deleteApplied(deps: BatchDeps, messages: readonly QueueMessage[]): Promise<void> {
  try {
    await deps.queue.delete(messages);
  } catch (error) {
    // Committed already: a message that comes back is a duplicate and changes nothing.
    deps.metrics.failures.inc({ stage: "delete" });
    deps.logger.warn("applied messages could not be deleted; they will be redelivered", {
      error,
      messages: messages.length,
    });
  }
}

/**
 * The database refused the batch's data (not a transient failure): applying the messages one
 * at a time finds the culprit, which goes to the dead-letter queue instead of blocking the rest.
 */
async function applyOneByOne(
  deps: BatchDeps,
  messages: readonly QueueMessage[],
  signal: AbortSignal,
): Promise<BatchOutcome> {
  let outcome: BatchOutcome = "done";
  for (const queued of messages) {
    // Decoded again: the batch kept only its statement parameters, and this path is rare.
    const decoded = decodeMessage(queued.body);
    if (!decoded.ok) continue; // cannot happen: it decoded a moment ago
    const single = createBatchBuilder();
    single.add(decoded.message);
    try {
      await applyAndDelete(deps, [queued], single.build());
    } catch (error) {
      if (isDataError(error)) {
        await deadLetter(deps, queued, "rejected_by_database", errorMessage(error));
      } else {
        outcome = await leaveForLater(deps, [queued], error, signal);
      }
    }
  }
  return outcome;
}

async function leaveForLater(
  deps: BatchDeps,
  messages: readonly QueueMessage[],
  error: unknown,
  signal: AbortSignal,
): Promise<BatchOutcome> {
  deps.metrics.failures.inc({ stage: "apply" });
  deps.logger.warn("batch not applied; its messages will come back", {
    error,
    messages: messages.length,
  });
  if (signal.aborted) {
    // Shutting down: hand the messages back now rather than after the visibility timeout.
    await deps.queue.release(messages).catch(() => {});
  }
  return "retry_later";
}

async function deadLetter(
  deps: BatchDeps,
  queued: QueueMessage,
  reason: string,
  detail: string,
): Promise<void> {
  deps.metrics.rejections.inc({ reason });
  deps.logger.warn("message sent to the dead-letter queue", {
    reason,
    detail,
    messageId: queued.id,
    receiveCount: queued.receiveCount,
    bodyStart: queued.body.slice(0, 200),
  });
  try {
    await deps.queue.deadLetter(queued, `${reason}: ${detail}`);
    deps.metrics.messages.inc({ outcome: "dead_lettered" });
  } catch (error) {
    // It comes back; after the queue's maxReceiveCount the redrive policy moves it anyway.
    deps.metrics.failures.inc({ stage: "dead_letter" });
    deps.logger.warn("message could not be dead-lettered", { error, messageId: queued.id });
  }
}

function record(
  deps: BatchDeps,
  messages: readonly QueueMessage[],
  result: ApplyResult,
  seconds: number,
) {
  const { metrics } = deps;
  metrics.eventsApplied.inc(undefined, result.inserted);
  metrics.eventsDuplicate.inc(undefined, result.duplicates);
  metrics.partsApplied.inc(undefined, result.partsApplied);
  metrics.partsDuplicate.inc(undefined, result.partsDuplicate);
  metrics.messages.inc({ outcome: "applied" }, messages.length);
  metrics.batchEvents.observe(result.inserted + result.duplicates);
  metrics.applySeconds.observe(seconds);
  const now = Date.now();
  for (const message of messages) {
    metrics.queueLatencySeconds.observe(Math.max(0, now - message.sentAt) / 1000);
  }
  deps.logger.debug("batch applied", { messages: messages.length, ...result, seconds });
}
