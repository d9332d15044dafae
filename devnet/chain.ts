import { type BlockGenerator, type ChainShape, createBlockGenerator } from "./block_generator.ts";
import { createTruthTracker, type TruthTracker } from "./truth.ts";
import type { GeneratedBlock, Transaction } from "./types.ts";

/**
 * The simulated chain: a lazily generated sequence of blocks up to a head that grows, with a
 * bounded cache of recently generated blocks and the ground truth beside it.
 */
export interface Chain {
  /** The highest height queries can see. */
  head(): number;
  /** Makes the next `count` blocks exist (at most up to `limit()`); returns the new head. */
  extend(count: number): number;
  /** The highest height the chain can ever reach (Infinity for a generated chain). */
  limit(): number;
  block(height: number): GeneratedBlock;
  findTransaction(hash: string): Transaction | null;
  truth(): TruthTracker;
  /** Re-genesis: same heights, new content and hashes. */
  reset(salt: string): void;
  salt(): string;
}

export interface ChainOptions extends Omit<ChainShape, "salt"> {
  head: number;
  /** How many transactions the block cache may hold. */
  cacheTxs?: number;
}

export function createChain(options: ChainOptions): Chain {
  let head = options.head;
  let generator: BlockGenerator;
  let tracker: TruthTracker;
  const cache = new Map<number, GeneratedBlock>();
  let cachedTxs = 0;
  const cacheLimit = options.cacheTxs ?? 50_000;

  const block = (height: number): GeneratedBlock => {
    const hit = cache.get(height);
    if (hit) {
      cache.delete(height);
      cache.set(height, hit);
      return hit;
    }
    const generated = generator.generate(height);
    cache.set(height, generated);
    cachedTxs += generated.transactions.length + 1;
    while (cachedTxs > cacheLimit && cache.size > 1) {
      const [oldest, evicted] = cache.entries().next().value!;
      cache.delete(oldest);
      cachedTxs -= evicted.transactions.length + 1;
    }
    return generated;
  };

  const reset = (salt: string) => {
    generator = createBlockGenerator({ ...options, salt });
    tracker = createTruthTracker(block);
    cache.clear();
    cachedTxs = 0;
  };
  reset("");

  return {
    head: () => head,
    extend(count) {
      head += count;
      return head;
    },
    limit: () => Infinity,
    block,
    findTransaction(hash) {
      const at = generator.locateTx(hash);
      if (!at || at.height > head || at.index >= generator.txCount(at.height)) return null;
      const tx = block(at.height).transactions[at.index];
      return tx.hash === hash ? tx : null;
    },
    truth: () => tracker,
    reset,
    salt: () => generator.shape.salt,
  };
}
