/**
 * Fetches one height window from the upstream, checks it (validate.ts) and parses its token
 * events: one request for the blocks (with the block below the window, its anchor) and one for
 * the transactions.
 *
 * An answer cut at the upstream's 10,000-element cap still holds every transaction of the
 * heights below its last one (the upstream scans in chain order and stops at the cap), so the
 * window is cut there: the complete part is used, and the rest comes back to the caller to be
 * fetched as windows of their own. A single block holding more than the cap is read whole with
 * the one-block index continuation. Nothing is retried here: an inconsistent window throws
 * WindowProblemError and the synchronizer decides (docs/architecture.md, "Windows").
 */
import {
  parseTransaction,
  type Rejection,
  type TokenEvent,
  type TokenMetadata,
  type UpstreamTransaction,
} from "../shared/events/mod.ts";
import { copyChunks } from "../shared/db/copy_in.ts";
import { transactionRow } from "./copy_rows.ts";
import { WindowProblemError } from "./errors.ts";
import type { HeightRange } from "./plan.ts";
import type { TxIndexerClient, UpstreamBlock } from "./upstream/client.ts";
import { validateWindow } from "./validate.ts";

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
  /** Metadata of the tokens created in the window (their NewToken events). */
  tokens: TokenMetadata[];
  rejections: Rejection[];
}

export interface WindowFetch {
  /** The complete, validated window: the whole range asked for, or its start when capped. */
  fetched: FetchedWindow;
  /** The heights after `fetched.window` that a capped answer left out, to be fetched next. */
  rest: HeightRange | null;
}

export interface FetchWindowOptions {
  client: TxIndexerClient;
  libraryPaths: readonly string[];
  signal?: AbortSignal;
}

export async function fetchWindow(
  range: HeightRange,
  options: FetchWindowOptions,
): Promise<WindowFetch> {
  const { client, signal } = options;
  const [blocks, transactions] = await Promise.all([
    client.blocks({ from: Math.max(0, range.from - 1), to: range.to }, signal),
    client.transactions(range, signal),
  ]);
  let through = range.to;
  if (blocks.capped && blocks.items.length > 0) {
    through = Math.min(through, blocks.items[blocks.items.length - 1].height);
  }
  let txs = transactions.items;
  if (transactions.capped && txs.length > 0) {
    const last = txs[txs.length - 1].block_height;
    if (last > range.from) {
      through = Math.min(through, last - 1);
    } else {
      // The window's first block alone fills an answer: read that block whole.
      through = range.from;
      txs = await client.blockTransactions(range.from, signal);
    }
  }
  const window = { from: range.from, to: through };
  const cutOff = (height: number) => height > through && height <= range.to;
  const fetched = checkedWindow(
    window,
    through < range.to ? blocks.items.filter((b) => !cutOff(b.height)) : blocks.items,
    through < range.to ? txs.filter((tx) => !cutOff(tx.block_height)) : txs,
    options.libraryPaths,
  );
  return { fetched, rest: through < range.to ? { from: through + 1, to: range.to } : null };
}

function checkedWindow(
  window: HeightRange,
  upstreamBlocks: readonly UpstreamBlock[],
  transactions: readonly UpstreamTransaction[],
  libraryPaths: readonly string[],
): FetchedWindow {
  let anchor: UpstreamBlock | null = null;
  const blocks: UpstreamBlock[] = [];
  for (const block of upstreamBlocks) {
    if (anchor === null && block.height === window.from - 1) anchor = block;
    else blocks.push(block);
  }
  const problem = validateWindow({ window, anchor, blocks, transactions });
  if (problem) throw new WindowProblemError(problem);

  const events: TokenEvent[] = [];
  const tokens: TokenMetadata[] = [];
  const rejections: Rejection[] = [];
  const parseOptions = { libraryPaths };
  for (const tx of transactions) {
    const parsed = parseTransaction(tx, parseOptions);
    for (const event of parsed.events) events.push(event);
    for (const token of parsed.tokens) tokens.push(token);
    for (const rejection of parsed.rejections) rejections.push(rejection);
  }
  return {
    window,
    anchor,
    blocks,
    transactionCount: transactions.length,
    transactionRows: [...copyChunks(transactions, transactionRow)],
    events,
    tokens,
    rejections,
  };
}
