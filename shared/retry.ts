/**
 * Retry classes (ARCHITECTURE "Retry classes"): transient failures are retried with exponential
 * backoff and full jitter; fatal ones stop the service; anything unknown counts as transient.
 */

/** A failure that will not go away by retrying: bad configuration, chain reset, schema mismatch. */
export class FatalError extends Error {
  override name = "FatalError";
}

/** A failure worth retrying: network, timeout, 5xx, 429, serialization failure, deadlock. */
export class RetryableError extends Error {
  override name = "RetryableError";
}

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

// PostgreSQL SQLSTATEs that a retry can cure: serialization failure, deadlock, connection
// exceptions (class 08), operator intervention such as admin shutdown (57P0x), too many clients.
const RETRYABLE_SQLSTATE = /^(40001|40P01|08...|57P0[1-3]|53300|55P03)$/;

/** True when the error is transient by the rules above. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof FatalError) return false;
  if (error instanceof RetryableError) return true;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return RETRYABLE_SQLSTATE.test(code);
  return true;
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
