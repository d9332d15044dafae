/**
 * Which heights (and transaction indexes) tx-indexer v0.8.0 reads from its store for a `where`
 * filter, before evaluating the filter on each of them. It is not the set the filter describes:
 *
 * - `MinMaxHeight()` / `MinMaxBlockHeight()` / `MinMaxIndex()` walk `_and` and `_or` children
 *   (never `_not`) and then the node's own bound; both kinds of children are combined as a
 *   hull (smallest min, largest max). On a node, `gt` lowers min, `lt` raises max and `eq`
 *   does both; comparisons are strict, so the first of equal values is kept.
 * - `from = uint64(min ?? 0)`, `to = uint64(max ?? 0)`; when min and max are the very same
 *   `eq` (Go pointer equality) `to++`. Casts wrap: `gt: -1` reads from 2^64-1 (nothing).
 * - The store then reads heights `from..to` inclusive (`to == 0`: no upper bound, so `lt: 0`
 *   reads everything and the filter rejects it all; `to + 1` can wrap to 0: nothing).
 * - Transactions: the same for heights, and for indexes as uint32; the iterator reads keys
 *   (height, index) from (fromH, fromI) up to (toH + 1, toI + 1) exclusive (0 meaning
 *   MaxInt64 / MaxUint32) and skips every key whose index is outside [fromI, toI + 1), at every
 *   height. So an index bound anywhere in the filter, even in one `_or` branch, applies to
 *   all heights, and the height just above `toH` is read too (the filter rejects it unless a
 *   branch without a height bound matches).
 */
import type { Int64 } from "./int64.ts";

type Filter = Record<string, unknown>;

/** A bound and where it came from: the same object for min and max means the same `eq`. */
interface Bound {
  value: Int64;
}

interface MinMax {
  min: Bound | null;
  max: Bound | null;
}

const MAX_INT64 = 2n ** 63n - 1n;
const MAX_UINT32 = 2n ** 32n - 1n;
const u64 = (value: bigint) => BigInt.asUintN(64, value);
const u32 = (value: bigint) => BigInt.asUintN(32, value);

function int(value: unknown): Int64 | null {
  if (value === null || value === undefined) return null;
  return value as Int64;
}

/** Go's uint64(v) / uint32(v) of an int (numbers and bigints compare with each other). */
const cast = (bits: 64 | 32, value: Int64 | null): bigint =>
  value === null ? 0n : BigInt.asUintN(bits, BigInt(value));

/** tx-indexer's generated MinMax<Field>() for an Int field with the MINMAX extra. */
export function minMax(filter: Filter | null | undefined, field: string): MinMax {
  let min: Bound | null = null;
  let max: Bound | null = null;
  if (!filter) return { min, max };
  const widen = (sub: MinMax) => {
    if (sub.min && (!min || sub.min.value < min.value)) min = sub.min;
    if (sub.max && (!max || sub.max.value > max.value)) max = sub.max;
  };
  for (const key of ["_and", "_or"]) {
    const children = filter[key] as (Filter | null)[] | null | undefined;
    for (const child of children ?? []) if (child) widen(minMax(child, field));
  }
  const own = filter[field] as Filter | null | undefined;
  if (own) {
    const gt = int(own.gt);
    const lt = int(own.lt);
    const eq = int(own.eq);
    if (gt !== null) widen({ min: { value: gt }, max: null });
    if (lt !== null) widen({ min: null, max: { value: lt } });
    if (eq !== null) {
      const bound = { value: eq };
      widen({ min: bound, max: bound });
    }
  }
  return { min, max };
}

/** The resolver's (from, to) before the store: uint casts, `to++` for a single `eq`. */
function resolverRange(filter: Filter, field: string, bits: 64 | 32) {
  const { min, max } = minMax(filter, field);
  const from = cast(bits, min?.value ?? null);
  let to = cast(bits, max?.value ?? null);
  if (min !== null && min === max) to = BigInt.asUintN(bits, to + 1n);
  return { from, to };
}

/** Heights a getBlocks scan reads: [low, high], both inclusive (empty when low > high). */
export interface HeightScan {
  low: number;
  high: number;
}

export function blockScan(where: Filter): HeightScan {
  const { from, to } = resolverRange(where, "height", 64);
  const upper = to === 0n ? MAX_INT64 : u64(to + 1n); // exclusive
  return { low: Number(from), high: Number(upper) - 1 };
}

/** Keys a getTransactions scan reads: heights [low, high] and, at each, indexes [from, to). */
export interface TransactionScan extends HeightScan {
  indexFrom: number;
  /** Exclusive. */
  indexTo: number;
}

export function transactionScan(where: Filter): TransactionScan {
  const heights = resolverRange(where, "block_height", 64);
  const indexes = resolverRange(where, "index", 32);
  const upperHeight = heights.to === 0n ? MAX_INT64 : u64(heights.to + 1n);
  const upperIndex = indexes.to === 0n ? MAX_UINT32 : u32(indexes.to + 1n);
  // Keys from (fromH, fromI) to (upperHeight, upperIndex), exclusive, with the index in
  // [fromI, upperIndex): heights fromH..upperHeight, both inclusive.
  return {
    low: Number(heights.from),
    high: Number(upperHeight),
    indexFrom: Number(indexes.from),
    indexTo: Number(upperIndex),
  };
}

/** The deprecated fields' iterators: inclusive `to` (0 or absent: no bound), uint casts. */
export function deprecatedBlockScan(fromHeight: unknown, toHeight: unknown): HeightScan {
  const from = cast(64, int(fromHeight));
  const to = cast(64, int(toHeight));
  const upper = to === 0n ? MAX_INT64 : u64(to + 1n);
  return { low: Number(from), high: Number(upper) - 1 };
}

export function deprecatedTransactionScan(
  fromHeight: unknown,
  toHeight: unknown,
  fromIndex: unknown,
  toIndex: unknown,
): TransactionScan {
  const to = cast(64, int(toHeight));
  const toI = cast(32, int(toIndex));
  const upperHeight = to === 0n ? MAX_INT64 : u64(to + 1n);
  const upperIndex = toI === 0n ? MAX_UINT32 : u32(toI + 1n);
  return {
    low: Number(cast(64, int(fromHeight))),
    high: Number(upperHeight),
    indexFrom: Number(cast(32, int(fromIndex))),
    indexTo: Number(upperIndex),
  };
}

/**
 * For a filter that is only `{ <field>: { gt?, lt? } }`: the heights both read by the scan and
 * kept by the filter, [low, high] inclusive (the same for blocks and transactions).
 */
export function plainRange(
  range: { gt?: Int64 | null; lt?: Int64 | null },
  scan: HeightScan,
): HeightScan {
  let { low, high } = scan;
  if (range.gt !== null && range.gt !== undefined) low = Math.max(low, Number(range.gt) + 1);
  if (range.lt !== null && range.lt !== undefined) high = Math.min(high, Number(range.lt) - 1);
  return { low, high };
}
