import assert from "node:assert/strict";
import { selects, tokenSelector } from "./token_selector.ts";

const FACTORY = "gno.land/r/demo/defi/grc20factory";

Deno.test("a realm path selects every token of the realm", () => {
  const selector = tokenSelector(FACTORY);
  assert.deepEqual(selector, { kind: "realm", realm: FACTORY });
  assert.ok(selects(selector!, `${FACTORY}.TST.0000001`));
  assert.ok(selects(selector!, `${FACTORY}.ALP`));
  assert.ok(selects(selector!, FACTORY));
  assert.ok(!selects(selector!, "gno.land/r/demo/defi/grc20factory2.TST"));
});

Deno.test("a token id with its sequence selects that token only", () => {
  const selector = tokenSelector(`${FACTORY}.TST.0000001`)!;
  assert.deepEqual(selector, {
    kind: "token",
    realm: FACTORY,
    tokenId: `${FACTORY}.TST.0000001`,
    bySymbol: false,
  });
  assert.ok(selects(selector, `${FACTORY}.TST.0000001`));
  assert.ok(!selects(selector, `${FACTORY}.TST.0000002`));
  assert.ok(!selects(selector, `${FACTORY}.TST`));
});

Deno.test("realm.SYMBOL selects that symbol's token with or without a sequence", () => {
  const selector = tokenSelector(`${FACTORY}.TST`)!;
  assert.equal(selector.kind, "token");
  assert.ok(selects(selector, `${FACTORY}.TST`));
  assert.ok(selects(selector, `${FACTORY}.TST.0000001`));
  assert.ok(!selects(selector, `${FACTORY}.TSTX.0000001`));
  assert.ok(!selects(selector, `${FACTORY}.ALP.0000002`));
  assert.ok(!selects(selector, `${FACTORY}.TST.000001`));
});

Deno.test("segments that name no token are refused", () => {
  for (
    const bad of [
      "",
      "gno.land/p/demo/grc20",
      "gno.land/p/demo/grc20.FOO",
      ".FOO",
      `${FACTORY}.`,
      `${FACTORY}.T ST`,
      `${FACTORY}."TST`,
      `${FACTORY}.${"X".repeat(600)}`,
      "gno.land/r/demo/€",
      "not a path",
    ]
  ) {
    assert.equal(tokenSelector(bad), null, bad);
  }
});
