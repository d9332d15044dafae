/**
 * Checks that a fetched window is a complete, consistent piece of one chain (docs/upstream.md): every
 * height once and in order, each block chained to the one before it by `last_block_hash`, and
 * each block holding exactly `num_txs` transactions, indexed 0..n-1. Pure: no I/O.
 *
 * A problem is not necessarily fatal: upstreams skip blocks silently and serve half-indexed
 * heights, so the caller re-fetches (with backoff, on another upstream) until it heals. Only a
 * change of a STORED block's hash is a chain reset, and that is decided where the stored hashes
 * are known.
 */
import type { HeightRange } from "./plan.ts";

export interface BlockLink {
  height: number;
  hash: string;
  last_block_hash: string;
  num_txs: number;
}

export interface TransactionPosition {
  block_height: number;
  index: number;
}

export type WindowProblemKind =
  | "missing_block"
  | "unexpected_block"
  | "broken_link"
  | "transaction_count"
  | "unexpected_transaction";

export interface WindowProblem {
  kind: WindowProblemKind;
  height: number;
  detail: string;
}

export interface WindowContents {
  window: HeightRange;
  /** The block at `window.from - 1`, needed from height 2 on to check the first link. */
  anchor: BlockLink | null;
  /** The window's blocks, ascending. */
  blocks: readonly BlockLink[];
  /** The window's transactions, in chain order. */
  transactions: readonly TransactionPosition[];
}

/** Links are checked from height 2: genesis (0) has an empty hash, block 1 an empty link. */
export const FIRST_LINKED_HEIGHT = 2;

export function validateWindow(contents: WindowContents): WindowProblem | null {
  const { window, blocks, transactions } = contents;
  const expected = window.to - window.from + 1;
  for (let i = 0; i < blocks.length; i++) {
    const height = window.from + i;
    const block = blocks[i];
    if (block.height > height) {
      return {
        kind: "missing_block",
        height,
        detail: `Block ${height} is missing while block ${block.height} exists`,
      };
    }
    if (block.height !== height || i >= expected) {
      return {
        kind: "unexpected_block",
        height: block.height,
        detail: `Block ${block.height} is out of order or outside ${window.from}..${window.to}`,
      };
    }
  }
  if (blocks.length < expected) {
    const height = window.from + blocks.length;
    return { kind: "missing_block", height, detail: `Block ${height} is missing` };
  }

  if (window.from >= FIRST_LINKED_HEIGHT) {
    if (contents.anchor === null || contents.anchor.height !== window.from - 1) {
      return {
        kind: "missing_block",
        height: window.from - 1,
        detail: `Block ${window.from - 1} (the window's anchor) is missing`,
      };
    }
  }
  let previous = contents.anchor;
  for (const block of blocks) {
    if (
      block.height >= FIRST_LINKED_HEIGHT && previous && block.last_block_hash !== previous.hash
    ) {
      return {
        kind: "broken_link",
        height: block.height,
        detail: `Block ${block.height} links to ${
          block.last_block_hash || "nothing"
        }, not to block ${previous.height}'s hash ${previous.hash}`,
      };
    }
    previous = block;
  }

  let t = 0;
  for (const block of blocks) {
    let count = 0;
    while (t < transactions.length && transactions[t].block_height === block.height) {
      if (transactions[t].index !== count) {
        return {
          kind: "transaction_count",
          height: block.height,
          detail: `Block ${block.height} has transaction index ${
            transactions[t].index
          } where ${count} belongs`,
        };
      }
      count++;
      t++;
    }
    if (count !== block.num_txs) {
      return {
        kind: "transaction_count",
        height: block.height,
        detail: `Block ${block.height} has ${count} transactions, num_txs says ${block.num_txs}`,
      };
    }
  }
  if (t < transactions.length) {
    const stray = transactions[t];
    return {
      kind: "unexpected_transaction",
      height: stray.block_height,
      detail:
        `Transaction ${stray.block_height}/${stray.index} is out of order or outside ${window.from}..${window.to}`,
    };
  }
  return null;
}
