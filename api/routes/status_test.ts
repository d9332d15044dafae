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
    assert.deepEqual(body.tokens, { count: 0, largest: [] });
    assert.deepEqual(body.readiness, {
      ready: false,
      state: "not_started",
      reason: "the synchronizer has not started",
      lag: 0,
      maxLag: 50,
      stalledHeight: null,
    });
    await assertAgreesWithReady(body);
  });

  await t.step("each answer says when it was served, on the server's clock, in UTC", async () => {
    const before = Date.now();
    const { body } = await api.get("/status.json");
    assert.match(body.generatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(body.servedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.parse(body.servedAt) >= Date.parse(body.generatedAt));
    assert.ok(
      Date.parse(body.servedAt) >= before - 1_000 && Date.parse(body.servedAt) <= Date.now(),
    );
  });

  await seedStatus(api.sql);

  await t.step("heights and lag come from sync_state and applied_height", async () => {
    const { body } = await api.get("/status.json");
    assert.equal(body.indexedHeight, INDEXED);
    assert.equal(body.headHeight, HEAD);
    assert.equal(body.lag, HEAD - INDEXED);
    assert.equal(body.sync.status, "syncing");
  });

  await t.step("the verdict is /ready's: the same rule over the same sync state", async () => {
    const verdict = async (change: () => Promise<unknown>) => {
      await change();
      const { body } = await api.get("/status.json");
      await assertAgreesWithReady(body);
      return body.readiness;
    };
    // The seed leaves the head 101 blocks above the checkpoint: more than the 50 allowed.
    assert.deepEqual(await verdict(async () => {}), {
      ready: false,
      state: "behind",
      reason: "the synchronizer is 101 blocks behind the head (at most 50 allowed)",
      lag: HEAD - INDEXED,
      maxLag: 50,
      stalledHeight: null,
    });
    // One block behind, the synchronizer still says `syncing`, but the data is fresh.
    const oneBehind = await verdict(() =>
      api.sql`UPDATE sync_state SET head_height = last_height + 1 WHERE component = 'sync'`
    );
    assert.deepEqual(oneBehind, {
      ready: true,
      state: "following",
      reason: null,
      lag: 1,
      maxLag: 50,
      stalledHeight: null,
    });
    assert.equal((await api.get("/status.json")).body.sync.status, "syncing");
    assert.equal(
      (await verdict(() =>
        api.sql`UPDATE sync_state SET head_height = last_height + 50 WHERE component = 'sync'`
      )).state,
      "following",
      "at the bound it is still ready",
    );
    const error = await verdict(() =>
      api.sql`UPDATE sync_state SET status = 'error', last_error = 'Chain reset detected: x'
        WHERE component = 'sync'`
    );
    assert.deepEqual([error.ready, error.state, error.reason], [
      false,
      "error",
      "the synchronizer is in error: Chain reset detected: x",
    ]);
    const stalled = await verdict(() =>
      api.sql`UPDATE sync_state SET status = 'stalled', stalled_height = ${INDEXED + 1},
        last_error = 'Block 20 failed validation' WHERE component = 'sync'`
    );
    assert.deepEqual([stalled.ready, stalled.state, stalled.stalledHeight, stalled.reason], [
      false,
      "stalled",
      INDEXED + 1,
      "the synchronizer cannot index block 20: Block 20 failed validation",
    ]);
    const stopped = await verdict(() =>
      api.sql`UPDATE sync_state SET status = 'stopped', stalled_height = NULL, last_error = ''
        WHERE component = 'sync'`
    );
    assert.deepEqual([stopped.ready, stopped.state], [false, "stopped"]);
    await api.sql`
      UPDATE sync_state SET status = 'syncing', head_height = ${HEAD} WHERE component = 'sync'`;
  });

  await t.step("the retry schedule and a stalled block are in the snapshot", async () => {
    await api.sql`
      UPDATE sync_state SET stalled_height = 20, retry_failures = 3,
        next_retry_at = '2030-01-02T03:04:05Z', last_error = 'Block 20 failed validation'
      WHERE component = 'sync'`;
    const { body } = await api.get("/status.json");
    assert.equal(body.sync.stalledHeight, 20);
    assert.equal(body.sync.retryFailures, 3);
    assert.equal(body.sync.nextRetryAt, "2030-01-02T03:04:05.000Z");
    assert.equal(body.readiness.state, "stalled");
    await api.sql`
      UPDATE sync_state SET stalled_height = NULL, retry_failures = 0, next_retry_at = NULL,
        last_error = '' WHERE component = 'sync'`;
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
    assert.ok(!/https?:\/\//.test(html), "nothing addressed outside the API");
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(html), "text only");
  });

  /** The snapshot's verdict is what /ready answers for the same rows. */
  async function assertAgreesWithReady(body: { readiness: { ready: boolean; reason: string } }) {
    const ready = await api.get("/ready");
    assert.equal(ready.status, body.readiness.ready ? 200 : 503, JSON.stringify(ready.body));
    assert.equal(ready.body.reason, body.readiness.reason ?? undefined);
  }
});

Deno.test("the /status verdict uses the app's API_READY_MAX_LAG_BLOCKS", async () => {
  await using api = await createTestApi({ statusMaxAgeMs: 0, readyMaxLagBlocks: HEAD });
  await seedStatus(api.sql);
  const { body } = await api.get("/status.json");
  assert.deepEqual([body.readiness.ready, body.readiness.state, body.readiness.maxLag], [
    true,
    "following",
    HEAD,
  ]);
  assert.equal(body.readiness.lag, HEAD - INDEXED);
  assert.equal((await api.get("/ready")).status, 200);
});
