/**
 * The block synchronizer's loop: under the writer lock, it backfills the missing block ranges,
 * then everything from the checkpoint to the head, then follows the head. Each window goes
 * store -> publish -> checkpoint, so a crash anywhere republishes and never skips
 * (docs/architecture.md). Windows come from window_fetcher.ts in height order; the SQL is
 * store.ts's, the lock writer_lock.ts's.
 */
import type { Logger } from "../shared/log.ts";
import { packMessages } from "../shared/message_pack.ts";
import type { Queue } from "../shared/queue/queue.ts";
import { errorMessage } from "../shared/errors.ts";
import { isRetryable } from "../shared/retry.ts";
import { sleep } from "../shared/shutdown.ts";
import { createCycleRetry } from "./cycle_retry.ts";
import { ChainResetError } from "./errors.ts";
import type { FetchedWindow } from "./fetch_window.ts";
import { type HeadWatch, type Subscribe, watchHead } from "./head_watch.ts";
import type { RetryScheduler } from "./kv_retry.ts";
import type { SyncMetrics } from "./metrics.ts";
import { createWindowSizer, type HeightRange, missingRanges } from "./plan.ts";
import { createRepublishCheck } from "./republisher.ts";
import { DEFAULT_RETRY_SCHEDULE, nextRetry, type RetrySchedule } from "./retry_schedule.ts";
import type { RetryState, Stall, SyncStatus, SyncStore } from "./store.ts";
import type { TxIndexerClient } from "./upstream/client.ts";
import { fetchWindows } from "./window_fetcher.ts";
import type { WriterLock } from "./writer_lock.ts";

export interface SynchronizerOptions {
  store: SyncStore;
  /** Waits for the writer lock; null when the signal aborted first. */
  acquireLock(signal: AbortSignal): Promise<WriterLock | null>;
  queue: Queue;
  client: TxIndexerClient;
  retries: RetryScheduler;
  logger: Logger;
  metrics: SyncMetrics;
  libraryPaths: readonly string[];
  windowBlocks: number;
  concurrency: number;
  pollIntervalMs: number;
  republishAfterSeconds: number;
  startHeight: number;
  retrySchedule?: RetrySchedule;
  /** Starts the new-block subscription (a wake-up signal); none when absent. */
  subscribe?: Subscribe;
}

export interface SynchronizerState {
  lockHeld: boolean;
  checkpoint: number;
  head: number;
  status: SyncStatus | "waiting_for_lock" | "starting";
  lastError: string;
  /** The block that cannot be indexed yet, if one keeps failing. */
  stall: Stall | null;
  /** The cycle retry under way (docs/architecture.md, "Retries"), if cycles keep failing. */
  retry: RetryState | null;
}

export interface Synchronizer {
  /** Works until the signal aborts (resolves) or a fatal error (rejects). */
  run(signal: AbortSignal): Promise<void>;
  state(): SynchronizerState;
}

/** Consecutive failures of one block after which it is reported as stalled. */
export const STALL_AFTER_FAILURES = 3;

