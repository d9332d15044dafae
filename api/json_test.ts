import assert from "node:assert/strict";
import { exactJsonResponse, exactNumber } from "./json.ts";

Deno.test("an amount above 2^64 keeps every digit in the body", async () => {
  const response = exactJsonResponse({ amount: exactNumber("18446744073709551616") });
  assert.equal(await response.text(), `{"amount":18446744073709551616}`);
  assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
});

Deno.test("a 78-digit amount and a bigint are written exactly", () => {
  const digits = "9".repeat(78);
  assert.equal(JSON.stringify([exactNumber(digits), exactNumber(-5n)]), `[${digits},-5]`);
});

Deno.test("text that is not an integer literal is refused", () => {
  for (const bad of ["", "1.5", "1e3", "01", "1,2", "NaN", '1}"x"']) {
    assert.throws(() => exactNumber(bad), /Not an integer literal/);
  }
});
