/**
 * Pre-warms the devnet before a backfill is timed: every block and transaction is requested once
 * with the synchronizer's own client and queries, so the devnet (started with --cached-items)
 * answers the timed run from its cache. The real upstream serves stored data; generating the
 * simulated chain is not part of what the benchmark measures.
 */
import { createTxIndexerClient } from "../shared/txindexer/client.ts";

const WINDOW_BLOCKS = 2_000;

export async function warmUpDevnet(url: string, head: number): Promise<void> {
  const client = createTxIndexerClient({ urls: [url], timeoutMs: 120_000 });
  for (let from = 0; from <= head; from += WINDOW_BLOCKS) {
    const to = Math.min(head, from + WINDOW_BLOCKS - 1);
    await Promise.all([client.getBlocks(from, to), client.getTransactions(from, to)]);
  }
}
