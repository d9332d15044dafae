/**
 * When the synchronizer tries again after a transient failure (docs/architecture.md, "Retries"):
 * exponential backoff with full jitter, capped low enough that it recovers within a minute of
 * the upstream coming back. After `deadLetterAfter` failed attempts in a row the failure is
 * dead-lettered (recorded, error status) but retrying goes on at the capped delay: a service
 * that gave up would never heal by itself. Pure: the random source is injected.
 */
import { backoffDelay } from "../shared/retry.ts";

export interface RetrySchedule {
  baseMs: number;
  /** The longest wait between attempts; keep well under 60 s. */
  maxMs: number;
  /** Consecutive failures after which the failure is dead-lettered. */
  deadLetterAfter: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseMs: 250,
  maxMs: 15_000,
  deadLetterAfter: 10,
};

export interface RetryDecision {
  /** Wait this long before the next attempt. */
  delayMs: number;
  /** True exactly once: on the failure that exhausts the schedule. */
  deadLetter: boolean;
}

/** The decision after the `failures`-th consecutive failure (1 for the first). */
export function nextRetry(
  failures: number,
  schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE,
  random: () => number = Math.random,
): RetryDecision {
  const attempt = Math.max(0, failures - 1);
  // A floor of a tenth of the ceiling keeps full jitter from retrying in a tight loop.
  const ceiling = Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.min(attempt, 30));
  const delayMs = Math.max(
    Math.round(ceiling / 10),
    backoffDelay(attempt, { baseMs: schedule.baseMs, maxMs: schedule.maxMs, random }),
  );
  return { delayMs, deadLetter: failures === schedule.deadLetterAfter };
}
