import { encodeAddress } from "./addresses.ts";
import { toBase64 } from "./base64.ts";
import { createRandom } from "./random.ts";
import { TOKENS } from "./tokens.ts";
import { buildGenesisTx, buildRandomTx } from "./tx_kinds.ts";
import type { TxBuilder } from "./tx_builder.ts";
import type { Block, GeneratedBlock, Movement, Rejection, Transaction } from "./types.ts";

export interface DenseStretches {
  /** A stretch starts at every multiple of `every` (height >= every). */
  every: number;
  /** Blocks per stretch. */
  length: number;
  /** Transactions in each block of a stretch. */
  txs: number;
}

export interface ChainShape {
  seed: string;
  /** Changing the salt re-genesises the chain: same heights, new content and hashes. */
  salt: string;
  chainId: string;
  accounts: readonly string[];
  txsPerBlock: { min: number; max: number };
  dense: DenseStretches | null;
  genesisTimeMs: number;
  blockTimeMs: number;
}

export interface BlockGenerator {
  readonly shape: ChainShape;
  generate(height: number): GeneratedBlock;
  blockHash(height: number): string;
  txCount(height: number): number;
  /** The (height, index) a tx hash would belong to; verify by regenerating the block. */
  locateTx(hash: string): { height: number; index: number } | null;
}

const TX_INDEX_LIMIT = 65536;

