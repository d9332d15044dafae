import { encodeAddress } from "./addresses.ts";
import { toBase64 } from "./base64.ts";
import { createRandom, type Random } from "./random.ts";
import { createTokenSchedule, type TokenSchedule } from "./tokens.ts";
import {
  buildGenesisTx,
  buildNewTokenTx,
  buildRandomTx,
  buildReservesTx,
  GENESIS_TX_COUNT,
  type RecipeContext,
} from "./tx_kinds.ts";
import type { TxBuilder } from "./tx_builder.ts";
import type {
  Block,
  GeneratedBlock,
  Movement,
  Rejection,
  TokenAnnouncement,
  Transaction,
} from "./types.ts";

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
  /** When this chain's tokens are created (mid-chain heights are drawn from seed and salt). */
  readonly tokens: TokenSchedule;
  generate(height: number): GeneratedBlock;
  blockHash(height: number): string;
  txCount(height: number): number;
  /** The (height, index) a tx hash would belong to; verify by regenerating the block. */
  locateTx(hash: string): { height: number; index: number } | null;
}

const TX_INDEX_LIMIT = 65536;

// Reused byte buffers: random hashes are drawn into them and encoded at once (no allocation).
const HASH_BYTES = new Uint8Array(32);
const HASH_TAIL = HASH_BYTES.subarray(8);
const BYTES_32 = new Uint8Array(32);
const BYTES_48 = new Uint8Array(48);
const random32 = (random: Random) => toBase64(random.fill(BYTES_32));

/** The proposer tx-indexer synthesizes for height 0: the bech32 of 20 zero bytes. */
export const GENESIS_PROPOSER = "g1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqluuxe";

export function createBlockGenerator(shape: ChainShape): BlockGenerator {
  const key = `${shape.seed}\u0000${shape.salt}`;
  const mask = createRandom(`${key}\u0000txmask`).bytes(8);
  const validators = createRandom(`${key}\u0000validators`);
  const validatorsHash = toBase64(validators.bytes(32));
  const consensusHash = toBase64(validators.bytes(32));
  const proposers = [0, 1, 2, 3].map(() => encodeAddress(validators.bytes(20)));
  const schedule = createTokenSchedule(key);

  const blockHash = (height: number): string =>
    height === 0 ? "" : random32(createRandom(`${key}\u0000hash\u0000${height}`));

  // A mid-chain token's `New` tx and its reserves tx open their block (which holds at least them).
  const creationTxs = (height: number) => 2 * schedule.createdIn(height).length;
  const plainTxCount = (height: number): number => {
    const dense = shape.dense;
    if (dense && height >= dense.every && height % dense.every < dense.length) return dense.txs;
    const { min, max } = shape.txsPerBlock;
    if (min === max) return min;
    return createRandom(`${key}\u0000count\u0000${height}`).int(min, max);
  };
  const txCount = (height: number): number =>
    height === 0 ? GENESIS_TX_COUNT : Math.max(plainTxCount(height), creationTxs(height));

  // Tx hashes embed (height, index) under a per-chain mask so a hash lookup needs no index; the
  // other 24 bytes are random.
  const txHash = (height: number, index: number, random: Random): string => {
    const bytes = HASH_BYTES;
    const high = Math.floor(height / 65536);
    bytes[0] = ((high >>> 24) & 0xff) ^ mask[0];
    bytes[1] = ((high >>> 16) & 0xff) ^ mask[1];
    bytes[2] = ((high >>> 8) & 0xff) ^ mask[2];
    bytes[3] = (high & 0xff) ^ mask[3];
    bytes[4] = ((height >>> 8) & 0xff) ^ mask[4];
    bytes[5] = (height & 0xff) ^ mask[5];
    bytes[6] = ((index >>> 8) & 0xff) ^ mask[6];
    bytes[7] = (index & 0xff) ^ mask[7];
    random.fill(HASH_TAIL);
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
    const ctx: RecipeContext = {
      random,
      accounts: shape.accounts,
      tokens: schedule.tradedAt(height),
    };
    const count = txCount(height);
    if (count >= TX_INDEX_LIMIT) throw new Error("A block holds at most 65535 transactions");
    const created = schedule.createdIn(height);
    const transactions: Transaction[] = [];
    const movements: Movement[] = [];
    const rejections: Rejection[] = [];
    const newTokens: TokenAnnouncement[] = [];
    let creator = "";
    for (let index = 0; index < count; index++) {
      let built: TxBuilder;
      if (height === 0) built = buildGenesisTx(ctx, index, shape.accounts[0]);
      else if (index < 2 * created.length) {
        const token = created[index >> 1];
        if (index % 2 === 0) {
          creator = random.pick(shape.accounts);
          built = buildNewTokenTx(ctx, token, creator);
        } else built = buildReservesTx(ctx, token, creator);
      } else built = buildRandomTx(ctx);
      const hash = txHash(height, index, random);
      const intent = built.finish();
      for (const a of intent.announcements) {
        newTokens.push({
          tokenId: a.token.tokenId,
          tokenPath: a.token.realm,
          symbol: a.token.symbol,
          name: a.token.name,
          decimals: a.token.decimals,
          blockHeight: height,
          txIndex: index,
          eventIndex: a.eventIndex,
          txHash: hash,
        });
      }
      for (const m of intent.movements) {
        movements.push({
          tokenId: m.token.tokenId,
          tokenPath: m.token.realm,
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
        content_raw: toBase64(random.fill(BYTES_48)),
        messages: built.messages,
        memo: random.chance(0.1) ? `memo ${random.int(0, 9999)}` : "",
        response: { ...built.responseText(), events: intent.events },
      });
    }
    // As tx-indexer serves it: height 0 is synthesized (empty hashes, zero proposer, its own
    // txs counted in `total_txs`); from height 1 on `total_txs` does not count the genesis txs,
    // and block 1 has no last block, commit, app or results hash.
    const genesis = height === 0;
    const early = height <= 1;
    const time = formatTime(height, random.int(0, 999_999_999));
    const lastCommitHash = random32(random);
    const appHash = random32(random);
    const lastResultsHash = random32(random);
    const block: Block = {
      hash: blockHash(height),
      height,
      version: genesis ? "" : "v1.0.0",
      chain_id: shape.chainId,
      time,
      num_txs: count,
      total_txs: genesis ? count : totalTxsBefore(height) - GENESIS_TX_COUNT + count,
      app_version: "",
      last_block_hash: early ? "" : blockHash(height - 1),
      last_commit_hash: early ? "" : lastCommitHash,
      validators_hash: genesis ? "" : validatorsHash,
      next_validators_hash: genesis ? "" : validatorsHash,
      consensus_hash: genesis ? "" : consensusHash,
      app_hash: early ? "" : appHash,
      // The results hash of the previous block: empty after a block without transactions.
      last_results_hash: early || txCount(height - 1) === 0 ? "" : lastResultsHash,
      proposer_address_raw: genesis ? GENESIS_PROPOSER : proposers[height % proposers.length],
      txs: transactions.map((tx) => ({
        hash: tx.hash,
        fee: { gas_wanted: tx.gas_wanted, gas_fee: tx.gas_fee! },
        memo: tx.memo,
        content_raw: tx.content_raw,
      })),
    };
    return { block, transactions, movements, rejections, newTokens };
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

  return { shape, tokens: schedule, generate, blockHash, txCount, locateTx };
}
