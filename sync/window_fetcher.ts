/**
 * Fetches the windows of a list of height ranges, several at once, and yields them in height
 * order (docs/architecture.md, "Windows"):
 *
 * - windows are planned one at a time at the size the sizer gives then (plan.ts);
 * - an answer cut at the upstream cap yields its complete start, and the rest of its heights is
 *   fetched before anything above them (the sizer learns of every capped answer);
 * - a window that fails validation is fetched again after a backoff, and split around the
 *   height its problem names once it keeps failing, so that one bad block holds back only
 *   itself; a single block is retried until it heals (`onProblem` sees every failure, so the
 *   caller can report it and look for a chain reset meanwhile).
 *
 * Any other failure (the upstream down after the client's retries, a malformed answer) ends the
 * iteration with that error.
 */
import { WindowProblemError } from "./errors.ts";
import { type FetchedWindow, fetchWindow } from "./fetch_window.ts";
import { type HeightRange, planWindows, windowsAfterFailure, type WindowSizer } from "./plan.ts";
import type { TxIndexerClient } from "./upstream/client.ts";
import type { WindowProblem } from "./validate.ts";

export interface WindowFetcherOptions {
  client: TxIndexerClient;
  libraryPaths: readonly string[];
  sizer: WindowSizer;
  /** Windows fetched at once. */
  concurrency: number;
  signal: AbortSignal;
  /** Called after each failure of a window, `failures` in a row (1 for the first). */
  onProblem(range: HeightRange, problem: WindowProblem, failures: number): Promise<void>;
  /** Waits before the next attempt of a window that failed `failures` times in a row. */
  backoff(failures: number, signal: AbortSignal): Promise<void>;
}

interface Pending {
  range: HeightRange;
  failures: number;
  result: Promise<Awaited<ReturnType<typeof fetchWindow>>>;
}

export async function* fetchWindows(
  ranges: readonly HeightRange[],
  options: WindowFetcherOptions,
): AsyncGenerator<FetchedWindow> {
  const { client, libraryPaths, sizer } = options;
  // In-flight fetches end with the iteration, however it ends.
  const controller = new AbortController();
  const signal = AbortSignal.any([options.signal, controller.signal]);
  const plan = planWindows(ranges, () => sizer.current());
  const queue: Pending[] = [];

  const start = (range: HeightRange, failures: number): Pending => {
    const result = (async () => {
      if (failures > 0) await options.backoff(failures, signal);
      return await fetchWindow(range, { client, libraryPaths, signal });
    })();
    result.catch(() => {}); // awaited in order below; this only marks it handled
    return { range, failures, result };
  };
  const fill = () => {
    while (queue.length < options.concurrency) {
      const range = plan.next();
      if (!range) return;
      queue.push(start(range, 0));
    }
  };

  try {
    fill();
    while (queue.length > 0) {
      const pending = queue.shift()!;
      let fetched: FetchedWindow;
      try {
        const answer = await pending.result;
        sizer.report({ capped: answer.rest !== null });
        if (answer.rest) queue.unshift(start(answer.rest, 0));
        fetched = answer.fetched;
      } catch (error) {
        if (!(error instanceof WindowProblemError) || signal.aborted) throw error;
        const failures = pending.failures + 1;
        await options.onProblem(pending.range, error.problem, failures);
        const { height } = error.problem;
        const parts = windowsAfterFailure(pending.range, height, failures);
        // The part holding the problem carries the count (and so the growing backoff).
        const at = Math.min(Math.max(height, pending.range.from), pending.range.to);
        queue.unshift(
          ...parts.map((range) => start(range, range.from <= at && at <= range.to ? failures : 0)),
        );
        continue;
      }
      fill();
      yield fetched;
    }
  } finally {
    controller.abort();
  }
}
