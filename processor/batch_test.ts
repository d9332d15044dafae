import assert from "node:assert/strict";
import { createBatchBuilder } from "./batch.ts";
import { MESSAGE_VERSION, type TokenEventsMessage, type WireEvent } from "../shared/message.ts";

const FOO = "gno.land/r/demo/foo20";
const TST = "gno.land/r/demo/defi/grc20factory.TST";
const A = "g1aaaa";
const B = "g1bbbb";

function message(from: number, events: WireEvent[]): TokenEventsMessage {
  return {
    v: MESSAGE_VERSION,
    window: { from, to: from + 999 },
    part: { index: 0, count: 1 },
    events,
    newTokens: [],
  };
}

/** Deltas and sums as sorted "address token ... amount" lines, so order does not matter. */
function lines(columns: Record<string, (string | number)[]>): string[] {
  const keys = Object.keys(columns);
  return columns[keys[0]].map((_, i) => keys.map((key) => columns[key][i]).join(" ")).sort();
}

Deno.test("batch: balances sum per account and token, tokens of one realm apart", () => {
  const builder = createBatchBuilder();
  builder.add(message(0, [
    ["h1", 5, 0, 0, FOO, "", A, "100"],
    ["h2", 6, 0, 0, TST, "", A, "7"],
    ["h3", 7, 0, 0, FOO, A, B, "30"],
  ]));
  const { deltas, tokens } = builder.build();
  assert.deepEqual(lines({ ...deltas }), [
    `${A} ${TST} gno.land/r/demo/defi/grc20factory 7`,
    `${A} ${FOO} ${FOO} 70`,
    `${B} ${FOO} ${FOO} 30`,
  ]);
  assert.deepEqual(tokens.map((t) => [t.token_id, t.supply, t.transfers]), [
    [TST, "7", 1],
    [FOO, "100", 2],
  ]);
});

Deno.test("batch: bucket sums split at bucket edges and drop what cancels out", () => {
  const builder = createBatchBuilder();
  // Heights 4,095 and 4,096 are in fine buckets 0 and 1, both in coarse bucket 0; 65,536 is in
  // fine bucket 16 and coarse bucket 1. B's gain and loss in fine bucket 16 cancel out.
  builder.add(message(4_000, [
    ["h1", 4_095, 0, 0, FOO, "", A, "10"],
    ["h2", 4_096, 0, 0, FOO, "", A, "5"],
  ]));
  builder.add(message(65_000, [
    ["h3", 65_536, 0, 0, FOO, A, B, "3"],
    ["h4", 65_537, 0, 0, FOO, B, A, "3"],
  ]));
  const { deltas, sums } = builder.build();
  assert.deepEqual(lines({ ...deltas }), [`${A} ${FOO} ${FOO} 15`, `${B} ${FOO} ${FOO} 0`]);
  assert.deepEqual(lines({ ...sums }), [
    `${A} ${FOO} 1 0 10`,
    `${A} ${FOO} 1 1 5`,
    `${A} ${FOO} 2 0 15`,
  ]);
});

Deno.test("batch: events and parts come in window order, a repeated part once", () => {
  const builder = createBatchBuilder();
  const later = message(1_000, [["h2", 1_500, 0, 0, FOO, A, B, "1"]]);
  const earlier = message(0, [["h1", 10, 0, 0, FOO, "", A, "1"]]);
  builder.add(later);
  builder.add(earlier);
  builder.add(structuredClone(later));
  const { events, parts } = builder.build();
  assert.deepEqual(events.txHashes, ["h1", "h2", "h2"]);
  assert.deepEqual(events.count, 3);
  assert.deepEqual(parts.count, 3);
  assert.deepEqual(parts.froms, [0, 1_000]);
});
