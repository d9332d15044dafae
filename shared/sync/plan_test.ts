import assert from "node:assert/strict";
import { createWindowSizer, missingRanges, planWindows } from "./plan.ts";

Deno.test("a range is cut into consecutive windows of the given size", () => {
  assert.deepEqual(planWindows({ from: 0, to: 9 }, 4), [
    { from: 0, to: 3 },
    { from: 4, to: 7 },
    { from: 8, to: 9 },
  ]);
});

Deno.test("an empty range plans no window", () => {
  assert.deepEqual(planWindows({ from: 5, to: 4 }, 10), []);
});

Deno.test("a window never spans more heights than the upstream cap", () => {
  const windows = planWindows({ from: 1, to: 25_000 }, 100_000);
  assert.deepEqual(windows.map((w) => w.to - w.from + 1), [10_000, 10_000, 5_000]);
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
