/**
 * Test-only wiring of a synchronizer against a devnet, a fresh database and a fresh queue.
 * (Tests may import the devnet; product code never does.)
 */
import { type Devnet, type DevnetOptions, startDevnet } from "../devnet/mod.ts";
import { createLogger, silentLogger } from "../shared/log.ts";
import { decodeMessage } from "../shared/message_pack.ts";
import type { WireEvent } from "../shared/message.ts";
import { Registry } from "../shared/metrics.ts";
import type { Queue } from "../shared/queue/queue.ts";
import { sleep } from "../shared/shutdown.ts";
import { createTestDatabase, type TestDatabase } from "../shared/testing/database.ts";
import { createTestQueue, type TestQueue } from "../shared/testing/queue.ts";
import { createTxIndexerClient, type TxIndexerClient } from "./upstream/client.ts";
import { DEFAULT_GRC20_LIBRARY_PATHS } from "../shared/events/mod.ts";
import { createKvRetryScheduler } from "./kv_retry.ts";
import { createSyncMetrics, type SyncMetrics } from "./metrics.ts";
import { createSyncStore } from "./store.ts";
import { createSynchronizer, type Synchronizer, type SynchronizerOptions } from "./synchronizer.ts";
import { acquireWriterLock } from "./writer_lock.ts";

export interface RunningSync {
  sync: Synchronizer;
  metrics: SyncMetrics;
  client: TxIndexerClient;
  controller: AbortController;
  /** Settles when run() ends: resolves with the fatal error, if any. */
  finished: Promise<Error | null>;
  stop(): Promise<void>;
}

/** Synchronizer options to change, the upstream URLs, and the writer lock's key and timings. */
export type HarnessOverrides = Partial<SynchronizerOptions> & {
  urls?: string[];
  lock?: { key?: number; pollMs?: number; heartbeatMs?: number };
  /** A KV file for the retry schedule, to keep it across restarts (default: in memory). */
  kvPath?: string;
};

export interface Harness {
  devnet: Devnet;
  db: TestDatabase;
  queue: Queue;
  start(overrides?: HarnessOverrides): Promise<RunningSync>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function createHarness(devnetOptions: DevnetOptions = {}): Promise<Harness> {
  const devnet = await startDevnet({ blocks: 60, ...devnetOptions });
  const db = await createTestDatabase();
  const testQueue: TestQueue = await createTestQueue();
  const running: RunningSync[] = [];

  const start = async (
    overrides: HarnessOverrides = {},
  ): Promise<RunningSync> => {
    const metrics = createSyncMetrics(new Registry());
    const client = overrides.client ?? createTxIndexerClient({
      urls: overrides.urls ?? [devnet.url],
      timeoutMs: 2_000,
      backoffBaseMs: 20,
      backoffMaxMs: 200,
      onRequest: ({ outcome }) => metrics.upstreamRequests.inc({ outcome }),
    });
    const retries = createKvRetryScheduler(await Deno.openKv(overrides.kvPath ?? ":memory:"));
    const { lock, kvPath: _kvPath, ...rest } = overrides;
    const sync = createSynchronizer({
      store: createSyncStore({ sql: db.sql }),
      acquireLock: (signal) =>
        acquireWriterLock({
          url: db.url,
          logger: silentLogger,
          signal,
          pollMs: 50,
          heartbeatMs: 200,
          ...lock,
        }),
      queue: testQueue.queue,
      client,
      retries,
      logger: Deno.env.get("SYNC_TEST_LOG")
        ? createLogger({ service: "sync-test", level: "debug" })
        : silentLogger,
      metrics,
      libraryPaths: DEFAULT_GRC20_LIBRARY_PATHS,
      windowBlocks: 16,
      concurrency: 3,
      pollIntervalMs: 50,
      republishAfterSeconds: 3_600,
      startHeight: 0,
      retrySchedule: { baseMs: 20, maxMs: 300, deadLetterAfter: 5 },
      ...rest,
    });
    const controller = new AbortController();
    const finished = sync.run(controller.signal).then(() => null, (error) => error as Error)
      .finally(() => retries.close());
    const handle: RunningSync = {
      sync,
      metrics,
      client,
      controller,
      finished,
      stop: async () => {
        controller.abort();
        await finished;
      },
    };
    running.push(handle);
    return handle;
  };

  return {
    devnet,
    db,
    queue: testQueue.queue,
    start,
    async [Symbol.asyncDispose]() {
      for (const handle of running) await handle.stop();
      await testQueue[Symbol.asyncDispose]();
      await db.drop();
      await devnet.close();
    },
  };
}

/** Waits until `condition` holds, polling; throws with `what` after `timeoutMs`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Receives and deletes everything in the queue; returns the events and the message count. */
export async function drainQueue(queue: Queue): Promise<{ events: WireEvent[]; messages: number }> {
  const events: WireEvent[] = [];
  let messages = 0;
  for (let empty = 0; empty < 2;) {
    const batch = await queue.receive({ maxMessages: 10, waitSeconds: 0 });
    if (batch.length === 0) {
      empty++;
      continue;
    }
    empty = 0;
    for (const message of batch) {
      const decoded = decodeMessage(message.body);
      if (!decoded.ok) throw new Error(`Undecodable message: ${decoded.error}`);
      events.push(...decoded.message.events);
      messages++;
    }
    await queue.delete(batch);
  }
  return { events, messages };
}

/** A comparable key for an event: identity plus content. */
export function wireKey(event: WireEvent): string {
  const [txHash, height, txIndex, eventIndex, token, from, to, amount] = event;
  return [txHash, height, txIndex, eventIndex, token, from, to, amount].join("|");
}

export function truthKeys(devnet: Devnet, from: number, to: number): string[] {
  return devnet.movementsBetween(from, to).map((m) =>
    [m.txHash, m.blockHeight, m.txIndex, m.eventIndex, m.tokenId, m.from, m.to, m.amount]
      .join("|")
  );
}
