import assert from "node:assert/strict";
import { isRealmPath, realmOfTokenId } from "./token_path.ts";

Deno.test("realistic realm paths are realm paths", () => {
  for (
    const path of [
      "gno.land/r/demo/wugnot",
      "gno.land/r/gnoswap/v1/gns",
      "gno.land/r/gnoswap/v1/test_token/bar",
      "gno.land/r/demo/defi/foo20",
      "gno.land/r/g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5/run",
    ]
  ) {
    assert.equal(isRealmPath(path), true, path);
  }
});

Deno.test("packages, dotted segments and malformed paths are not realm paths", () => {
  for (
    const path of [
      "",
      "gno.land/p/demo/grc/grc20",
      "gno.land/p/demo/grc/grc721",
      "gno.land/r/",
      "gno.land/r",
      "gno.land/r/demo/",
      "gno.land/r//demo",
      "gno.land/r/demo/foo20.FOO",
      "gno.land/r/Demo/foo",
      "gno.land/r/demo/foo-bar",
      "/r/demo/foo",
      "gno/r/demo/foo",
      "gno.land/e/g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5/run",
      " gno.land/r/demo/foo",
      "gno.land/r/demo/foo\n",
    ]
  ) {
    assert.equal(isRealmPath(path), false, JSON.stringify(path));
  }
});

Deno.test("a realm path longer than 256 characters is rejected", () => {
  const path = "gno.land/r/" + "a".repeat(245);
  assert.equal(path.length, 256);
  assert.equal(isRealmPath(path), true);
  assert.equal(isRealmPath(path + "a"), false);
});

Deno.test("a token id gives its realm by cutting the last segment at its first dot", () => {
  assert.equal(realmOfTokenId("gno.land/r/demo/defi/foo20.FOO"), "gno.land/r/demo/defi/foo20");
  assert.equal(
    realmOfTokenId("gno.land/r/demo/defi/foo20.FOO.0000000"),
    "gno.land/r/demo/defi/foo20",
  );
  assert.equal(realmOfTokenId("gno.land/r/gnoswap/v1/gns.GNS"), "gno.land/r/gnoswap/v1/gns");
});

Deno.test("a token id without a dot in its last segment is kept whole", () => {
  assert.equal(realmOfTokenId("gno.land/r/demo/wugnot"), "gno.land/r/demo/wugnot");
});

Deno.test("a token id with an empty realm part gives an empty path", () => {
  assert.equal(realmOfTokenId(".FOO"), "");
  assert.equal(realmOfTokenId(""), "");
});

Deno.test("matching a long hostile path stays fast enough to finish", () => {
  const hostile = "gno.land/r/" + "a/".repeat(20_000) + "!";
  assert.equal(isRealmPath(hostile), false);
  const dotted = "a.".repeat(50_000) + "/r/x!";
  assert.equal(isRealmPath(dotted), false);
});
