import assert from "node:assert/strict";
import { balancesResponse } from "../responses.ts";
import { address, GNS, GNS_PATH, seedWindow, WUGNOT } from "../testing/seed.ts";
import { createTestApi } from "../testing/test_api.ts";

const ALICE = address(1);
const BOB = address(2);
const CAROL = address(3);
const ABOVE_2_64 = 18446744073709551616n;

Deno.test("GET /tokens/balances", async (t) => {
  await using api = await createTestApi();
  await seedWindow(api.sql, { from: 0, to: 9 }, [
    { height: 1, from: "", to: ALICE, amount: 1_000_000n, token: WUGNOT },
    { height: 2, from: "", to: ALICE, amount: ABOVE_2_64, token: GNS },
    { height: 3, from: ALICE, to: BOB, amount: 500_000n, token: WUGNOT },
    { height: 4, from: "", to: CAROL, amount: 7n, token: GNS },
    { height: 5, from: CAROL, to: "", amount: 7n, token: GNS },
  ]);

  await t.step("an address gets its balance of every token, by token id", async () => {
    const { status, body } = await api.get(`/tokens/balances?address=${ALICE}`);
    assert.equal(status, 200);
    balancesResponse.parse(body);
    assert.deepEqual(
      body.balances.map((b: { tokenId: string; tokenPath: string }) => [b.tokenId, b.tokenPath]),
      [[WUGNOT, WUGNOT], [GNS, GNS_PATH]],
    );
    assert.equal(body.nextCursor, null);
    assert.equal(body.consistentThrough, 9);
  });

  await t.step("a balance above 2^64 keeps its exact digits in the raw body", async () => {
    const { text } = await api.get(`/tokens/balances?address=${ALICE}`);
    assert.ok(
      text.includes(
        `{"address":"${ALICE}","tokenId":"${GNS}","tokenPath":"${GNS_PATH}",` +
          `"amount":18446744073709551616}`,
      ),
      text,
    );
    assert.ok(
      text.includes(`"tokenId":"${WUGNOT}","tokenPath":"${WUGNOT}","amount":500000}`),
      text,
    );
  });

  await t.step("an account that emptied its balance is not listed", async () => {
    const { body } = await api.get(`/tokens/balances?address=${CAROL}`);
    assert.deepEqual(body.balances, []);
    assert.equal(body.nextCursor, null);
  });

  await t.step("without an address every account's balances are listed", async () => {
    for (const query of ["", "?address="]) {
      const { status, body } = await api.get(`/tokens/balances${query}`);
      assert.equal(status, 200);
      balancesResponse.parse(body);
      const rows = body.balances.map((b: { address: string; tokenId: string }) =>
        `${b.address} ${b.tokenId}`
      );
      assert.deepEqual(rows, [`${ALICE} ${GNS}`, `${ALICE} ${WUGNOT}`, `${BOB} ${WUGNOT}`].sort());
    }
  });

  await t.step("pages follow the cursor through every row exactly once", async () => {
    const seen: string[] = [];
    let path = "/tokens/balances?limit=1";
    for (let page = 0; page < 10; page++) {
      const { status, body } = await api.get(path);
      assert.equal(status, 200);
      assert.ok(body.balances.length <= 1);
      seen.push(
        ...body.balances.map((b: { address: string; tokenId: string }) =>
          `${b.address} ${b.tokenId}`
        ),
      );
      if (body.nextCursor === null) break;
      path = `/tokens/balances?limit=1&cursor=${body.nextCursor}`;
    }
    assert.deepEqual(seen, [`${ALICE} ${GNS}`, `${ALICE} ${WUGNOT}`, `${BOB} ${WUGNOT}`].sort());
  });

  await t.step("one account's balances page by token path", async () => {
    const first = await api.get(`/tokens/balances?address=${ALICE}&limit=1`);
    assert.equal(first.body.balances.length, 1);
    assert.equal(typeof first.body.nextCursor, "string");
    const second = await api.get(
      `/tokens/balances?address=${ALICE}&limit=1&cursor=${first.body.nextCursor}`,
    );
    assert.equal(second.body.balances.length, 1);
    assert.notEqual(second.body.balances[0].tokenId, first.body.balances[0].tokenId);
    assert.equal(second.body.nextCursor, null);
  });

  await t.step("a cursor is refused with another address or without one", async () => {
    const first = await api.get(`/tokens/balances?address=${ALICE}&limit=1`);
    for (const other of [`address=${BOB}&`, ""]) {
      const { status, body } = await api.get(
        `/tokens/balances?${other}cursor=${first.body.nextCursor}`,
      );
      assert.equal(status, 400);
      assert.equal(body.error.code, "invalid_cursor");
      assert.equal(body.error.param, "cursor");
    }
  });
});
