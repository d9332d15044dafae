import assert from "node:assert/strict";
import { tokenResponse, tokensResponse } from "../responses.ts";
import { address, seedWindow, WUGNOT } from "../testing/seed.ts";
import { createTestApi } from "../testing/test_api.ts";

const ALICE = address(1);
const BOB = address(2);
const FACTORY = "gno.land/r/demo/defi/grc20factory";
const TST = `${FACTORY}.TST.0000001`;
const ALP = `${FACTORY}.ALP.0000002`;
const FOO = "gno.land/r/demo/defi/foo20.FOO";
const BIG = 18446744073709551616n;

Deno.test("GET /tokens and /tokens/{tokenPath}", async (t) => {
  await using api = await createTestApi();
  await seedWindow(api.sql, { from: 0, to: 4 }, [
    { height: 1, eventIndex: 1, from: "", to: ALICE, amount: BIG, token: TST },
    { height: 2, from: ALICE, to: BOB, amount: 40n, token: TST },
    { height: 3, eventIndex: 1, from: "", to: ALICE, amount: 30n, token: ALP },
    { height: 4, from: ALICE, to: "", amount: 30n, token: ALP },
    { height: 4, eventIndex: 1, from: "", to: BOB, amount: 5n, token: FOO },
    { height: 4, eventIndex: 2, from: "", to: BOB, amount: 7n, token: WUGNOT },
  ], [
    { height: 1, token: TST, name: "Test Token", symbol: "TST", decimals: 6 },
    { height: 3, token: ALP, name: "Alpha", symbol: "ALP", decimals: 2 },
  ]);

  await t.step("every token is listed by id with its metadata, supply and holders", async () => {
    const { status, body, text } = await api.get("/tokens");
    assert.equal(status, 200);
    tokensResponse.parse(body);
    assert.deepEqual(body.tokens.map((t: { tokenId: string }) => t.tokenId), [
      FOO,
      ALP,
      TST,
      WUGNOT,
    ]);
    assert.ok(
      text.includes(
        `{"tokenId":"${TST}","tokenPath":"${FACTORY}","symbol":"TST","name":"Test Token",` +
          `"decimals":6,"totalSupply":${BIG},"holders":2,"transfers":2,"firstHeight":1,` +
          `"lastHeight":2}`,
      ),
      text,
    );
    const [foo, alp] = body.tokens;
    assert.deepEqual([alp.totalSupply, alp.holders, alp.transfers], [0, 0, 2], "burnt to zero");
    assert.deepEqual([foo.symbol, foo.name, foo.decimals], ["FOO", null, null], "no NewToken");
    const wugnot = body.tokens[3];
    assert.deepEqual([wugnot.symbol, wugnot.name], [null, null], "a realm path names no symbol");
    assert.equal(body.consistentThrough, 4);
  });

  await t.step("a realm filters the list, and the list pages by token id", async () => {
    const { body } = await api.get(`/tokens?realm=${FACTORY}`);
    assert.deepEqual(body.tokens.map((t: { tokenId: string }) => t.tokenId), [ALP, TST]);
    const first = await api.get("/tokens?limit=3");
    const second = await api.get(`/tokens?limit=3&cursor=${first.body.nextCursor}`);
    assert.deepEqual(
      [...first.body.tokens, ...second.body.tokens].map((t: { tokenId: string }) => t.tokenId),
      [FOO, ALP, TST, WUGNOT],
    );
    assert.equal(second.body.nextCursor, null);
    const bad = await api.get("/tokens?realm=gno.land/p/demo/grc20");
    assert.deepEqual([bad.status, bad.body.error.param], [400, "realm"]);
  });

  await t.step("one token by id, by realm.SYMBOL, or by a realm of one token", async () => {
    for (const segment of [TST, `${FACTORY}.TST`, encodeURIComponent(TST)]) {
      const { status, body } = await api.get(`/tokens/${segment}`);
      assert.equal(status, 200, segment);
      tokenResponse.parse(body);
      assert.equal(body.token.tokenId, TST);
    }
    const single = await api.get("/tokens/gno.land/r/demo/defi/foo20");
    assert.equal(single.body.token.tokenId, FOO);
  });

  await t.step("an unknown token answers 404, a realm of several tokens 400", async () => {
    for (const unknown of [`${FACTORY}.NOPE`, "gno.land/r/nobody/none"]) {
      const { status, body } = await api.get(`/tokens/${unknown}`);
      assert.equal(status, 404, unknown);
      assert.deepEqual([body.error.code, body.error.param], ["not_found", "tokenPath"]);
    }
    const several = await api.get(`/tokens/${FACTORY}`);
    assert.equal(several.status, 400);
    assert.match(several.body.error.message, /names 2 tokens.*ALP\.0000002, .*TST\.0000001/);
    const malformed = await api.get(`/tokens/${FACTORY}.`);
    assert.deepEqual([malformed.status, malformed.body.error.param], [400, "tokenPath"]);
  });

  await t.step("the balance route is still the balance route", async () => {
    const { status, body } = await api.get(`/tokens/${TST}/balances`);
    assert.equal(status, 200);
    assert.equal(body.accountBalances.length, 2);
  });
});