export function createSynchronizer(options: SynchronizerOptions): Synchronizer {
  const { store, queue, client, logger, metrics } = options;
  const schedule = options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
  const sizer = createWindowSizer({ max: options.windowBlocks });
  const state: SynchronizerState = {
    lockHeld: false,
    checkpoint: -1,
    head: -1,
    status: "starting",
    lastError: "",
    stall: null,
    retry: null,
  };
  metrics.stalledHeight.set(-1);
  const cycleRetry = createCycleRetry({
    retries: options.retries,
    store,
    schedule,
    metrics,
    logger,
  });
  const republishCheck = createRepublishCheck({
    store,
    queue,
    libraryPaths: options.libraryPaths,
    afterSeconds: options.republishAfterSeconds,
    metrics,
    logger,
  });
  const maybeRepublish = (signal: AbortSignal) => republishCheck.maybe(signal);

  /** A stalled block overrides syncing and caught up: it holds everything above it. */
  const working = (status: "syncing" | "caught_up"): SyncStatus => state.stall ? "stalled" : status;

  const setStatus = async (status: SyncStatus) => {
    state.status = status === "syncing" || status === "caught_up" ? working(status) : status;
    await store.setStatus(state.status, state.head);
  };

  const observeHead = (head: number) => {
    state.head = Math.max(head, state.head);
    metrics.head.set(state.head);
    metrics.lag.set(Math.max(0, state.head - state.checkpoint));
  };

  /**
   * Stores a window; returns what publishing it needs, and only that: the fetched transactions
   * are released while the window is published (memory).
   */
  const storeFetched = async (fetched: FetchedWindow) => {
    const started = performance.now();
    const bodies = packMessages(fetched.window, fetched.events, { tokens: fetched.tokens });
    const stored = await store.storeWindow(fetched, {
      partCount: bodies.length,
      eventCount: fetched.events.length,
    });
    metrics.blocks.inc(undefined, stored.newBlocks);
    metrics.transactions.inc(undefined, fetched.transactionCount);
    for (const rejection of fetched.rejections) metrics.rejected.inc({ reason: rejection.reason });
    return {
      window: fetched.window,
      lastHash: fetched.blocks.at(-1)?.hash,
      transactionCount: fetched.transactionCount,
      eventCount: fetched.events.length,
      bodies,
      started,
    };
  };

  /** Publishes a stored window, then advances the checkpoint past it. */
  const publishStored = async (
    stored: Awaited<ReturnType<typeof storeFetched>>,
    kind: "head" | "backfill",
  ) => {
    const { window, bodies, started } = stored;
    await sendInParallel(queue, bodies);
    if (kind === "head" && window.to > state.checkpoint) {
      const hash = stored.lastHash!;
      const status = working(window.to >= state.head ? "caught_up" : "syncing");
      await store.advanceCheckpoint(window.to, hash, status, state.head);
      state.checkpoint = window.to;
      state.status = status;
      metrics.checkpoint.set(window.to);
      metrics.lag.set(Math.max(0, state.head - window.to));
    }
    metrics.events.inc(undefined, stored.eventCount);
    metrics.messages.inc(undefined, bodies.length);
    metrics.windows.inc({ kind });
    metrics.windowBlocks.observe(window.to - window.from + 1);
    metrics.windowSeconds.observe((performance.now() - started) / 1000);
    logger.debug("window applied", {
      kind,
      from: window.from,
      to: window.to,
      transactions: stored.transactionCount,
      events: stored.eventCount,
      messages: bodies.length,
    });
  };

  /** A block that keeps failing is shown by name until a window holding it is stored. */
  const reportStall = async (stall: Stall | null) => {
    state.stall = stall;
    if (stall) state.status = "stalled";
    else if (state.status === "stalled") state.status = "syncing";
    metrics.stalledHeight.set(stall ? stall.height : -1);
    await store.recordStall(stall);
  };

  const onProblem = async (
    range: HeightRange,
    problem: { height: number; detail: string },
    failures: number,
    signal: AbortSignal,
  ) => {
    metrics.retries.inc({ kind: "window" });
    logger.warn("window not usable yet, retrying", { ...range, failures, problem });
    // A window the current upstream cannot complete may be complete on the next one.
    client.failover(problem.detail);
    // A chain reset can look like a window that never validates: look for one meanwhile.
    await verifyStoredBlock(state.checkpoint, signal);
    if (range.from === range.to && failures >= STALL_AFTER_FAILURES) {
      const since = state.stall?.height === range.from
        ? state.stall.since
        : new Date().toISOString();
      await reportStall({ height: range.from, reason: problem.detail, failures, since });
      if (failures === STALL_AFTER_FAILURES) {
        logger.error("block cannot be indexed; retrying until it can", {
          height: range.from,
          reason: problem.detail,
        });
      }
    }
    await maybeRepublish(signal);
  };

  /** Fetches the ranges' windows (several in flight) and applies them in height order. */
  const runRanges = async (
    ranges: HeightRange[],
    kind: "head" | "backfill",
    signal: AbortSignal,
  ) => {
    const windows = fetchWindows(ranges, {
      client,
      libraryPaths: options.libraryPaths,
      sizer,
      concurrency: options.concurrency,
      signal,
      onProblem: (range, problem, failures) => onProblem(range, problem, failures, signal),
      backoff: (failures, wait) =>
        options.retries.wait(nextRetry(failures, schedule).delayMs, wait),
    });
    // Window k is stored while window k-1 is being published; each window is still stored,
    // then published, then checkpointed, and checkpoints advance in height order.
    let publishing: Promise<void> = Promise.resolve();
    for await (let fetched of windows) {
      if (signal.aborted) break;
      const stored = await storeFetched(fetched);
      fetched = null!; // released while the previous window is still being published
      if (state.stall && stored.window.from <= state.stall.height) await reportStall(null);
      await publishing;
      publishing = publishStored(stored, kind);
      publishing.catch(() => {}); // awaited before the next window and at the end
      await maybeRepublish(signal);
    }
    await publishing;
  };

  /** A stored block the upstream now serves with another hash means a chain reset. */
  const verifyStoredBlock = async (height: number, signal: AbortSignal) => {
    if (height < options.startHeight || height < 0) return;
    const stored = await store.blockHash(height);
    if (stored === null) return;
    const { items } = await client.blocks({ from: height, to: height }, signal);
    const upstream = items.find((b) => b.height === height);
    if (upstream && upstream.hash !== stored) {
      throw new ChainResetError(height, stored, upstream.hash);
    }
  };

  const work = async (signal: AbortSignal, headWatch: HeadWatch) => {
    const saved = await store.loadCheckpoint(options.startHeight);
    state.checkpoint = saved.lastHeight;
    metrics.checkpoint.set(state.checkpoint);
    const scan = await store.storedBlocks(options.startHeight, state.checkpoint);
    let gaps = missingRanges({ from: options.startHeight, to: state.checkpoint }, scan);
    logger.info("synchronizer started", {
      checkpoint: state.checkpoint,
      missingRanges: gaps.length,
      missingBlocks: gaps.reduce((n, g) => n + g.to - g.from + 1, 0),
    });
    await setStatus("syncing");
    // A restart in the middle of a backoff resumes it: the failing upstream is not hammered.
    const resumed = await cycleRetry.resume();
    if (resumed) {
      state.retry = resumed.retry;
      state.lastError = resumed.error;
      await options.retries.wait(resumed.waitMs, signal);
    }
    while (!signal.aborted) {
      try {
        const head = await client.latestBlockHeight(signal);
        observeHead(head);
        let progressed = false;
        if (gaps.length > 0) {
          logger.info("backfilling missing block ranges", { ranges: gaps });
          await runRanges(gaps, "backfill", signal);
          gaps = [];
          progressed = true;
        }
        if (head > state.checkpoint) {
          if (state.status !== working("syncing")) await setStatus("syncing");
          await runRanges([{ from: state.checkpoint + 1, to: head }], "head", signal);
          progressed = true;
        } else {
          await verifyStoredBlock(Math.min(head, state.checkpoint), signal);
          if (head < state.checkpoint) {
            client.failover(`head ${head} is below the checkpoint ${state.checkpoint}`);
          }
        }
        await maybeRepublish(signal);
        if (await cycleRetry.recovered()) {
          state.lastError = "";
          state.retry = null;
        }
        if (state.status !== "caught_up" && state.checkpoint >= state.head) {
          await setStatus("caught_up");
        }
        // Idle or not, stale windows are looked for on time: a queue that lost messages must
        // not wait for the next block to be noticed.
        if (!progressed) await headWatch.wait(republishCheck.intervalMs, signal);
      } catch (error) {
        if (signal.aborted) return;
        if (!isRetryable(error)) throw error;
        const failure = await cycleRetry.failed(error);
        state.lastError = failure.message;
        state.retry = failure.retry;
        if (failure.exhausted) state.status = "error";
        await options.retries.wait(failure.delayMs, signal);
      }
    }
  };

  return {
    state: () => ({ ...state }),
    async run(signal) {
      // The subscription ends with run(), also when a fatal error ends it: waiting for the
      // caller's signal alone would leave run() hanging and the process alive after the error.
      const headWatch = watchHead({
        subscribe: options.subscribe,
        pollIntervalMs: options.pollIntervalMs,
        checkpoint: () => state.checkpoint,
        onConnectionChange: (up) => metrics.websocketConnected.set(up ? 1 : 0),
      }, signal);
      try {
        while (!signal.aborted) {
          state.status = "waiting_for_lock";
          const lock = await options.acquireLock(signal);
          if (!lock) break;
          state.lockHeld = true;
          metrics.lockHeld.set(1);
          const workSignal = AbortSignal.any([signal, lock.lost]);
          try {
            await work(workSignal, headWatch);
          } catch (error) {
            if (isRetryable(error)) {
              // Start-up reads failed (database down) or the lock was lost: start over.
              if (!workSignal.aborted) logger.warn("synchronizer restarting", { error });
              await sleep(1_000, signal);
            } else {
              const message = errorMessage(error);
              state.status = "error";
              state.lastError = message;
              metrics.errors.inc({ kind: (error as Error).name ?? "Error" });
              if (error instanceof ChainResetError) metrics.chainReset.set(1);
              logger.error("synchronizer stopped by a fatal error", { error });
              await store.recordError(message, "error").catch(() => {});
              throw error;
            }
          } finally {
            state.lockHeld = false;
            metrics.lockHeld.set(0);
            if (signal.aborted && state.status !== "error") {
              await store.setStatus("stopped").catch(() => {});
              state.status = "stopped";
            }
            await lock.release();
          }
        }
      } finally {
        await headWatch.close();
      }
    },
  };
}

/** Parallel sends in batches of 10: one 250 KiB body per request is otherwise sequential. */
const PARALLEL_SENDS = 6;

async function sendInParallel(queue: Queue, bodies: readonly string[]): Promise<void> {
  const lanes: string[][] = Array.from({ length: PARALLEL_SENDS }, () => []);
  bodies.forEach((body, i) => lanes[i % PARALLEL_SENDS].push(body));
  await Promise.all(lanes.filter((lane) => lane.length > 0).map((lane) => queue.send(lane)));
}
