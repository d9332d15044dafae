/**
 * Fetches one height window from the upstream, checks it (shared/sync/validate.ts) and parses its
 * token events. An incomplete or inconsistent answer is re-fetched a few times with backoff on the
 * next upstream URL before the failure goes up to the synchronizer's retry schedule.
 */
import { parseTransaction, type Rejection, type TokenEvent } from "../shared/events/mod.ts";
import { retry } from "../shared/retry.ts";
import type { HeightRange } from "../shared/sync/plan.ts";
import { validateWindow } from "../shared/sync/validate.ts";
import type { TxIndexerClient, UpstreamBlock } from "../shared/txindexer/client.ts";
import { copyChunks } from "../shared/db/copy_in.ts";
import { transactionRow } from "./copy_rows.ts";
import { WindowProblemError } from "./errors.ts";

export interface FetchedWindow {
  window: HeightRange;
  /** The upstream block at `window.from - 1` (null for a window starting at 0). */
  anchor: UpstreamBlock | null;
  blocks: UpstreamBlock[];
  /** How many transactions the window holds. */
  transactionCount: number;
  /**
   * The transactions as COPY text (copy_rows.ts), made at once so that the parsed answer is
   * garbage before the window waits its turn to be stored (memory, GC).
   */
  transactionRows: string[];
  events: TokenEvent[];
  rejections: Rejection[];
  /** The transactions did not fit one answer: the next windows should be smaller. */
  capped: boolean;
}

export interface FetchWindowOptions {
  client: TxIndexerClient;
  libraryPaths: readonly string[];
  signal?: AbortSignal;
  /** Attempts in all for an incomplete window before giving up (default 4). */
  attempts?: number;
  onRetry?: (error: unknown) => void;
}

export async function fetchWindowOnce(
  window: HeightRange,
  options: FetchWindowOptions,
): Promise<FetchedWindow> {
  const { client, signal } = options;
  const [blocks, transactions] = await Promise.all([
    client.getBlocks(Math.max(0, window.from - 1), window.to, signal),
    client.getTransactions(window.from, window.to, signal),
  ]);
  let windowBlocks = blocks.items;
  let anchor: UpstreamBlock | null = null;
  if (windowBlocks.length > 0 && windowBlocks[0].height === window.from - 1) {
    anchor = windowBlocks[0];
    windowBlocks = windowBlocks.slice(1);
  }
  const problem = validateWindow({
    window,
    anchor,
    blocks: windowBlocks,
    transactions: transactions.items,
  });
  if (problem) throw new WindowProblemError(problem);

  const events: TokenEvent[] = [];
  const rejections: Rejection[] = [];
  const parseOptions = { libraryPaths: options.libraryPaths };
  for (const tx of transactions.items) {
    const parsed = parseTransaction(tx, parseOptions);
    for (const event of parsed.events) events.push(event);
    for (const rejection of parsed.rejections) rejections.push(rejection);
  }
  return {
    window,
    anchor,
    blocks: windowBlocks,
    transactionCount: transactions.items.length,
    transactionRows: [...copyChunks(transactions.items, transactionRow)],
    events,
    rejections,
    capped: blocks.capped || transactions.capped,
  };
}

export function fetchWindow(
  window: HeightRange,
  options: FetchWindowOptions,
): Promise<FetchedWindow> {
  return retry(() => fetchWindowOnce(window, options), {
    maxAttempts: options.attempts ?? 4,
    baseMs: 200,
    maxMs: 2_000,
    signal: options.signal,
    onRetry: (error) => {
      // A window the current upstream cannot complete may be complete on the next one.
      if (error instanceof WindowProblemError) options.client.failover(error.message);
      options.onRetry?.(error);
    },
  });
}
