/**
 * Schedules the synchronizer's retries through Deno KV (docs/architecture.md, "Retries"): a
 * wait is a queue message enqueued with its delay (`kv.enqueue`), a handler that sees a stale
 * or repeated message ignores it; the schedule itself (failures in a row, when the next attempt
 * is due, why) is kept under a key, so a synchronizer restarted in the middle of a backoff
 * resumes it instead of hammering a failing upstream; and a failure that exhausts the retry
 * schedule is kept under a dead-letter key for operators until the synchronizer recovers. The
 * KV file is SYNC_KV_PATH.
 */

export const DEAD_LETTER_KEY = ["sync", "dead_letter"] as const;
export const SCHEDULE_KEY = ["sync", "retry_schedule"] as const;

/** The retry under way: how many cycles failed in a row, when the next is due, and why. */
export interface ScheduledRetry {
  failures: number;
  /** ISO time. */
  dueAt: string;
  error: string;
}

export interface DeadLetter {
  error: string;
  failures: number;
  at: string;
}

interface RetryMessage {
  type: "sync_retry";
  id: string;
}

export interface RetryScheduler {
  /** Resolves when the retry scheduled `delayMs` from now is due, or at once on abort. */
  wait(delayMs: number, signal: AbortSignal): Promise<void>;
  /** Keeps the retry under way, or forgets it (null) once a cycle succeeds. */
  schedule(entry: ScheduledRetry | null): Promise<void>;
  /** The retry under way when the synchronizer last stopped, if any. */
  scheduled(): Promise<ScheduledRetry | null>;
  deadLetter(entry: DeadLetter): Promise<void>;
  clearDeadLetter(): Promise<void>;
  currentDeadLetter(): Promise<DeadLetter | null>;
  close(): void;
}

/** Extra time after which a retry goes ahead even if the KV message is late. */
const LATE_DELIVERY_MS = 5_000;

export function createKvRetryScheduler(kv: Deno.Kv): RetryScheduler {
  const pending = new Map<string, () => void>();
  const listening = kv.listenQueue((message: unknown) => {
    const retry = message as Partial<RetryMessage>;
    if (retry?.type !== "sync_retry" || typeof retry.id !== "string") return;
    const resolve = pending.get(retry.id);
    pending.delete(retry.id);
    resolve?.();
  });
  let closed = false;

  return {
    async wait(delayMs, signal) {
      if (signal.aborted) return;
      const aborted = new Promise<void>((resolve) =>
        signal.addEventListener("abort", () => resolve(), { once: true })
      );
      const id = crypto.randomUUID();
      const due = new Promise<void>((resolve) => pending.set(id, resolve));
      await kv.enqueue({ type: "sync_retry", id } satisfies RetryMessage, {
        delay: Math.max(0, Math.round(delayMs)),
        keysIfUndelivered: [["sync", "undelivered_retry", id]],
      });
      let timer: number | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, delayMs + LATE_DELIVERY_MS);
      });
      await Promise.race([due, late, aborted]);
      clearTimeout(timer);
      pending.delete(id);
    },
    async schedule(entry) {
      if (entry) await kv.set([...SCHEDULE_KEY], entry);
      else await kv.delete([...SCHEDULE_KEY]);
    },
    async scheduled() {
      return (await kv.get<ScheduledRetry>([...SCHEDULE_KEY])).value;
    },
    async deadLetter(entry) {
      await kv.set([...DEAD_LETTER_KEY], entry);
    },
    async clearDeadLetter() {
      await kv.delete([...DEAD_LETTER_KEY]);
    },
    async currentDeadLetter() {
      return (await kv.get<DeadLetter>([...DEAD_LETTER_KEY])).value;
    },
    close() {
      if (closed) return;
      closed = true;
      for (const resolve of pending.values()) resolve();
      pending.clear();
      kv.close();
      void listening.catch(() => {});
    },
  };
}
