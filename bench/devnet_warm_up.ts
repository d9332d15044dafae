/**
 * Pre-warms the devnet before a backfill is timed: every block and transaction is requested once
 * with the synchronizer's own client and queries, so the devnet (started with --cached-items)
 * answers the timed run from its cache. The real upstream serves stored data; generating the
 * simulated chain is not part of what the benchmark measures.
 */
import { createTxIndexerClient } from "../sync/upstream/client.ts";

const WINDOW_BLOCKS = 2_000;

export async function warmUpDevnet(url: string, head: number): Promise<void> {
  const client = createTxIndexerClient({ urls: [url], timeoutMs: 120_000 });
  for (let from = 0; from <= head;) {
    const range = { from, to: Math.min(head, from + WINDOW_BLOCKS - 1) };
    const [, transactions] = await Promise.all([
      client.blocks(range),
      client.transactions(range),
    ]);
    // A capped answer holds the heights below its last one whole: go on from that height.
    const last = transactions.items.at(-1)?.block_height ?? range.to;
    from = transactions.capped ? Math.max(from + 1, last) : range.to + 1;
  }
}
