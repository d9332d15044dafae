/**
 * No silent loss (docs/architecture.md): a published window that is not fully applied after a
 * timeout is published again, re-derived from the stored transactions (the queue may have lost
 * it: ElasticMQ keeps messages in memory). Packing is deterministic, so the parts carry the same
 * numbers as the first time; the processor ignores what it has applied already.
 */
import { parseTransaction, type TokenEvent, type TokenMetadata } from "../shared/events/mod.ts";
import { packMessages } from "../shared/message_pack.ts";
import type { Logger } from "../shared/log.ts";
import type { Queue } from "../shared/queue/queue.ts";
import type { SyncMetrics } from "./metrics.ts";
import type { HeightRange } from "./plan.ts";
import type { SyncStore } from "./store.ts";

export interface RepublishOptions {
  store: SyncStore;
  queue: Queue;
  libraryPaths: readonly string[];
  afterSeconds: number;
  /** At most this many windows per call (oldest first). */
  limit?: number;
  signal?: AbortSignal;
}

export interface RepublishedWindow {
  from: number;
  to: number;
  parts: number;
  /** False when the stored transactions no longer give the published parts: not sent. */
  consistent: boolean;
}

/** Republishes stale windows; returns the windows looked at. */
export async function republishStaleWindows(
  options: RepublishOptions,
): Promise<RepublishedWindow[]> {
  const { store } = options;
  const stale = await store.staleWindows(options.afterSeconds, options.limit ?? 20);
  const done: RepublishedWindow[] = [];
  for (const row of stale) {
    if (options.signal?.aborted) break;
    const window = { from: row.from, to: row.to };
    const { events, tokens } = await storedEvents(store, window, options.libraryPaths);
    const bodies = packMessages(window, events, { tokens });
    if (bodies.length !== row.partCount || events.length !== row.eventCount) {
      // Never shrink what the processor waits for: stored data and bookkeeping disagree.
      done.push({ ...window, parts: bodies.length, consistent: false });
      continue;
    }
    await store.markRepublished(window);
    await options.queue.send(bodies, options.signal);
    done.push({ ...window, parts: bodies.length, consistent: true });
  }
  return done;
}

/** The window's token events and metadata, parsed again from the stored transactions. */
export async function storedEvents(
  store: SyncStore,
  window: HeightRange,
  libraryPaths: readonly string[],
): Promise<{ events: TokenEvent[]; tokens: TokenMetadata[] }> {
  const events: TokenEvent[] = [];
  const tokens: TokenMetadata[] = [];
  for (const tx of await store.transactions(window)) {
    const parsed = parseTransaction(tx, { libraryPaths });
    for (const event of parsed.events) events.push(event);
    for (const token of parsed.tokens) tokens.push(token);
  }
  return { events, tokens };
}

export interface RepublishCheckOptions extends Omit<RepublishOptions, "signal" | "limit"> {
  metrics: SyncMetrics;
  logger: Logger;
}

export interface RepublishCheck {
  /** How often stale windows are looked for: half the timeout, at most 30 s. */
  intervalMs: number;
  /** Looks for stale windows if the interval has passed since the last look. */
  maybe(signal: AbortSignal): Promise<void>;
}

/** The synchronizer's periodic look for stale windows, with what it found logged and counted. */
export function createRepublishCheck(options: RepublishCheckOptions): RepublishCheck {
  const { metrics, logger } = options;
  const intervalMs = Math.min(30_000, (options.afterSeconds * 1000) / 2);
  let last = 0;
  return {
    intervalMs,
    async maybe(signal) {
      if (Date.now() - last < intervalMs) return;
      last = Date.now();
      for (const window of await republishStaleWindows({ ...options, signal })) {
        if (window.consistent) {
          metrics.republished.inc();
          logger.warn("window republished: not applied in time", { ...window });
        } else {
          metrics.errors.inc({ kind: "republish_mismatch" });
          logger.error("window not republished: stored transactions disagree with it", {
            ...window,
          });
        }
      }
    },
  };
}
