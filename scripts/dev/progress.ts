/**
 * Backfill progress for a terminal: rates measured over a sliding window of samples, an ETA from
 * the block rate, and two renderings — a one-line bar redrawn in place on a TTY, and a plain line
 * for logs. Pure functions plus a small sample buffer; the caller decides when to sample.
 */

export interface ProgressSample {
  /** When the sample was taken, ms (any monotonic clock). */
  atMs: number;
  /** Height indexed so far (consistent-through). */
  height: number;
  /** Token events applied so far (a running total). */
  events: number;
}

export interface Progress {
  height: number;
  head: number;
  blocksPerSecond: number;
  eventsPerSecond: number;
  /** Seconds until `height` reaches `head` at the current rate; null when unknown. */
  etaSeconds: number | null;
}

/** Rates between the oldest and newest samples; an ETA only while blocks are being indexed. */
export function measureProgress(samples: readonly ProgressSample[], head: number): Progress {
  const last = samples[samples.length - 1];
  const first = samples[0];
  const height = last?.height ?? -1;
  const seconds = first && last ? (last.atMs - first.atMs) / 1000 : 0;
  const blocksPerSecond = seconds > 0 ? Math.max(0, last.height - first.height) / seconds : 0;
  const eventsPerSecond = seconds > 0 ? Math.max(0, last.events - first.events) / seconds : 0;
  const remaining = Math.max(0, head - height);
  const etaSeconds = remaining === 0 ? 0 : blocksPerSecond > 0 ? remaining / blocksPerSecond : null;
  return { height, head, blocksPerSecond, eventsPerSecond, etaSeconds };
}

/** Keeps the samples of the last `windowMs`, the newest always included. */
export function createProgressMeter(options: { windowMs?: number } = {}) {
  const windowMs = options.windowMs ?? 10_000;
  let samples: ProgressSample[] = [];
  return {
    add(sample: ProgressSample) {
      samples.push(sample);
      samples = samples.filter((s) => sample.atMs - s.atMs <= windowMs);
    },
    measure: (head: number) => measureProgress(samples, head),
  };
}

/** 0 -> "0s", 75 -> "1m15s", 7260 -> "2h01m"; null -> "?". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "?";
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** 1234567 -> "1,234,567"; rates keep one decimal below 10. */
export function formatCount(value: number): string {
  const rounded = value < 10 && !Number.isInteger(value)
    ? Math.round(value * 10) / 10
    : Math.round(value);
  return rounded.toLocaleString("en-US");
}

function percent(progress: Progress): number {
  if (progress.head <= 0) return progress.height >= progress.head ? 100 : 0;
  return Math.min(100, Math.max(0, ((progress.height + 1) / (progress.head + 1)) * 100));
}

function rates(progress: Progress): string {
  return `${formatCount(progress.blocksPerSecond)} blocks/s, ` +
    `${formatCount(progress.eventsPerSecond)} events/s`;
}

/** The line a TTY redraws in place: a bar, height / head, rates and the ETA. */
export function formatProgressBar(progress: Progress, width = 24): string {
  const share = percent(progress);
  const filled = Math.round((share / 100) * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  const done = progress.height >= progress.head;
  return `${bar} ${share.toFixed(1).padStart(5)}%  ` +
    `${formatCount(Math.max(progress.height, 0))} / ${formatCount(progress.head)}  ` +
    `${rates(progress)}  ` +
    (done ? "caught up" : `ETA ${formatDuration(progress.etaSeconds)}`);
}

/** A plain line for logs when stdout is not a terminal. */
export function formatProgressLine(progress: Progress): string {
  const done = progress.height >= progress.head;
  return `progress: height ${Math.max(progress.height, 0)} of ${progress.head} ` +
    `(${percent(progress).toFixed(1)}%), ${rates(progress)}, ` +
    (done ? "caught up" : `ETA ${formatDuration(progress.etaSeconds)}`);
}
