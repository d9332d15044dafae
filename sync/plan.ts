/**
 * Which heights the synchronizer fetches, in which windows. Pure: no I/O, no clock.
 */

/** An inclusive range of heights. */
export interface HeightRange {
  from: number;
  to: number;
}

/** tx-indexer answers at most this many elements per query (docs/upstream.md). */
export const UPSTREAM_ELEMENT_CAP = 10_000;

/**
 * The windows over `ranges`, in height order, planned one at a time: each is as wide as `size()`
 * says when it is planned (so a window sizer that shrinks on the upstream cap takes effect at
 * once), and never wider than the cap.
 */
export interface WindowPlan {
  /** The next window, or null when every height of the ranges is planned. */
  next(): HeightRange | null;
}

export function planWindows(ranges: readonly HeightRange[], size: () => number): WindowPlan {
  let index = 0;
  let from = ranges[0]?.from ?? 0;
  return {
    next() {
      while (index < ranges.length && from > ranges[index].to) {
        index++;
        from = ranges[index]?.from ?? 0;
      }
      if (index >= ranges.length) return null;
      const step = Math.max(1, Math.min(Math.floor(size()), UPSTREAM_ELEMENT_CAP));
      const window = { from, to: Math.min(ranges[index].to, from + step - 1) };
      from = window.to + 1;
      return window;
    },
  };
}

/**
 * Consecutive failures of one window after which it is split at the height its problem names:
 * a block that cannot be indexed must not hold back the heights below it, nor hide in a wide
 * window (docs/architecture.md, "Windows").
 */
export const SPLIT_AFTER_FAILURES = 2;

/**
 * What to fetch instead of `range` after its `failures`-th consecutive failure, whose problem
 * is at `height`: the same window again, or the window cut into the heights below `height`,
 * `height` alone and the heights above it. A single height is always fetched again.
 */
export function windowsAfterFailure(
  range: HeightRange,
  height: number,
  failures: number,
): HeightRange[] {
  if (failures < SPLIT_AFTER_FAILURES || range.from === range.to) return [range];
  const at = Math.min(Math.max(height, range.from), range.to);
  const parts: HeightRange[] = [];
  if (at > range.from) parts.push({ from: range.from, to: at - 1 });
  parts.push({ from: at, to: at });
  if (at < range.to) parts.push({ from: at + 1, to: range.to });
  return parts;
}

/**
 * The heights missing from storage within `expected`, given what a scan of the stored blocks
 * found there: the lowest and highest stored heights (null when none) and the inner gaps
 * between consecutive stored heights.
 */
export function missingRanges(
  expected: HeightRange,
  stored: { lowest: number | null; highest: number | null; innerGaps: readonly HeightRange[] },
): HeightRange[] {
  if (expected.from > expected.to) return [];
  if (stored.lowest === null || stored.highest === null) return [{ ...expected }];
  const missing: HeightRange[] = [];
  const add = (from: number, to: number) => {
    const clipped = { from: Math.max(from, expected.from), to: Math.min(to, expected.to) };
    if (clipped.from <= clipped.to) missing.push(clipped);
  };
  add(expected.from, stored.lowest - 1);
  for (const gap of [...stored.innerGaps].sort((a, b) => a.from - b.from)) add(gap.from, gap.to);
  add(stored.highest + 1, expected.to);
  return missing;
}

/**
 * The window size: shrinks (halves) on every answer that hits the upstream cap, and grows back
 * (doubles) after a run of windows that did not, up to the configured size.
 */
export interface WindowSizer {
  current(): number;
  /** Reports how an answer went; returns the size for the next windows. */
  report(outcome: { capped: boolean }): number;
}

export function createWindowSizer(
  options: { max: number; min?: number; growAfter?: number },
): WindowSizer {
  const max = Math.max(1, Math.min(options.max, UPSTREAM_ELEMENT_CAP));
  const min = Math.max(1, Math.min(options.min ?? 1, max));
  const growAfter = options.growAfter ?? 8;
  let size = max;
  let calm = 0;
  return {
    current: () => size,
    report({ capped }) {
      if (capped) {
        size = Math.max(min, Math.floor(size / 2));
        calm = 0;
      } else if (size < max && ++calm >= growAfter) {
        size = Math.min(max, size * 2);
        calm = 0;
      }
      return size;
    },
  };
}
