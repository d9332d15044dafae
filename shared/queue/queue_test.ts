import assert from "node:assert/strict";
import { MAX_BODY_BYTES, planBatches, utf8Length } from "./queue.ts";

Deno.test("batches hold at most ten entries", () => {
  const bodies = Array.from({ length: 23 }, (_, i) => `m${i}`);
  const batches = planBatches(bodies);
  assert.deepEqual(batches.map((b) => b.length), [10, 10, 3]);
  assert.deepEqual(batches.flat(), bodies);
});

Deno.test("batches stay under the total size limit", () => {
  const big = "x".repeat(100 * 1024);
  const batches = planBatches([big, big, big, "small"]);
  assert.deepEqual(batches.map((b) => b.length), [2, 2]);
  for (const batch of batches) {
    assert.ok(batch.reduce((sum, body) => sum + utf8Length(body), 0) <= MAX_BODY_BYTES);
  }
});

Deno.test("a body over the limit is refused", () => {
  assert.throws(() => planBatches(["x".repeat(MAX_BODY_BYTES + 1)]), /exceeds/);
});

Deno.test("utf8 length counts multi-byte characters", () => {
  assert.equal(utf8Length("aé€😀"), 1 + 2 + 3 + 4);
  assert.equal(utf8Length("plain ASCII"), 11);
  assert.equal(utf8Length(`${"a".repeat(1000)}é`), 1002);
});
