import assert from "node:assert/strict";
import { accountBalancesResponse } from "../responses.ts";
import { address, seedWindow, WUGNOT } from "../testing/seed.ts";
import { createTestApi } from "../testing/test_api.ts";

const ALICE = address(1);
const BOB = address(2);
const CAROL = address(3);
const DEEP = "gno.land/r/gnoswap/v1/test_token/bar";
/** A token whose last segment is the word the route ends with. */
const NAMED_BALANCES = "gno.land/r/demo/balances";
/** A realm with two tokens, ids with sequence numbers as gno emits them since 2026-07. */
const FACTORY = "gno.land/r/demo/defi/grc20factory";
const TST = `${FACTORY}.TST.0000001`;
const ALP = `${FACTORY}.ALP.0000002`;

Deno.test("GET /tokens/{tokenPath}/balances", async (t) => {
  await using api = await createTestApi();
  await seedWindow(api.sql, { from: 0, to: 4 }, [
    { height: 1, from: "", to: ALICE, amount: 1_000_000n, token: WUGNOT },
    { height: 1, eventIndex: 1, from: ALICE, to: BOB, amount: 500_000n, token: WUGNOT },
    { height: 2, from: "", to: CAROL, amount: 9n, token: WUGNOT },
    { height: 2, eventIndex: 1, from: CAROL, to: "", amount: 9n, token: WUGNOT },
    { height: 3, from: "", to: BOB, amount: 18446744073709551617n, token: DEEP },
    { height: 4, from: "", to: CAROL, amount: 3n, token: NAMED_BALANCES },
    { height: 4, eventIndex: 1, from: "", to: ALICE, amount: 100n, token: TST },
    { height: 4, eventIndex: 2, from: "", to: ALICE, amount: 30n, token: ALP },
    { height: 4, eventIndex: 3, from: ALICE, to: BOB, amount: 40n, token: TST },
  ]);
  const itemsOf = (body: { accountBalances: { address: string; tokenId: string }[] }) =>
    body.accountBalances.map((b) => `${b.address} ${b.tokenId}`);
  const holdersOf = (body: { accountBalances: { address: string }[] }) =>
    body.accountBalances.map((b) => b.address);

  await t.step("every holder of the token is listed by address", async () => {
    const { status, body } = await api.get(`/tokens/${WUGNOT}/balances`);
    assert.equal(status, 200);
    accountBalancesResponse.parse(body);
    assert.deepEqual(holdersOf(body), [ALICE, BOB].sort());
    assert.equal(body.consistentThrough, 4);
    assert.equal(body.nextCursor, null);
  });

  await t.step("an address narrows the list to that holder", async () => {
    const { text, body } = await api.get(`/tokens/${WUGNOT}/balances?address=${BOB}`);
    assert.deepEqual(holdersOf(body), [BOB]);
    assert.ok(
      text.includes(
        `{"address":"${BOB}","tokenId":"${WUGNOT}","tokenPath":"${WUGNOT}","amount":500000}`,
      ),
      text,
    );
  });

  await t.step("a holder that emptied its balance is not listed", async () => {
    const { body } = await api.get(`/tokens/${WUGNOT}/balances?address=${CAROL}`);
    assert.deepEqual(body.accountBalances, []);
  });

  await t.step("a path with many slashes is matched whole, with exact digits", async () => {
    const { status, text } = await api.get(`/tokens/${DEEP}/balances`);
    assert.equal(status, 200);
    assert.ok(text.includes(`"tokenPath":"${DEEP}","amount":18446744073709551617}`), text);
  });

  await t.step("percent-encoded slashes work the same as raw ones", async () => {
    const raw = await api.get(`/tokens/${DEEP}/balances`);
    for (const encoded of [encodeURIComponent(DEEP), DEEP.replaceAll("/", "%2f")]) {
      const { status, text } = await api.get(`/tokens/${encoded}/balances`);
      assert.equal(status, 200);
      assert.equal(text, raw.text);
    }
  });

  await t.step("a token named balances is still served by the token route", async () => {
    const { status, body } = await api.get(`/tokens/${NAMED_BALANCES}/balances`);
    assert.equal(status, 200);
    assert.deepEqual(holdersOf(body), [CAROL]);
  });

  await t.step("an unknown token has no holders", async () => {
    for (const unknown of ["gno.land/r/nobody/none", `${FACTORY}.NOPE`, `${FACTORY}.TST.0000009`]) {
      const { status, body } = await api.get(`/tokens/${unknown}/balances`);
      assert.equal(status, 200, unknown);
      assert.deepEqual(body.accountBalances, [], unknown);
    }
  });

  await t.step("a realm path lists every token of the realm, each under its own id", async () => {
    const { status, body, text } = await api.get(`/tokens/${FACTORY}/balances`);
    assert.equal(status, 200);
    accountBalancesResponse.parse(body);
    assert.deepEqual(itemsOf(body), [`${ALICE} ${ALP}`, `${ALICE} ${TST}`, `${BOB} ${TST}`]);
    assert.ok(
      text.includes(
        `{"address":"${ALICE}","tokenId":"${TST}","tokenPath":"${FACTORY}",` +
          `"amount":60}`,
      ),
      text,
    );
  });

  await t.step("a token id lists that token only", async () => {
    const { body } = await api.get(`/tokens/${TST}/balances`);
    assert.deepEqual(itemsOf(body), [`${ALICE} ${TST}`, `${BOB} ${TST}`]);
  });

  await t.step("realm.SYMBOL finds that symbol's token whatever its sequence", async () => {
    const bySymbol = await api.get(`/tokens/${FACTORY}.ALP/balances`);
    assert.deepEqual(itemsOf(bySymbol.body), [`${ALICE} ${ALP}`]);
    const encoded = await api.get(`/tokens/${encodeURIComponent(`${FACTORY}.TST`)}/balances`);
    assert.deepEqual(itemsOf(encoded.body), [`${ALICE} ${TST}`, `${BOB} ${TST}`]);
  });

  await t.step("a realm's holders page by address and token id", async () => {
    const seen: string[] = [];
    let cursor = "";
    for (let page = 0; page < 5; page++) {
      const { body } = await api.get(
        `/tokens/${FACTORY}/balances?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...itemsOf(body));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    assert.deepEqual(seen, [`${ALICE} ${ALP}`, `${ALICE} ${TST}`, `${BOB} ${TST}`]);
  });

  await t.step("holders page by address through the cursor", async () => {
    const first = await api.get(`/tokens/${WUGNOT}/balances?limit=1`);
    const second = await api.get(
      `/tokens/${WUGNOT}/balances?limit=1&cursor=${first.body.nextCursor}`,
    );
    assert.deepEqual([...holdersOf(first.body), ...holdersOf(second.body)], [ALICE, BOB].sort());
    assert.equal(second.body.nextCursor, null);
  });

  await t.step("a cursor of another token is refused", async () => {
    const first = await api.get(`/tokens/${WUGNOT}/balances?limit=1`);
    const { status, body } = await api.get(
      `/tokens/${DEEP}/balances?cursor=${first.body.nextCursor}`,
    );
    assert.equal(status, 400);
    assert.equal(body.error.code, "invalid_cursor");
  });

  await t.step("a segment that names no token is refused", async () => {
    for (
      const bad of [
        `${FACTORY}.`,
        `${FACTORY}.T%20ST`,
        "gno.land/p/demo/grc20.FOO",
        `.TST`,
        "gno.land%2Fp%2Fdemo%2Fgrc20",
        "balances",
        "%ZZ",
        "a%00b",
        "gno.land%252Fr%252Fdemo",
        "gno.land/r/" + "a".repeat(300),
        "%E2%82%AC",
        "gno.land/r/demo/wugnot%0A",
        "gno.land%2Fr%2Fdemo%0D%0Awugnot",
      ]
    ) {
      const { status, body } = await api.get(`/tokens/${bad}/balances`);
      assert.equal(status, 400, bad);
      assert.equal(body.error.code, "invalid_parameter");
      assert.equal(body.error.param, "tokenPath");
    }
  });
});
