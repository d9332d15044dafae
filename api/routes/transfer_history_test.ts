import assert from "node:assert/strict";
import { transfersResponse } from "../responses.ts";
import {
  address,
  applyWindow,
  blockTime,
  GNS,
  GNS_PATH,
  type Movement,
  publishWindow,
  seedWindow,
  txHashOf,
} from "../testing/seed.ts";
import { createTestApi, type TestApi } from "../testing/test_api.ts";

const ALICE = address(1);
const BOB = address(2);
const CAROL = address(3);

interface Transfer {
  fromAddress: string;
  toAddress: string;
  blockHeight: number;
  txIndex: number;
  eventIndex: number;
}
const positionOf = (t: Transfer) => `${t.blockHeight}/${t.txIndex}/${t.eventIndex}`;

/** Follows the cursor from the first page to the last, running `between` after each page. */
async function walk(api: TestApi, query: string, between: (page: number) => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const path: string = `/tokens/transfer-history?${query}` +
      (cursor ? `&cursor=${cursor}` : "");
    const { status, body } = await api.get(path);
    assert.equal(status, 200, JSON.stringify(body));
    seen.push(...body.transfers.map(positionOf));
    cursor = body.nextCursor;
    if (cursor === null) return seen;
    await between(page);
  }
  throw new Error("The walk did not end");
}

Deno.test("GET /tokens/transfer-history", async (t) => {
  await using api = await createTestApi();
  await seedWindow(api.sql, { from: 0, to: 9 }, [
    { height: 1, from: "", to: ALICE, amount: 1000n },
    { height: 2, from: ALICE, to: BOB, amount: 400n },
    { height: 2, eventIndex: 1, from: ALICE, to: ALICE, amount: 5n },
    { height: 3, txIndex: 1, from: BOB, to: "", amount: 100n },
    { height: 4, from: "", to: CAROL, amount: 18446744073709551616n, token: GNS },
  ]);

  await t.step("all movements are listed newest first, with mints and burns", async () => {
    const { status, body } = await api.get("/tokens/transfer-history");
    assert.equal(status, 200);
    transfersResponse.parse(body);
    assert.deepEqual(body.transfers.map(positionOf), ["4/0/0", "3/1/0", "2/0/1", "2/0/0", "1/0/0"]);
    assert.deepEqual(body.transfers.map((t: { kind: string }) => t.kind), [
      "mint",
      "burn",
      "transfer",
      "transfer",
      "mint",
    ]);
    assert.equal(body.consistentThrough, 9);
    assert.equal(body.nextCursor, null);
  });

  await t.step("a movement carries its position, hash, time and exact amount", async () => {
    const { text, body } = await api.get("/tokens/transfer-history?limit=1");
    assert.deepEqual(JSON.parse(text.replace("18446744073709551616", '"exact"')).transfers[0], {
      fromAddress: "",
      toAddress: CAROL,
      tokenId: GNS,
      tokenPath: GNS_PATH,
      amount: "exact",
      kind: "mint",
      blockHeight: 4,
      txIndex: 0,
      eventIndex: 0,
      txHash: txHashOf(4, 0),
      time: blockTime(4).toISOString(),
    });
    assert.ok(text.includes(`"amount":18446744073709551616,`), text);
    assert.equal(typeof body.nextCursor, "string");
  });

  await t.step("an address sees what it sent and received, a self-transfer once", async () => {
    const alice = await api.get(`/tokens/transfer-history?address=${ALICE}`);
    assert.deepEqual(alice.body.transfers.map(positionOf), ["2/0/1", "2/0/0", "1/0/0"]);
    const bob = await api.get(`/tokens/transfer-history?address=${BOB}`);
    assert.deepEqual(bob.body.transfers.map(positionOf), ["3/1/0", "2/0/0"]);
    const empty = await api.get(`/tokens/transfer-history?address=${address(99)}`);
    assert.deepEqual(empty.body.transfers, []);
  });

  await t.step("an empty address means every movement", async () => {
    const { body } = await api.get("/tokens/transfer-history?address=");
    assert.equal(body.transfers.length, 5);
  });

  await t.step("an address's pages follow the cursor through each movement once", async () => {
    const seen = await walk(api, `address=${ALICE}&limit=1`, () => Promise.resolve());
    assert.deepEqual(seen, ["2/0/1", "2/0/0", "1/0/0"]);
  });

  await t.step("a history cursor is refused for another address", async () => {
    const first = await api.get(`/tokens/transfer-history?address=${ALICE}&limit=1`);
    const { status, body } = await api.get(
      `/tokens/transfer-history?address=${BOB}&cursor=${first.body.nextCursor}`,
    );
    assert.equal(status, 400);
    assert.equal(body.error.code, "invalid_cursor");
  });
});

Deno.test("a walk sees every row exactly once while blocks arrive out of order", async () => {
  await using api = await createTestApi();
  const movements = (from: number, to: number): Movement[] =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i).flatMap((height) => [
      { height, from: "", to: ALICE, amount: BigInt(height + 1) },
      { height, txIndex: 1, eventIndex: 2, from: ALICE, to: BOB, amount: 1n, token: GNS },
    ]);
  // Window 10..19 is published but not applied yet while 20..29 is: consistent through 9.
  await seedWindow(api.sql, { from: 0, to: 9 }, movements(0, 9));
  await publishWindow(api.sql, { from: 10, to: 19 }, 1);
  await seedWindow(api.sql, { from: 20, to: 29 }, movements(20, 29));

  const first = await api.get("/tokens/transfer-history?limit=3");
  assert.equal(first.body.consistentThrough, 9);
  assert.equal(first.body.transfers[0].blockHeight, 9);

  let nextHeight = 30;
  const seen = await walk(api, "limit=3", async (page) => {
    if (page === 1) await applyWindow(api.sql, { from: 10, to: 19 }, movements(10, 19));
    await seedWindow(
      api.sql,
      { from: nextHeight, to: nextHeight },
      movements(nextHeight, nextHeight),
    );
    nextHeight++;
  });

  const expected = movements(0, 9).map((m) => `${m.height}/${m.txIndex ?? 0}/${m.eventIndex ?? 0}`)
    .reverse();
  assert.deepEqual(seen, expected);
  assert.equal(new Set(seen).size, seen.length);

  const fresh = await api.get("/tokens/transfer-history?limit=1");
  assert.equal(fresh.body.consistentThrough, nextHeight - 1);
  assert.equal(fresh.body.transfers[0].blockHeight, nextHeight - 1);
});

Deno.test("nothing is served before the first window is applied", async () => {
  await using api = await createTestApi();
  await publishWindow(api.sql, { from: 0, to: 9 }, 1);
  await seedWindow(api.sql, { from: 10, to: 19 }, [{ height: 12, from: "", to: BOB, amount: 1n }]);
  const { status, body } = await api.get("/tokens/transfer-history");
  assert.equal(status, 200);
  assert.deepEqual(body.transfers, []);
  assert.equal(body.consistentThrough, -1);
  assert.equal(body.nextCursor, null);
});
