import assert from "node:assert/strict";
import { GNS, GNS_PATH } from "../testing/seed.ts";
import { ALICE, BIG_AMOUNT, BOB, HEAD, INDEXED, seedStatus } from "../testing/status_seed.ts";
import { createTestApi } from "../testing/test_api.ts";

Deno.test("GET /status.json", async (t) => {
  await using api = await createTestApi({ statusMaxAgeMs: 0 });

  await t.step("an empty database shows nothing indexed and no lag yet", async () => {
    const { status, body } = await api.get("/status.json");
    assert.equal(status, 200);
    assert.equal(body.indexedHeight, -1);
    assert.equal(body.sync, null);
    assert.equal(body.lag, null);
    assert.deepEqual(body.eventsByKind, { mint: 0, burn: 0, transfer: 0 });
    assert.deepEqual(body.latestTransfers, []);
  });

  await seedStatus(api.sql);

  await t.step("heights and lag come from sync_state and applied_height", async () => {
    const { body } = await api.get("/status.json");
    assert.equal(body.indexedHeight, INDEXED);
    assert.equal(body.headHeight, HEAD);
    assert.equal(body.lag, HEAD - INDEXED);
    assert.equal(body.sync.status, "syncing");
  });

  await t.step("tokens are counted, the largest by holders listed", async () => {
    const { body } = await api.get("/status.json");
    assert.equal(body.tokens.count, 2);
    assert.deepEqual(
      body.tokens.largest.map((t: { tokenId: string; holders: number }) => [t.tokenId, t.holders]),
      [["gno.land/r/demo/wugnot", 2], [GNS, 2]],
    );
    assert.equal(body.tokens.largest[1].totalSupply, BIG_AMOUNT.toString());
    assert.equal(body.tokens.largest[1].symbol, "GNS");
  });

  await t.step("events are counted by kind and rejections by reason", async () => {
    const { body } = await api.get("/status.json");
    assert.deepEqual(body.eventsByKind, { mint: 2, burn: 1, transfer: 2 });
    assert.deepEqual(body.rejectionsByReason, [
      { reason: "forged_token", count: 2 },
      { reason: "invalid_value", count: 1 },
    ]);
  });

  await t.step("the latest transfers come newest first with exact amounts", async () => {
    const { body } = await api.get("/status.json");
    const [newest] = body.latestTransfers;
    assert.deepEqual(
      { ...newest, txHash: undefined, time: undefined },
      {
        blockHeight: 17,
        txIndex: 1,
        eventIndex: 0,
        txHash: undefined,
        tokenId: GNS,
        tokenPath: GNS_PATH,
        kind: "transfer",
        from: ALICE,
        to: BOB,
        amount: "12345",
        time: undefined,
      },
    );
    assert.equal(body.latestTransfers.at(-1).amount, BIG_AMOUNT.toString());
    assert.equal(body.latestTransfers.length, 5);
  });

  await t.step(
    "throughput covers the last ten minutes and counts what was just applied",
    async () => {
      const { body } = await api.get("/status.json");
      assert.equal(body.throughput.length, 10);
      const blocks = body.throughput.reduce((n: number, m: { blocks: number }) => n + m.blocks, 0);
      const events = body.throughput.reduce((n: number, m: { events: number }) => n + m.events, 0);
      assert.equal(blocks, 20);
      assert.equal(events, 5);
    },
  );

  await t.step("the page is one HTML document that polls status.json", async () => {
    const response = await api.app.request("/status");
    const html = await response.text();
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/html/);
    assert.ok(html.includes('fetch("status.json"'));
    assert.ok(!/<script[^>]+src=|<link[^>]+href=/.test(html), "no external assets");
  });
});
