import assert from "node:assert/strict";
import { bech32 } from "bech32";
import { addressProblem, encodeAddress, isAddress } from "./address.ts";
import { address, TEST1 } from "./test_fixtures.ts";

Deno.test("the well-known test1 address is valid", () => {
  assert.equal(isAddress(TEST1), true);
  assert.equal(addressProblem(TEST1), undefined);
});

Deno.test("an encoded 20-byte payload is a valid address", () => {
  const encoded = encodeAddress(new Uint8Array(20).fill(0xab));
  assert.match(encoded, /^g1[02-9ac-hj-np-z]{38}$/);
  assert.equal(isAddress(encoded), true);
});

Deno.test("a repeated check gives the same answer once memoised", () => {
  const valid = address(42);
  const broken = valid.slice(0, -1) + (valid.endsWith("q") ? "p" : "q");
  for (let i = 0; i < 3; i++) {
    assert.equal(isAddress(valid), true);
    assert.equal(isAddress(broken), false);
  }
});

Deno.test("a changed character breaks the checksum", () => {
  const broken = TEST1.slice(0, 10) + (TEST1[10] === "x" ? "y" : "x") + TEST1.slice(11);
  assert.equal(isAddress(broken), false);
  assert.match(addressProblem(broken)!, /checksum/);
});

Deno.test("an uppercase address is not canonical and is rejected", () => {
  assert.equal(isAddress(TEST1.toUpperCase()), false);
  assert.equal(addressProblem(TEST1.toUpperCase()), "is not lowercase");
});

Deno.test("another bech32 prefix is rejected even with a valid checksum", () => {
  const cosmos = bech32.encode("cosmos", bech32.toWords(new Uint8Array(20).fill(1)));
  assert.equal(isAddress(cosmos), false);
  assert.match(addressProblem(cosmos)!, /g1/);
});

Deno.test("a valid g bech32 string with a 32-byte payload is rejected", () => {
  const long = bech32.encode("g", bech32.toWords(new Uint8Array(32).fill(1)));
  assert.equal(isAddress(long), false);
  assert.match(addressProblem(long)!, /characters instead of 40/);
});

Deno.test("a valid g bech32 string with a 19-byte payload is rejected", () => {
  const short = bech32.encode("g", bech32.toWords(new Uint8Array(19).fill(1)));
  assert.equal(isAddress(short), false);
});

Deno.test("the empty string and garbage are not addresses", () => {
  for (const candidate of ["", "g1", "hello", "g1" + "b".repeat(38), TEST1 + " "]) {
    assert.equal(isAddress(candidate), false, candidate);
    assert.notEqual(addressProblem(candidate), undefined, candidate);
  }
});

Deno.test("a payload that is not 20 bytes cannot be encoded", () => {
  assert.throws(() => encodeAddress(new Uint8Array(19)), /20 bytes, got 19/);
});
