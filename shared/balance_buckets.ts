/**
 * The buckets of heights over which balance changes are summed (the balance_sums table), so that
 * a balance as of any height reads a bounded number of rows: the coarse sums below the height's
 * coarse bucket, the fine sums from there to its fine bucket, and the account's own events from
 * that fine bucket's first height on (docs/architecture.md, "Balances as of a height").
 * processor/ writes the sums, api/ reads them; changing a width needs the sums summed again.
 */

/** Level 1 buckets hold 2^12 heights. */
export const FINE_BUCKET_BITS = 12;
/** Level 2 buckets hold 2^16 heights, 16 fine buckets. */
export const COARSE_BUCKET_BITS = 16;

const FINE = 2 ** FINE_BUCKET_BITS;
const COARSE = 2 ** COARSE_BUCKET_BITS;

/** The fine (level 1) and coarse (level 2) buckets of a height. */
export function bucketsOf(height: number): { fine: number; coarse: number } {
  return { fine: Math.floor(height / FINE), coarse: Math.floor(height / COARSE) };
}

/** What a balance as of `height` sums: bucket bounds and the first height read as events. */
export interface AsOfRanges {
  /** Level 2 buckets below this. */
  coarseBelow: number;
  /** Level 1 buckets from this ... */
  fineFrom: number;
  /** ... below this. */
  fineBelow: number;
  /** Events from this height to `height`, both included. */
  eventsFrom: number;
}

export function asOfRanges(height: number): AsOfRanges {
  const { fine, coarse } = bucketsOf(height);
  return {
    coarseBelow: coarse,
    fineFrom: coarse * (COARSE / FINE),
    fineBelow: fine,
    eventsFrom: fine * FINE,
  };
}
