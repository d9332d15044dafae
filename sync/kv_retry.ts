/**
 * Schedules the synchronizer's retries through Deno KV queues (`kv.enqueue` with a delay): the
 * wait survives in the KV file, a handler that sees a stale or repeated message ignores it
 * (idempotent), and a failure that exhausts the retry schedule is kept under a dead-letter key
 * for operators until the synchronizer recovers.
 */

export const DEAD_LETTER_KEY = ["sync", "dead_letter"] as const;

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
