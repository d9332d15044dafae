/**
 * Differential test against the real tx-indexer v0.8.0: devnet/recorded/ holds a transcript of
 * its answers (see devnet/recorded/README.md). The devnet serves the recorded chain and must
 * answer every recorded query with the same HTTP status, `data` and `errors` (parsed JSON;
 * object key order ignored, array order significant).
 *
 * capped.jsonl was recorded against a second ("fast") chain that was not itself recorded. Its
 * blocks are rebuilt here from the capped answers (fastChain below): heights 0..18048 from
 * `fast_latest_block_height`, the fields of heights 1..10000 (hash, last_block_hash, time,
 * num_txs, chain_id) from `cap_blocks_product_shape_after_0_before_12000`, height 0's 264
 * transactions (block_height, index) from `cap_txs_where_empty_not_capped`, its num_txs from
 * `cap_blocks_num_txs_gt_0_filter_scan_all`; every block after genesis is empty (README).
 * Unknown values are placeholders: block 0's time is block 1's (genesis time, as on chain 1),
 * heights above 10000 get a time 100 ms per block after block 10000's (the chain's pace) and
 * empty hashes. No capped query selects a placeholder, so all 18 are replayed; the clock is set
 * between the times of blocks 2777 and 2778, where tx-indexer's own clock was when it answered
 * `cap_deprecated_blocks_empty_filter` with 0..2777.
 */
import assert from "node:assert/strict";
import { timeNanos } from "./filter.ts";
import { startDevnet } from "./mod.ts";
import type { RecordedChainData } from "./recorded_chain.ts";
import type { Block, Transaction } from "./types.ts";

interface RecordedQuery {
  name: string;
  query: string;
  variables: Record<string, unknown> | null;
  status: number;
  response: { data?: unknown; errors?: unknown[] };
  raw_request_body?: boolean;
}

const here = (path: string) => new URL(`./recorded/${path}`, import.meta.url);
const readLines = (path: string): RecordedQuery[] =>
  Deno.readTextFileSync(here(path)).trim().split("\n").map((line) => JSON.parse(line));

async function replay(graphqlUrl: string, recorded: RecordedQuery) {
  const body = recorded.raw_request_body ? recorded.query : JSON.stringify(
    recorded.variables === null
      ? { query: recorded.query }
      : { query: recorded.query, variables: recorded.variables },
  );
  const response = await fetch(graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  assert.equal(response.status, recorded.status, `status of ${recorded.name}: ${text}`);
  assert.deepEqual(JSON.parse(text), recorded.response);
}

function formatNanos(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const fraction = String(ns % 1_000_000_000n).padStart(9, "0").replace(/0+$/, "");
  return new Date(Number(ms)).toISOString().slice(0, 19) + (fraction ? `.${fraction}` : "") + "Z";
}

Deno.test("the devnet answers every query of queries.jsonl like tx-indexer v0.8.0", async (t) => {
  const chain = JSON.parse(Deno.readTextFileSync(here("chain.json"))) as RecordedChainData;
  // The recording was made after the last block: its clock let every block through `blocks`.
  const lastTime = timeNanos(chain.blocks[chain.blocks.length - 1].time)!;
  const devnet = await startDevnet({
    recorded: chain,
    now: () => Number(lastTime / 1_000_000n) + 1000,
  });
  try {
    for (const recorded of readLines("queries.jsonl")) {
      await t.step(recorded.name, () => replay(devnet.graphqlUrl, recorded));
    }
  } finally {
    await devnet.close();
  }
});

/** The fast chain, rebuilt from its capped answers (see the top of this file). */
function fastChain(queries: RecordedQuery[]): RecordedChainData {
  const answer = (name: string) => {
    const query = queries.find((q) => q.name === name);
    if (!query) throw new Error(`${name} is not in capped.jsonl`);
    return query.response.data as Record<string, unknown>;
  };
  const head = answer("fast_latest_block_height").latestBlockHeight as number;
  const known = answer("cap_blocks_product_shape_after_0_before_12000").getBlocks as Block[];
  const genesis = (answer("cap_blocks_num_txs_gt_0_filter_scan_all").getBlocks as Block[])[0];
  const genesisTxs = answer("cap_txs_where_empty_not_capped").getTransactions as {
    block_height: number;
    index: number;
  }[];
  const byHeight = new Map(known.map((b) => [b.height, b]));
  const last = known[known.length - 1];
  const lastTime = timeNanos(last.time)!;
  const blocks: Block[] = [];
  for (let height = 0; height <= head; height++) {
    const seen = height === 0 ? { ...byHeight.get(1)!, ...genesis } : byHeight.get(height);
    const numTxs = height === 0 ? genesis.num_txs : 0;
    blocks.push({
      hash: height === 0 ? "" : seen?.hash ?? "",
      height,
      version: "",
      chain_id: seen?.chain_id ?? "dev",
      time: seen?.time ?? formatNanos(lastTime + BigInt(height - last.height) * 100_000_000n),
      num_txs: numTxs,
      total_txs: numTxs,
      app_version: "",
      last_block_hash: height <= 1 ? "" : seen?.last_block_hash ?? "",
      last_commit_hash: "",
      validators_hash: "",
      next_validators_hash: "",
      consensus_hash: "",
      app_hash: "",
      last_results_hash: "",
      proposer_address_raw: "",
      txs: Array.from({ length: numTxs }, () => ({
        hash: "",
        fee: { gas_wanted: 0, gas_fee: { amount: 0, denom: "" } },
        memo: "",
        content_raw: "",
      })),
    });
  }
  const transactions = genesisTxs.map((tx): Transaction => ({
    index: tx.index,
    hash: "",
    success: true,
    block_height: tx.block_height,
    gas_wanted: 0,
    gas_used: 0,
    gas_fee: null,
    content_raw: "",
    messages: [],
    memo: "",
    response: { log: "", info: "", error: "", data: "", events: [] },
  }));
  return { latestBlockHeight: head, blocks, transactions };
}

Deno.test("the devnet answers every query of capped.jsonl like tx-indexer v0.8.0", async (t) => {
  const queries = readLines("capped.jsonl");
  const chain = fastChain(queries);
  const before = timeNanos(chain.blocks[2777].time)!;
  const cutOff = timeNanos(chain.blocks[2778].time)!;
  const nowMs = Number(cutOff / 1_000_000n);
  assert.ok(BigInt(nowMs) * 1_000_000n > before, "a ms clock fits between blocks 2777 and 2778");
  const devnet = await startDevnet({ recorded: chain, now: () => nowMs });
  try {
    for (const recorded of queries) {
      await t.step(recorded.name, () => replay(devnet.graphqlUrl, recorded));
    }
  } finally {
    await devnet.close();
  }
});
