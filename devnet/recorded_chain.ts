import type { Chain } from "./chain.ts";
import type { TruthTracker } from "./truth.ts";
import type { Block, GeneratedBlock, Transaction } from "./types.ts";

/**
 * A chain as tx-indexer serves it, in the format of devnet/recorded/chain.json: every block
 * (`getBlocks(where: {})` with all fields) and every transaction (`getTransactions(where: {})`
 * with all fields), `latestBlockHeight` being the head.
 */
export interface RecordedChainData {
  latestBlockHeight: number;
  blocks: Block[];
  transactions: Transaction[];
}

export interface RecordedChainOptions {
  /** The head visible at start (default `latestBlockHeight`); `extend` reveals the rest. */
  head?: number;
}

/**
 * Serves recorded blocks and transactions verbatim. Heights must be 0..latestBlockHeight with
 * no gap. There is no ground truth (`truth()` throws: compare with the recording's
 * balances.json) and no re-genesis.
 */
export function createRecordedChain(
  data: RecordedChainData,
  options: RecordedChainOptions = {},
): Chain {
  const last = data.latestBlockHeight;
  if (!Number.isInteger(last) || last < 0) {
    throw new Error(`Recorded chain: bad latestBlockHeight ${last}`);
  }
  const byHeight: GeneratedBlock[] = [];
  for (const block of data.blocks) {
    if (byHeight[block.height]) throw new Error(`Recorded chain: height ${block.height} twice`);
    // No generator intent: every intent list is empty (the cast keeps up with new ones).
    byHeight[block.height] = {
      block,
      transactions: [],
      movements: [],
      rejections: [],
      newTokens: [],
    } as GeneratedBlock;
  }
  for (let h = 0; h <= last; h++) {
    if (!byHeight[h]) throw new Error(`Recorded chain: block ${h} is missing`);
  }
  if (byHeight.length !== last + 1) {
    throw new Error(`Recorded chain: blocks above latestBlockHeight ${last}`);
  }
  const byHash = new Map<string, Transaction>();
  for (const tx of data.transactions) {
    const holder = byHeight[tx.block_height];
    if (!holder) {
      throw new Error(`Recorded chain: transaction at unknown height ${tx.block_height}`);
    }
    holder.transactions.push(tx);
    byHash.set(tx.hash, tx);
  }
  for (const generated of byHeight) generated.transactions.sort((a, b) => a.index - b.index);

  let head = options.head ?? last;
  if (!Number.isInteger(head) || head < 0 || head > last) {
    throw new Error(`Recorded chain: head ${head} is outside 0..${last}`);
  }
  return {
    head: () => head,
    extend(count) {
      head = Math.min(last, head + count);
      return head;
    },
    limit: () => last,
    block(height) {
      const generated = byHeight[height];
      if (!generated) throw new Error(`Recorded chain: no block ${height}`);
      return generated;
    },
    findTransaction(hash) {
      const tx = byHash.get(hash);
      return tx && tx.block_height <= head ? tx : null;
    },
    truth(): TruthTracker {
      throw new Error(
        "A recorded chain has no generator truth: compare with the recording's balances.json",
      );
    },
    reset() {
      throw new Error("A recorded chain cannot be reset");
    },
    salt: () => "recorded",
  };
}
