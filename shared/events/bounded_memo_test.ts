import assert from "node:assert/strict";
import { boundedMemo } from "./bounded_memo.ts";

Deno.test("a memoised function computes each key once", () => {
  const calls: string[] = [];
  const length = boundedMemo((key) => {
    calls.push(key);
    return key.length;
  }, 10);
  assert.equal(length("gno"), 3);
  assert.equal(length("gno"), 3);
  assert.equal(length("land"), 4);
  assert.deepEqual(calls, ["gno", "land"]);
});

Deno.test("an undefined result is memoised too", () => {
  let calls = 0;
  const nothing = boundedMemo((_key) => {
    calls++;
    return undefined;
  }, 10);
  nothing("a");
  nothing("a");
  assert.equal(calls, 1);
});

Deno.test("the oldest key is evicted once the limit is reached", () => {
  const calls: string[] = [];
  const echo = boundedMemo((key) => {
    calls.push(key);
    return key;
  }, 2);
  echo("a");
  echo("b");
  echo("c"); // evicts "a"
  echo("b");
  echo("a");
  assert.deepEqual(calls, ["a", "b", "c", "a"]);
});

Deno.test("a limit below one is refused", () => {
  assert.throws(() => boundedMemo((key) => key, 0), /positive integer, got 0/);
});
