import assert from "node:assert/strict";
import { createWindowSizer, missingRanges, planWindows, windowsAfterFailure } from "./plan.ts";

const all = (plan: { next(): { from: number; to: number } | null }) => {
  const windows = [];
  for (let w = plan.next(); w; w = plan.next()) windows.push(w);
  return windows;
};

Deno.test("ranges are cut into consecutive windows of the given size", () => {
  assert.deepEqual(all(planWindows([{ from: 0, to: 9 }, { from: 20, to: 22 }], () => 4)), [
    { from: 0, to: 3 },
    { from: 4, to: 7 },
    { from: 8, to: 9 },
    { from: 20, to: 22 },
  ]);
});

Deno.test("an empty range plans no window", () => {
  assert.deepEqual(all(planWindows([{ from: 5, to: 4 }], () => 10)), []);
  assert.deepEqual(all(planWindows([], () => 10)), []);
});

Deno.test("a window never spans more heights than the upstream cap", () => {
  const windows = all(planWindows([{ from: 1, to: 25_000 }], () => 100_000));
  assert.deepEqual(windows.map((w) => w.to - w.from + 1), [10_000, 10_000, 5_000]);
});

Deno.test("each window takes the size in force when it is planned", () => {
  let size = 100;
  const plan = planWindows([{ from: 0, to: 999 }], () => size);
  assert.deepEqual(plan.next(), { from: 0, to: 99 });
  size = 10;
  assert.deepEqual(plan.next(), { from: 100, to: 109 });
});

Deno.test("a window that failed once is fetched again whole", () => {
  assert.deepEqual(windowsAfterFailure({ from: 10, to: 20 }, 15, 1), [{ from: 10, to: 20 }]);
});

Deno.test("a window that keeps failing is split around the height its problem names", () => {
  assert.deepEqual(windowsAfterFailure({ from: 10, to: 20 }, 15, 2), [
    { from: 10, to: 14 },
    { from: 15, to: 15 },
    { from: 16, to: 20 },
  ]);
  assert.deepEqual(windowsAfterFailure({ from: 10, to: 20 }, 10, 3), [
    { from: 10, to: 10 },
    { from: 11, to: 20 },
  ]);
  assert.deepEqual(windowsAfterFailure({ from: 10, to: 20 }, 20, 2), [
    { from: 10, to: 19 },
    { from: 20, to: 20 },
  ]);
});

Deno.test("a problem named outside the window splits at the window's nearest end", () => {
  assert.deepEqual(windowsAfterFailure({ from: 10, to: 20 }, 9, 2), [
    { from: 10, to: 10 },
    { from: 11, to: 20 },
  ]);
});

Deno.test("a single failing block is fetched again, never split", () => {
  assert.deepEqual(windowsAfterFailure({ from: 7, to: 7 }, 7, 9), [{ from: 7, to: 7 }]);
});

Deno.test("nothing stored means the whole expected range is missing", () => {
  assert.deepEqual(
    missingRanges({ from: 0, to: 50 }, { lowest: null, highest: null, innerGaps: [] }),
    [{ from: 0, to: 50 }],
  );
});

Deno.test("missing ranges are the leading, inner and trailing holes, clipped to the range", () => {
  const missing = missingRanges({ from: 0, to: 100 }, {
    lowest: 10,
    highest: 90,
    innerGaps: [{ from: 50, to: 59 }, { from: 20, to: 20 }],
  });
  assert.deepEqual(missing, [
    { from: 0, to: 9 },
    { from: 20, to: 20 },
    { from: 50, to: 59 },
    { from: 91, to: 100 },
  ]);
});

Deno.test("blocks stored below the start height do not count as missing", () => {
  const missing = missingRanges({ from: 100, to: 200 }, {
    lowest: 0,
    highest: 200,
    innerGaps: [{ from: 40, to: 60 }],
  });
  assert.deepEqual(missing, []);
});

Deno.test("the window size halves on a capped window and grows back after calm ones", () => {
  const sizer = createWindowSizer({ max: 1000, growAfter: 2 });
  assert.equal(sizer.report({ capped: true }), 500);
  assert.equal(sizer.report({ capped: true }), 250);
  assert.equal(sizer.report({ capped: false }), 250);
  assert.equal(sizer.report({ capped: false }), 500);
  assert.equal(sizer.report({ capped: false }), 500);
  assert.equal(sizer.report({ capped: false }), 1000);
  assert.equal(sizer.report({ capped: false }), 1000);
});

Deno.test("the window size never drops below one height", () => {
  const sizer = createWindowSizer({ max: 2 });
  sizer.report({ capped: true });
  sizer.report({ capped: true });
  assert.equal(sizer.current(), 1);
});
