import assert from "node:assert/strict";
import { HTTPException } from "hono/http-exception";
import { addressParam, cursorParam, limitParam, parseParam, tokenPathParam } from "./params.ts";

const ADDRESS = "g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5";
const limit = limitParam({ defaultLimit: 100, maxLimit: 1000 });

function refusal(name: string, schema: Parameters<typeof parseParam>[1], value?: string) {
  try {
    parseParam(name, schema, value);
  } catch (error) {
    assert.ok(error instanceof HTTPException);
    assert.equal(error.status, 400);
    assert.deepEqual(error.cause, { code: "invalid_parameter", param: name });
    return error.message;
  }
  assert.fail(`${name}=${value} was accepted`);
}

Deno.test("a valid, empty or missing address is accepted", () => {
  assert.equal(parseParam("address", addressParam, ADDRESS), ADDRESS);
  assert.equal(parseParam("address", addressParam, ""), "");
  assert.equal(parseParam("address", addressParam, undefined), undefined);
});

Deno.test("an address with a bad checksum, case or length is refused with the reason", () => {
  const badChecksum = ADDRESS.slice(0, -1) + (ADDRESS.endsWith("5") ? "6" : "5");
  assert.match(refusal("address", addressParam, badChecksum), /checksum/);
  assert.match(refusal("address", addressParam, ADDRESS.toUpperCase()), /lowercase/);
  assert.match(refusal("address", addressParam, "g1abc"), /characters instead of 40/);
  assert.match(refusal("address", addressParam, "x".repeat(10_000)), /too long/);
  assert.match(refusal("address", addressParam, "\u0000"), /must be a g bech32 address/);
});

Deno.test("a token segment is a realm path, a token id or realm.SYMBOL, of at most 512", () => {
  for (
    const good of [
      "gno.land/r/demo/foo",
      "gno.land/r/demo/foo.FOO",
      "gno.land/r/demo/defi/grc20factory.TST.0000001",
    ]
  ) {
    assert.equal(parseParam("tokenPath", tokenPathParam, good), good);
  }
  assert.match(refusal("tokenPath", tokenPathParam, "gno.land/p/demo/grc20"), /realm path/);
  assert.match(refusal("tokenPath", tokenPathParam, "gno.land/r/demo/€"), /realm path/);
  const tooLongForARealm = "gno.land/r/" + "a".repeat(250);
  assert.match(refusal("tokenPath", tokenPathParam, tooLongForARealm), /realm path/);
  const long = "gno.land/r/demo/foo." + "A".repeat(500);
  assert.match(refusal("tokenPath", tokenPathParam, long), /at most 512 characters/);
});

Deno.test("limit defaults, and must be an integer within its bounds", () => {
  assert.equal(parseParam("limit", limit, undefined), 100);
  assert.equal(parseParam("limit", limit, "1000"), 1000);
  assert.match(refusal("limit", limit, "0"), /at least 1/);
  assert.match(refusal("limit", limit, "1001"), /at most 1000/);
  for (const bad of ["", "-1", "1.5", "1e3", "0x10", " 5", "99999999999999999999"]) {
    assert.match(refusal("limit", limit, bad), /positive integer/);
  }
});

Deno.test("an oversized cursor is refused before decoding", () => {
  assert.throws(() => parseParam("cursor", cursorParam, "a".repeat(5000)), (error: unknown) => {
    assert.ok(error instanceof HTTPException);
    assert.deepEqual(error.cause, { code: "invalid_cursor", param: "cursor" });
    return true;
  });
});
