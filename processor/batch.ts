/**
 * A batch of token-event messages reduced to what the apply's statements need (apply.ts): the
 * event columns, and, for the hot path where every event is new, what they change, summed here
 * with BigInt: balances per account and token, totals per token, and bucket sums per account,
 * token and bucket of heights. Pure: no I/O.
 *
 * Built once and kept across retries; the decoded messages can be garbage by then, which keeps
 * the processor's live heap (and so its resident memory) small. Every list is in one sorted
 * order, so concurrent batches take their row locks in the same order.
 */
import { bucketsOf } from "../shared/balance_buckets.ts";
import { realmOfTokenId, symbolOfTokenId } from "../shared/events/mod.ts";
import type { TokenEventsMessage } from "../shared/message.ts";

export interface PreparedBatch {
  /** The events, repeats included. */
  events: EventColumns;
  /** Balance changes per account and token, valid when every event is new. */
  deltas: BalanceDeltas;
  /** Every token of the batch, with its totals (valid when every event is new) and metadata. */
  tokens: TokenRow[];
  /** Balance changes per account, token and bucket of heights, valid when every event is new. */
  sums: BucketSums;
  parts: PartColumns;
}

export interface EventColumns {
  count: number;
  txHashes: string[];
  eventIndexes: number[];
  heights: number[];
  txIndexes: number[];
  tokenIds: string[];
  tokenPaths: string[];
  froms: string[];
  tos: string[];
  amounts: string[];
}

/** Balance changes, one per account and token, as the columns of the upsert. */
export interface BalanceDeltas {
  addresses: string[];
  tokenIds: string[];
  tokenPaths: string[];
  amounts: string[];
}

/** One token's row of the tokens upsert (JSON: there are few per batch). */
export interface TokenRow {
  token_id: string;
  token_path: string;
  /** From the NewToken event when the batch holds one, else from the token id. */
  symbol: string | null;
  name: string | null;
  decimals: number | null;
  /** Mints minus burns, as decimal text. */
  supply: string;
  transfers: number;
  first_height: number | null;
  last_height: number | null;
  created_height: number | null;
  created_tx_index: number | null;
  created_event_index: number | null;
}

export interface BucketSums {
  addresses: string[];
  tokenIds: string[];
  levels: number[];
  buckets: number[];
  amounts: string[];
}

export interface PartColumns {
  /** Messages in all, repeats included. */
  count: number;
  froms: number[];
  tos: number[];
  indexes: number[];
  eventCounts: number[];
}

export interface BatchBuilder {
  add(message: TokenEventsMessage): void;
  build(): PreparedBatch;
}

export function createBatchBuilder(): BatchBuilder {
  const messages: TokenEventsMessage[] = [];
  return {
    add(message) {
      messages.push(message);
    },
    build() {
      messages.sort(byWindowAndPart);
      const events = emptyEventColumns();
      const holdings = new Map<string, Map<string, Holding>>();
      const tokens = new Map<string, TokenRow>();
      const parts: PartColumns = { count: 0, froms: [], tos: [], indexes: [], eventCounts: [] };
      const seenParts = new Set<string>();
      for (const message of messages) {
        addEvents(events, holdings, tokens, message);
        addMetadata(tokens, message);
        addPart(parts, seenParts, message);
      }
      messages.length = 0;
      return {
        events,
        deltas: balanceDeltas(holdings),
        tokens: [...tokens.values()].sort((a, b) => compare(a.token_id, b.token_id)),
        sums: bucketSums(holdings),
        parts,
      };
    },
  };
}

function byWindowAndPart(a: TokenEventsMessage, b: TokenEventsMessage): number {
  return a.window.from - b.window.from || a.window.to - b.window.to ||
    a.part.index - b.part.index;
}

/** Code-unit order, the same in every process (not the locale's). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyEventColumns(): EventColumns {
  return {
    count: 0,
    txHashes: [],
    eventIndexes: [],
    heights: [],
    txIndexes: [],
    tokenIds: [],
    tokenPaths: [],
    froms: [],
    tos: [],
    amounts: [],
  };
}

function tokenRow(tokens: Map<string, TokenRow>, tokenId: string): TokenRow {
  let row = tokens.get(tokenId);
  if (!row) {
    row = {
      token_id: tokenId,
      token_path: realmOfTokenId(tokenId),
      symbol: symbolOfTokenId(tokenId),
      name: null,
      decimals: null,
      supply: "0",
      transfers: 0,
      first_height: null,
      last_height: null,
      created_height: null,
      created_tx_index: null,
      created_event_index: null,
    };
    tokens.set(tokenId, row);
  }
  return row;
}

/**
 * What a batch changes for one account and token: its balance, and its sums per bucket of
 * heights. Nested maps keyed by the values themselves: no composite string key is built per
 * event.
 */
interface Holding {
  balance: bigint;
  fine: Map<number, bigint>;
  coarse: Map<number, bigint>;
}

