/**
 * The one retry helper: a task is run until it succeeds, fails in a way errors.ts does not call
 * transient, runs out of attempts, or the signal aborts, with exponential backoff and full
 * jitter between attempts (docs/architecture.md, "Retries").
 */
import { isRetryable } from "./errors.ts";

export { FatalError, isRetryable, RetryableError } from "./errors.ts";

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base * 2^attempt)]. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 200;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round((options.random ?? Math.random)() * ceiling);
}

export interface RetryOptions extends BackoffOptions {
  /** Attempts in all, the first included; unlimited when absent. */
  maxAttempts?: number;
  signal?: AbortSignal;
  /** Which failures to retry; {@link isRetryable} when absent. */
  retryIf?: (error: unknown) => boolean;
  /** The shortest wait a failure asks for (an upstream's Retry-After), capped at `maxMs`. */
  minDelayMs?: (error: unknown) => number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Runs `task` until it succeeds, a fatal error occurs, attempts run out, or the signal aborts. */
export async function retry<T>(
  task: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const wait = options.sleep ?? defaultSleep;
  for (let attempt = 1;; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      const last = options.maxAttempts !== undefined && attempt >= options.maxAttempts;
      if (!(options.retryIf ?? isRetryable)(error) || last || options.signal?.aborted) throw error;
      const asked = Math.min(options.minDelayMs?.(error) ?? 0, options.maxMs ?? 30_000);
      const delay = Math.max(asked, backoffDelay(attempt - 1, options));
      options.onRetry?.(error, attempt, delay);
      await wait(delay, options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
