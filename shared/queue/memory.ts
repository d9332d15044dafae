/**
 * The queue interface in process memory, for `deno task dev` where no SQS server runs. It keeps
 * SQS's semantics that the services rely on: at-least-once delivery, visibility timeouts,
 * receive counts, long polling, and a dead-letter queue after `maxReceiveCount` receives.
 */
import {
  planBatches,
  type Queue,
  type QueueMessage,
  type QueueStats,
  type ReceiveOptions,
} from "./queue.ts";

interface Stored {
  id: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
  receipt?: string;
}

export interface MemoryQueueOptions {
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
  now?: () => number;
}

class Store {
  messages = new Map<string, Stored>();
  #waiters = new Set<() => void>();
  add(body: string, now: number) {
    const id = crypto.randomUUID();
    this.messages.set(id, { id, body, sentAt: now, receiveCount: 0, visibleAt: now });
    this.wake();
  }
  wake() {
    for (const waiter of this.#waiters) waiter();
    this.#waiters.clear();
  }
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }
  stats(now: number): QueueStats {
    let visible = 0, inFlight = 0;
    for (const m of this.messages.values()) m.visibleAt <= now ? visible++ : inFlight++;
    return { visible, inFlight, delayed: 0 };
  }
}

export function createMemoryQueue(options: MemoryQueueOptions): Queue {
  const now = options.now ?? Date.now;
  const main = new Store();
  const dead = new Store();

  const take = (store: Store, max: number, visibilitySeconds: number, redrive: boolean) => {
    const taken: QueueMessage[] = [];
    const time = now();
    for (const message of store.messages.values()) {
      if (taken.length >= max) break;
      if (message.visibleAt > time) continue;
      if (redrive && message.receiveCount >= options.maxReceiveCount) {
        store.messages.delete(message.id);
        dead.add(message.body, time);
        continue;
      }
      message.receiveCount++;
      message.receipt = crypto.randomUUID();
      message.visibleAt = time + visibilitySeconds * 1000;
      taken.push({
        id: message.id,
        body: message.body,
        receiptHandle: `${message.id}/${message.receipt}`,
        receiveCount: message.receiveCount,
        sentAt: message.sentAt,
      });
    }
    return taken;
  };

  const receiveFrom = async (store: Store, redrive: boolean, receive: ReceiveOptions = {}) => {
    const deadline = now() + (receive.waitSeconds ?? 20) * 1000;
    const visibility = receive.visibilityTimeoutSeconds ?? options.visibilityTimeoutSeconds;
    for (;;) {
      const taken = take(store, receive.maxMessages ?? 10, visibility, redrive);
      const left = deadline - now();
      if (taken.length > 0 || left <= 0 || receive.signal?.aborted) return taken;
      // Wake on a new message, or soon enough to notice an expired visibility timeout.
      await store.wait(Math.min(left, 100), receive.signal);
    }
  };

  const find = (store: Store, handle: string) => {
    const [id, receipt] = handle.split("/");
    const message = store.messages.get(id);
    return message && message.receipt === receipt ? message : undefined;
  };

  return {
    async send(bodies) {
      planBatches(bodies); // the same size limits as SQS
      for (const body of bodies) main.add(body, now());
      await Promise.resolve();
    },
    receive: (receive) => receiveFrom(main, true, receive),
    delete(messages) {
      for (const m of messages) {
        const stored = find(main, m.receiptHandle);
        if (stored) main.messages.delete(stored.id);
      }
      return Promise.resolve();
    },
    release(messages) {
      for (const m of messages) {
        const stored = find(main, m.receiptHandle);
        if (stored) stored.visibleAt = now();
      }
      main.wake();
      return Promise.resolve();
    },
    deadLetter(message) {
      const stored = find(main, message.receiptHandle);
      if (stored) main.messages.delete(stored.id);
      dead.add(message.body, now());
      return Promise.resolve();
    },
    stats: () => Promise.resolve(main.stats(now())),
    deadLetterStats: () => Promise.resolve(dead.stats(now())),
    receiveDeadLetters: (receive) => receiveFrom(dead, false, receive),
    close() {
      main.wake();
      dead.wake();
    },
  };
}
