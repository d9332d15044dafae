import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { HTTPException } from "hono/http-exception";
import { createCursorCodec, MAX_CURSOR_LENGTH } from "./cursor.ts";

const codec = createCursorCodec("a test secret of enough length");

function assertRefused(action: () => unknown, message: RegExp) {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof HTTPException);
    assert.equal(error.status, 400);
    assert.deepEqual(error.cause, { code: "invalid_cursor", param: "cursor" });
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("a cursor decodes to the key it was made from", () => {
  const cursor = codec.encode("history|", [120, 3, 7, 120]);
  assert.match(cursor, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(codec.decode("history|", cursor), [120, 3, 7, 120]);
});

Deno.test("replicas sharing a secret accept each other's cursors", () => {
  const other = createCursorCodec("a test secret of enough length");
  assert.deepEqual(other.decode("s", codec.encode("s", ["gno.land/r/demo/foo"])), [
    "gno.land/r/demo/foo",
  ]);
  const defaults = [createCursorCodec(undefined), createCursorCodec(undefined)];
  assert.deepEqual(defaults[1].decode("s", defaults[0].encode("s", [1])), [1]);
});

Deno.test("a cursor signed with another secret is refused", () => {
  const foreign = createCursorCodec("another secret entirely, also long").encode("s", [1]);
  assertRefused(() => codec.decode("s", foreign), /altered/);
});

Deno.test("an altered payload or signature is refused", () => {
  const cursor = codec.encode("s", [100, 0, 0]);
  const [payload, signature] = cursor.split(".");
  const forged = Buffer.from(JSON.stringify({ v: 1, q: "x", k: [999, 0, 0] })).toString(
    "base64url",
  );
  assertRefused(() => codec.decode("s", `${forged}.${signature}`), /altered/);
  const flipped = signature[0] === "A" ? "B" + signature.slice(1) : "A" + signature.slice(1);
  assertRefused(() => codec.decode("s", `${payload}.${flipped}`), /altered/);
  assertRefused(() => codec.decode("s", `${payload}.`), /not one this API issued/);
});

Deno.test("a cursor of another endpoint or other filters is refused", () => {
  const cursor = codec.encode("balances|g1abc", ["x"]);
  assertRefused(() => codec.decode("balances|g1def", cursor), /another endpoint or other filters/);
});

Deno.test("garbage, odd characters and oversized cursors are refused", () => {
  for (const garbage of ["", "abc", "a.b.c", "%ZZ", "\u0000", "€.€", "a".repeat(10_000)]) {
    assertRefused(() => codec.decode("s", garbage), /not one this API issued/);
  }
  assertRefused(() => codec.decode("s", `${"a".repeat(MAX_CURSOR_LENGTH)}.b`), /not one/);
});
