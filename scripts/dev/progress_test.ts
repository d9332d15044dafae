import assert from "node:assert/strict";
import {
  createProgressMeter,
  formatCount,
  formatDuration,
  formatProgressBar,
  formatProgressLine,
  measureProgress,
} from "./progress.ts";

Deno.test("rates come from the oldest and newest samples", () => {
  const progress = measureProgress([
    { atMs: 0, height: 100, events: 1_000 },
    { atMs: 1_000, height: 300, events: 1_500 },
    { atMs: 2_000, height: 500, events: 5_000 },
  ], 2_500);
  assert.equal(progress.blocksPerSecond, 200);
  assert.equal(progress.eventsPerSecond, 2_000);
  assert.equal(progress.etaSeconds, 10); // 2,000 blocks left at 200/s
});

Deno.test("the ETA is unknown while nothing moves and zero once caught up", () => {
  const stalled = measureProgress([
    { atMs: 0, height: 10, events: 0 },
    { atMs: 5_000, height: 10, events: 0 },
  ], 50);
  assert.equal(stalled.etaSeconds, null);
  assert.equal(formatProgressLine(stalled).endsWith("ETA ?"), true);
  const caughtUp = measureProgress([{ atMs: 0, height: 50, events: 0 }], 50);
  assert.equal(caughtUp.etaSeconds, 0);
  assert.match(formatProgressBar(caughtUp), /caught up$/);
});

Deno.test("a single sample gives no rate", () => {
  const progress = measureProgress([{ atMs: 0, height: 10, events: 7 }], 20);
  assert.equal(progress.blocksPerSecond, 0);
  assert.equal(progress.etaSeconds, null);
});

Deno.test("the meter forgets samples older than its window", () => {
  const meter = createProgressMeter({ windowMs: 10_000 });
  meter.add({ atMs: 0, height: 0, events: 0 }); // a slow start, outside the window later
  meter.add({ atMs: 20_000, height: 100, events: 0 });
  meter.add({ atMs: 25_000, height: 1_100, events: 500 });
  const progress = meter.measure(2_100);
  assert.equal(progress.blocksPerSecond, 200);
  assert.equal(progress.eventsPerSecond, 100);
  assert.equal(progress.etaSeconds, 5);
});

Deno.test("durations read as seconds, minutes or hours", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(9.2), "10s");
  assert.equal(formatDuration(75), "1m15s");
  assert.equal(formatDuration(7_260), "2h01m");
  assert.equal(formatDuration(null), "?");
});

Deno.test("counts are grouped and small rates keep a decimal", () => {
  assert.equal(formatCount(1_234_567), "1,234,567");
  assert.equal(formatCount(2.46), "2.5");
  assert.equal(formatCount(812.6), "813");
});

Deno.test("the bar shows height against head, rates and the ETA", () => {
  const line = formatProgressBar(
    { height: 4_999, head: 9_999, blocksPerSecond: 250, eventsPerSecond: 1_200, etaSeconds: 20 },
    10,
  );
  assert.equal(
    line,
    "█████░░░░░  50.0%  4,999 / 9,999  250 blocks/s, 1,200 events/s  ETA 20s",
  );
});

Deno.test("the plain line carries the same facts for logs", () => {
  const line = formatProgressLine(
    { height: 99, head: 399, blocksPerSecond: 12.5, eventsPerSecond: 40, etaSeconds: 24 },
  );
  assert.equal(line, "progress: height 99 of 399 (25.0%), 13 blocks/s, 40 events/s, ETA 24s");
});