function holdingOf(ofToken: Map<string, Holding>, address: string): Holding {
  let holding = ofToken.get(address);
  if (!holding) ofToken.set(address, holding = { balance: 0n, fine: new Map(), coarse: new Map() });
  return holding;
}

function addTo(sums: Map<number, bigint>, bucket: number, delta: bigint): void {
  sums.set(bucket, (sums.get(bucket) ?? 0n) + delta);
}

function addEvents(
  columns: EventColumns,
  holdings: Map<string, Map<string, Holding>>,
  tokens: Map<string, TokenRow>,
  message: TokenEventsMessage,
): void {
  const supplies = new Map<TokenRow, bigint>();
  for (const [txHash, height, txIndex, eventIndex, tokenId, from, to, amount] of message.events) {
    let ofToken = holdings.get(tokenId);
    if (!ofToken) holdings.set(tokenId, ofToken = new Map());
    const value = BigInt(amount);
    const { fine, coarse } = bucketsOf(height);
    const sum = (address: string, delta: bigint) => {
      const holding = holdingOf(ofToken, address);
      holding.balance += delta;
      addTo(holding.fine, fine, delta);
      addTo(holding.coarse, coarse, delta);
    };
    if (to !== "") sum(to, value);
    if (from !== "") sum(from, -value);

    const token = tokenRow(tokens, tokenId);
    const supply = from === "" ? value : to === "" ? -value : 0n;
    if (supply !== 0n) supplies.set(token, (supplies.get(token) ?? 0n) + supply);
    token.transfers++;
    token.first_height = Math.min(token.first_height ?? height, height);
    token.last_height = Math.max(token.last_height ?? height, height);

    columns.txHashes.push(txHash);
    columns.heights.push(height);
    columns.txIndexes.push(txIndex);
    columns.eventIndexes.push(eventIndex);
    columns.tokenIds.push(tokenId);
    columns.tokenPaths.push(token.token_path);
    columns.froms.push(from);
    columns.tos.push(to);
    columns.amounts.push(amount);
  }
  for (const [token, supply] of supplies) {
    token.supply = (BigInt(token.supply) + supply).toString();
  }
  columns.count += message.events.length;
}

/** NewToken metadata: the earliest event of a token wins, as it does in the database. */
function addMetadata(tokens: Map<string, TokenRow>, message: TokenEventsMessage): void {
  for (
    const [, height, txIndex, eventIndex, tokenId, name, symbol, decimals] of message.newTokens
  ) {
    const token = tokenRow(tokens, tokenId);
    const earlier = token.created_height === null ||
      height < token.created_height ||
      (height === token.created_height &&
        (txIndex < token.created_tx_index! ||
          (txIndex === token.created_tx_index && eventIndex < token.created_event_index!)));
    if (earlier) {
      Object.assign(token, {
        symbol,
        name,
        decimals,
        created_height: height,
        created_tx_index: txIndex,
        created_event_index: eventIndex,
      });
    }
    token.first_height = Math.min(token.first_height ?? height, height);
    token.last_height = Math.max(token.last_height ?? height, height);
  }
}

function balanceDeltas(holdings: Map<string, Map<string, Holding>>): BalanceDeltas {
  const deltas: BalanceDeltas = { addresses: [], tokenIds: [], tokenPaths: [], amounts: [] };
  for (const [tokenId, ofToken] of holdings) {
    const tokenPath = realmOfTokenId(tokenId);
    for (const [address, { balance }] of ofToken) {
      deltas.addresses.push(address);
      deltas.tokenIds.push(tokenId);
      deltas.tokenPaths.push(tokenPath);
      deltas.amounts.push(balance.toString());
    }
  }
  return deltas;
}

/** The non-zero bucket sums, level 1 (fine) and level 2 (coarse). */
function bucketSums(holdings: Map<string, Map<string, Holding>>): BucketSums {
  const sums: BucketSums = { addresses: [], tokenIds: [], levels: [], buckets: [], amounts: [] };
  for (const [tokenId, ofToken] of holdings) {
    for (const [address, holding] of ofToken) {
      for (const [level, ofLevel] of [[1, holding.fine], [2, holding.coarse]] as const) {
        for (const [bucket, amount] of ofLevel) {
          if (amount === 0n) continue;
          sums.addresses.push(address);
          sums.tokenIds.push(tokenId);
          sums.levels.push(level);
          sums.buckets.push(bucket);
          sums.amounts.push(amount.toString());
        }
      }
    }
  }
  return sums;
}

function addPart(parts: PartColumns, seen: Set<string>, message: TokenEventsMessage): void {
  const { window, part, events } = message;
  parts.count++;
  const key = `${window.from}:${window.to}:${part.index}`;
  if (seen.has(key)) return;
  seen.add(key);
  parts.froms.push(window.from);
  parts.tos.push(window.to);
  parts.indexes.push(part.index);
  parts.eventCounts.push(events.length);
}