Deno.test("balances as of a height", async (t) => {
  await using api = await createTestApi();
  await seedWindow(api.sql, { from: 10, to: 5000 }, [
    { height: 10, from: "", to: ALICE, amount: 100n, token: TST },
    { height: 20, from: ALICE, to: BOB, amount: 40n, token: TST },
    { height: 4_096, from: ALICE, to: BOB, amount: 10n, token: TST },
    { height: 4_100, from: "", to: ALICE, amount: 1n, token: FOO },
  ]);
  const amounts = (body: { balances?: unknown[]; accountBalances?: unknown[] }) =>
    (body.balances ?? body.accountBalances ?? []).map((b) => {
      const { address, tokenId, amount } = b as Record<string, string>;
      return `${address === ALICE ? "alice" : "bob"} ${tokenId} ${amount}`;
    });

  await t.step(
    "an account's balances at heights before, between and after its events",
    async () => {
      const at = async (height: number) => {
        const { status, body } = await api.get(
          `/tokens/balances?address=${ALICE}&height=${height}`,
        );
        assert.equal(status, 200);
        assert.equal(body.height, height);
        return amounts(body);
      };
      assert.deepEqual(await at(10), [`alice ${TST} 100`]);
      assert.deepEqual(await at(19), [`alice ${TST} 100`]);
      assert.deepEqual(await at(20), [`alice ${TST} 60`]);
      assert.deepEqual(await at(4_095), [`alice ${TST} 60`]);
      assert.deepEqual(await at(4_096), [`alice ${TST} 50`]);
      assert.deepEqual(await at(5_000), [`alice ${FOO} 1`, `alice ${TST} 50`].sort());
    },
  );

  await t.step("a token's holders at a height", async () => {
    const { body } = await api.get(`/tokens/${TST}/balances?height=20`);
    assert.deepEqual(amounts(body), [`alice ${TST} 60`, `bob ${TST} 40`].sort());
    assert.equal(body.height, 20);
    const bob = await api.get(`/tokens/${FACTORY}/balances?height=4096&address=${BOB}`);
    assert.deepEqual(amounts(bob.body), [`bob ${TST} 50`]);
  });

  await t.step("a height above the consistent one answers 409 naming it", async () => {
    const { status, body } = await api.get(`/tokens/balances?address=${ALICE}&height=5001`);
    assert.equal(status, 409);
    assert.equal(body.error.code, "height_not_consistent");
    assert.equal(body.error.consistentThrough, 5000);
    assert.match(body.error.message, /above the consistent height 5000/);
  });

  await t.step("a height below the first indexed one, or a bad one, answers 400", async () => {
    const below = await api.get(`/tokens/balances?address=${ALICE}&height=9`);
    assert.deepEqual([below.status, below.body.error.param], [400, "height"]);
    assert.match(below.body.error.message, /below the first indexed height 10/);
    for (const bad of ["-1", "1.5", "x", ""]) {
      const { status, body } = await api.get(`/tokens/balances?address=${ALICE}&height=${bad}`);
      assert.deepEqual([status, body.error.param], [400, "height"], bad);
    }
    const noAddress = await api.get("/tokens/balances?height=20");
    assert.deepEqual([noAddress.status, noAddress.body.error.param], [400, "height"]);
  });
});
