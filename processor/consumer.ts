/**
 * The queue consumer: long-polling pollers (one by default), each applying one batch at a time
 * and deleting it in the background, plus a loop that samples the queue's depth and the applied
 * height for the metrics.
 * Any number of consumers (in this process or others) may share a queue: the apply path makes
 * overlapping and repeated deliveries harmless.
 */
import type { Sql } from "../shared/db/connect.ts";
import type { Logger } from "../shared/log.ts";
import type { Registry } from "../shared/metrics.ts";
import type { Queue, QueueMessage } from "../shared/queue/queue.ts";
import { backoffDelay } from "../shared/retry.ts";
import { sleep } from "../shared/shutdown.ts";
import { handleBatch } from "./handle_batch.ts";
import { createProcessorMetrics, type ProcessorMetrics } from "./metrics.ts";

export interface ConsumerOptions {
  sql: Sql;
  queue: Queue;
  logger: Logger;
  metrics: Registry;
  /** Concurrent pollers in this process. */
  pollers: number;
  /** Long-poll wait, 0..20 s. */
  waitSeconds: number;
  /** Messages per receive, 1..10. */
  maxMessages: number;
  /** How often queue depth and applied height are sampled. */
  statsIntervalMs?: number;
  /** Backoff after transient failures. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface Consumer {
  /** Polls until the signal aborts, then finishes or hands back in-flight batches and returns. */
  run(signal: AbortSignal): Promise<void>;
  metrics: ProcessorMetrics;
}

/** With no long poll, an empty queue is asked again after this pause, not in a busy loop. */
const EMPTY_PAUSE_MS = 200;

export function createConsumer(options: ConsumerOptions): Consumer {
  const { sql, queue, logger } = options;
  const metrics = createProcessorMetrics(options.metrics);
  const background = new Set<Promise<void>>();
  const inBackground = (task: Promise<void>) => {
    background.add(task);
    task.finally(() => background.delete(task));
  };
  const deps = { sql, queue, logger, metrics, inBackground };
  const backoff = { baseMs: options.backoffBaseMs ?? 200, maxMs: options.backoffMaxMs ?? 30_000 };
  let oldestSentAt = Infinity;

  const noteReceived = (messages: readonly QueueMessage[]) => {
    for (const message of messages) oldestSentAt = Math.min(oldestSentAt, message.sentAt);
  };

  /**
   * One poller applies one batch at a time. More than one gains nothing once the database is busy:
   * concurrent applies contend for the same index pages (PROCESSOR_POLLERS=4 cost the backfill
   * 40 % more database CPU than 1). Nor does receiving the next batch while one is applied: the
   * receive returns at once with the few messages there are, and many small batches cost more
   * than the round trip they save.
   */
  const poll = async (poller: number, signal: AbortSignal) => {
    const log = logger.child({ poller });
    let failures = 0;
    while (!signal.aborted) {
      let received: QueueMessage[];
      try {
        received = await queue.receive({
          maxMessages: options.maxMessages,
          waitSeconds: options.waitSeconds,
          signal,
        });
      } catch (error) {
        if (signal.aborted) break;
        metrics.failures.inc({ stage: "receive" });
        log.warn("queue receive failed", { error });
        await sleep(backoffDelay(failures++, backoff), signal);
        continue;
      }
      if (received.length === 0) {
        if (options.waitSeconds === 0) await sleep(EMPTY_PAUSE_MS, signal);
        continue;
      }
      noteReceived(received);
      // The batch is finished even when the signal aborts meanwhile: the apply is short, and a
      // half-done batch would only be redelivered.
      const outcome = await handleBatch(deps, received, signal);
      if (outcome === "done") failures = 0;
      else await sleep(backoffDelay(failures++, backoff), signal);
    }
  };

  const sampleStats = async (signal: AbortSignal) => {
    while (!signal.aborted) {
      try {
        const [stats, deadLetters, [applied]] = await Promise.all([
          queue.stats(),
          queue.deadLetterStats(),
          sql<{ height: string }[]>`SELECT height::text FROM applied_height`,
        ]);
        metrics.queueMessages.set(stats.visible, { state: "visible" });
        metrics.queueMessages.set(stats.inFlight, { state: "in_flight" });
        metrics.queueMessages.set(stats.delayed, { state: "delayed" });
        metrics.deadLetterMessages.set(deadLetters.visible + deadLetters.inFlight);
        metrics.appliedHeight.set(Number(applied.height));
        metrics.oldestMessageAgeSeconds.set(
          oldestSentAt === Infinity ? 0 : Math.max(0, Date.now() - oldestSentAt) / 1000,
        );
        oldestSentAt = Infinity;
      } catch (error) {
        if (!signal.aborted) logger.warn("queue stats unavailable", { error });
      }
      await sleep(options.statsIntervalMs ?? 10_000, signal);
    }
  };

  return {
    metrics,
    async run(signal) {
      logger.info("consumer started", {
        pollers: options.pollers,
        waitSeconds: options.waitSeconds,
        maxMessages: options.maxMessages,
      });
      const pollers = Array.from({ length: options.pollers }, (_, i) => poll(i, signal));
      const stats = sampleStats(signal);
      await Promise.all([...pollers, stats]);
      await Promise.all(background);
      logger.info("consumer stopped");
    },
  };
}
