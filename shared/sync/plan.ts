/**
 * Which heights the synchronizer fetches, in which windows. Pure: no I/O, no clock.
 */

/** An inclusive range of heights. */
export interface HeightRange {
  from: number;
  to: number;
}

/** tx-indexer answers at most this many elements per query (SPEC §2). */
export const UPSTREAM_ELEMENT_CAP = 10_000;

/** Splits a range into consecutive windows of at most `size` heights (and never over the cap). */
export function planWindows(range: HeightRange, size: number): HeightRange[] {
  const step = Math.max(1, Math.min(Math.floor(size), UPSTREAM_ELEMENT_CAP));
  const windows: HeightRange[] = [];
  for (let from = range.from; from <= range.to; from += step) {
    windows.push({ from, to: Math.min(range.to, from + step - 1) });
  }
  return windows;
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
 * The window size: shrinks (halves) when a window's transactions hit the upstream cap, and grows
 * back (doubles) after a run of windows that did not, up to the configured size.
 */
export interface WindowSizer {
  current(): number;
  /** Reports how a window went; returns the size for the next windows. */
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