export function createBlockGenerator(shape: ChainShape): BlockGenerator {
  const key = `${shape.seed}\u0000${shape.salt}`;
  const mask = createRandom(`${key}\u0000txmask`).bytes(8);
  const validators = createRandom(`${key}\u0000validators`);
  const validatorsHash = toBase64(validators.bytes(32));
  const consensusHash = toBase64(validators.bytes(32));
  const proposers = [0, 1, 2, 3].map(() => encodeAddress(validators.bytes(20)));

  const blockHash = (height: number): string =>
    height === 0 ? "" : toBase64(createRandom(`${key}\u0000hash\u0000${height}`).bytes(32));

  const txCount = (height: number): number => {
    if (height === 0) return TOKENS.length;
    const dense = shape.dense;
    if (dense && height >= dense.every && height % dense.every < dense.length) return dense.txs;
    const { min, max } = shape.txsPerBlock;
    if (min === max) return min;
    return createRandom(`${key}\u0000count\u0000${height}`).int(min, max);
  };

  // Tx hashes embed (height, index) under a per-chain mask so a hash lookup needs no index.
  const txHash = (height: number, index: number, tail: Uint8Array): string => {
    const bytes = new Uint8Array(32);
    const high = Math.floor(height / 65536);
    const head = [
      (high >>> 24) & 0xff,
      (high >>> 16) & 0xff,
      (high >>> 8) & 0xff,
      high & 0xff,
      (height >>> 8) & 0xff,
      height & 0xff,
      (index >>> 8) & 0xff,
      index & 0xff,
    ];
    for (let i = 0; i < 8; i++) bytes[i] = head[i] ^ mask[i];
    bytes.set(tail, 8);
    return toBase64(bytes);
  };

  const locateTx = (hash: string): { height: number; index: number } | null => {
    let binary: string;
    try {
      binary = atob(hash);
    } catch {
      return null;
    }
    if (binary.length !== 32) return null;
    const b = (i: number) => binary.charCodeAt(i) ^ mask[i];
    const high = ((b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)) >>> 0;
    const height = high * 65536 + ((b(4) << 8) | b(5));
    const index = (b(6) << 8) | b(7);
    return Number.isSafeInteger(height) ? { height, index } : null;
  };

  const formatTime = (height: number, nanos: number): string => {
    const iso = new Date(shape.genesisTimeMs + height * shape.blockTimeMs).toISOString();
    const fraction = String(nanos).padStart(9, "0").replace(/0+$/, "");
    return iso.slice(0, 19) + (fraction ? `.${fraction}` : "") + "Z";
  };

  const generate = (height: number): GeneratedBlock => {
    const random = createRandom(`${key}\u0000block\u0000${height}`);
    const ctx = { random, accounts: shape.accounts };
    const count = txCount(height);
    if (count >= TX_INDEX_LIMIT) throw new Error("A block holds at most 65535 transactions");
    const transactions: Transaction[] = [];
    const movements: Movement[] = [];
    const rejections: Rejection[] = [];
    for (let index = 0; index < count; index++) {
      const built: TxBuilder = height === 0
        ? buildGenesisTx(ctx, index, shape.accounts[0])
        : buildRandomTx(ctx);
      const hash = txHash(height, index, random.bytes(24));
      const intent = built.finish();
      for (const m of intent.movements) {
        movements.push({
          tokenPath: m.tokenPath,
          from: m.from,
          to: m.to,
          amount: m.amount,
          blockHeight: height,
          txIndex: index,
          eventIndex: m.eventIndex,
          txHash: hash,
        });
      }
      for (const r of intent.rejections) {
        rejections.push({
          reason: r.reason,
          blockHeight: height,
          txIndex: index,
          eventIndex: r.eventIndex,
          txHash: hash,
        });
      }
      const gasWanted = random.int(1_000_000, 10_000_000);
      const fee = random.int(1_000, 1_000_000);
      transactions.push({
        index,
        hash,
        success: built.success,
        block_height: height,
        gas_wanted: gasWanted,
        gas_used: random.int(100_000, gasWanted),
        gas_fee: { amount: fee, denom: "ugnot" },
        content_raw: toBase64(random.bytes(48)),
        messages: built.messages,
        memo: random.chance(0.1) ? `memo ${random.int(0, 9999)}` : "",
        response: {
          log: built.success ? `msg:0,success:true,log:,events:${built.events.length}` : "",
          info: "",
          error: built.error,
          data: "",
          events: built.events,
        },
      });
    }
    const previous = height === 0 ? 0 : totalTxsBefore(height);
    const block: Block = {
      hash: blockHash(height),
      height,
      version: "v1.0.0",
      chain_id: shape.chainId,
      time: formatTime(height, random.int(0, 999_999_999)),
      num_txs: count,
      total_txs: previous + count,
      app_version: "",
      last_block_hash: height <= 1 ? "" : blockHash(height - 1),
      last_commit_hash: height === 0 ? "" : toBase64(random.bytes(32)),
      validators_hash: validatorsHash,
      next_validators_hash: validatorsHash,
      consensus_hash: consensusHash,
      app_hash: toBase64(random.bytes(32)),
      last_results_hash: height === 0 ? "" : toBase64(random.bytes(32)),
      proposer_address_raw: proposers[height % proposers.length],
      txs: transactions.map((tx) => ({
        hash: tx.hash,
        fee: { gas_wanted: tx.gas_wanted, gas_fee: tx.gas_fee! },
        memo: tx.memo,
        content_raw: tx.content_raw,
      })),
    };
    return { block, transactions, movements, rejections };
  };

  // Prefix sums of tx counts every 1024 heights, extended on demand, plus the per-height
  // cumulative counts of a few recently used strides.
  const STRIDE = 1024;
  const prefix: number[] = [0]; // prefix[k] = txs in heights [0, k * STRIDE)
  const strides = new Map<number, Int32Array>();
  const strideCumulative = (slot: number): Int32Array => {
    let cumulative = strides.get(slot);
    if (!cumulative) {
      cumulative = new Int32Array(STRIDE + 1);
      for (let i = 0; i < STRIDE; i++) {
        cumulative[i + 1] = cumulative[i] + txCount(slot * STRIDE + i);
      }
      if (strides.size >= 8) strides.delete(strides.keys().next().value!);
      strides.set(slot, cumulative);
    }
    return cumulative;
  };
  const totalTxsBefore = (height: number): number => {
    const slot = Math.floor(height / STRIDE);
    while (prefix.length <= slot) {
      const k = prefix.length - 1;
      prefix.push(prefix[k] + strideCumulative(k)[STRIDE]);
    }
    return prefix[slot] + strideCumulative(slot)[height - slot * STRIDE];
  };

  return { shape, generate, blockHash, txCount, locateTx };
}
