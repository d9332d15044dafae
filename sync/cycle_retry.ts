/**
 * The bookkeeping of failing synchronizer cycles (docs/architecture.md, "Retries"): each failure
 * is scheduled through the KV retry queue (so a restart resumes the backoff), mirrored in
 * sync_state for /status, and dead-lettered once the schedule is exhausted; retrying goes on at
 * the capped delay. A cycle that works clears it all.
 */
import type { Logger } from "../shared/log.ts";
import { errorMessage } from "../shared/errors.ts";
import type { RetryScheduler } from "./kv_retry.ts";
import type { SyncMetrics } from "./metrics.ts";
import { nextRetry, type RetrySchedule } from "./retry_schedule.ts";
import type { RetryState, SyncStore } from "./store.ts";

export interface CycleRetryOptions {
  retries: RetryScheduler;
  store: SyncStore;
  schedule: RetrySchedule;
  metrics: SyncMetrics;
  logger: Logger;
}

export interface CycleFailure {
  message: string;
  /** The schedule is exhausted: the synchronizer reports an error while it keeps retrying. */
  exhausted: boolean;
  retry: RetryState;
  /** Wait this long before the next cycle (through the scheduler's wait). */
  delayMs: number;
}

export interface CycleRetry {
  /** The schedule a restart interrupted, with what is left of its wait; null when none. */
  resume(): Promise<{ retry: RetryState; error: string; waitMs: number } | null>;
  /** Records a failed cycle; the caller waits `delayMs` before the next. */
  failed(error: unknown): Promise<CycleFailure>;
  /** Clears the schedule after a cycle that worked; true when there was one to clear. */
  recovered(): Promise<boolean>;
}

export function createCycleRetry(options: CycleRetryOptions): CycleRetry {
  const { retries, store, schedule, metrics, logger } = options;
  let failures = 0;
  return {
    async resume() {
      const resumed = await retries.scheduled();
      if (!resumed) return null;
      failures = resumed.failures;
      const waitMs = Math.max(0, Date.parse(resumed.dueAt) - Date.now());
      logger.info("resuming the retry schedule", { failures, retryInMs: waitMs });
      return { retry: { failures, nextAttemptAt: resumed.dueAt }, error: resumed.error, waitMs };
    },

    async failed(error) {
      failures++;
      const decision = nextRetry(failures, schedule);
      const message = errorMessage(error);
      metrics.errors.inc({ kind: (error as Error).name ?? "Error" });
      metrics.retries.inc({ kind: "cycle" });
      logger.warn("sync cycle failed, retrying", { error, failures, retryInMs: decision.delayMs });
      const exhausted = failures >= schedule.deadLetterAfter;
      if (decision.deadLetter) {
        metrics.deadLetters.inc();
        logger.error("retries exhausted, failure dead-lettered; still retrying", { error });
        await retries.deadLetter({ error: message, failures, at: new Date().toISOString() })
          .catch(() => {});
      }
      const retry = {
        failures,
        nextAttemptAt: new Date(Date.now() + decision.delayMs).toISOString(),
      };
      // Bookkeeping must not turn one failure into another: the retry goes on regardless.
      await retries.schedule({ failures, dueAt: retry.nextAttemptAt, error: message })
        .catch(() => {});
      await store.recordError(message, exhausted ? "error" : undefined).catch(() => {});
      await store.recordRetry(retry).catch(() => {});
      return { message, exhausted, retry, delayMs: decision.delayMs };
    },

    async recovered() {
      if (failures === 0) return false;
      failures = 0;
      await retries.schedule(null);
      await retries.clearDeadLetter();
      await store.recordRetry(null);
      logger.info("synchronizer recovered");
      return true;
    },
  };
}
