import assert from "node:assert/strict";
import { createDatabase } from "../shared/db/mod.ts";
import { createLogger } from "../shared/log.ts";
import { Registry } from "../shared/metrics.ts";
import { createApp } from "./app.ts";
import { errorResponse } from "./responses.ts";
import { address, seedWindow } from "./testing/seed.ts";
import { createTestApi } from "./testing/test_api.ts";

const ALICE = address(1);
const BAD_CHECKSUM = ALICE.slice(0, -1) + (ALICE.endsWith("q") ? "p" : "q");

Deno.test("the balance API app", async (t) => {
  await using api = await createTestApi();
  await seedWindow(api.sql, { from: 0, to: 3 }, [
    { height: 1, from: "", to: ALICE, amount: 1n },
    { height: 2, from: "", to: address(2), amount: 1n },
  ]);

  const assertError = async (path: string, status: number, code: string, param?: string) => {
    const response = await api.get(path);
    assert.equal(response.status, status, `${path}: ${response.text}`);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    errorResponse.parse(response.body);
    assert.equal(response.body.error.code, code, path);
    assert.equal(response.body.error.param, param, path);
    assert.doesNotMatch(response.text, /\bat .*\.ts:\d+/, "no stack trace");
    return response.body.error.message as string;
  };

  await t.step("an unknown route answers 404 JSON", async () => {
    for (const path of ["/", "/token", "/%ZZ", "/metrics/x"]) {
      await assertError(path, 404, "not_found");
    }
    // Under /tokens/ anything else is a token segment, and these name no token.
    for (const path of ["/tokens/balances/", "/tokens/x/balances/extra"]) {
      await assertError(path, 400, "invalid_parameter", "tokenPath");
    }
  });

  await t.step("a bad address answers 400 naming the parameter", async () => {
    for (
      const endpoint of [
        "/tokens/balances",
        "/tokens/transfer-history",
        "/tokens/gno.land/r/demo/wugnot/balances",
      ]
    ) {
      const message = await assertError(
        `${endpoint}?address=${BAD_CHECKSUM}`,
        400,
        "invalid_parameter",
        "address",
      );
      assert.match(message, /checksum/);
      await assertError(
        `${endpoint}?address=${ALICE.toUpperCase()}`,
        400,
        "invalid_parameter",
        "address",
      );
      await assertError(`${endpoint}?address=cosmos1abc`, 400, "invalid_parameter", "address");
    }
  });

  await t.step("a bad limit answers 400 naming the parameter", async () => {
    for (const limit of ["0", "1001", "-5", "abc", "1.5", "", "%ZZ", "9".repeat(400)]) {
      await assertError(
        `/tokens/transfer-history?limit=${limit}`,
        400,
        "invalid_parameter",
        "limit",
      );
    }
  });

  await t.step("a repeated parameter answers 400", async () => {
    const message = await assertError(
      `/tokens/balances?address=${ALICE}&address=${ALICE}`,
      400,
      "invalid_parameter",
      "address",
    );
    assert.match(message, /at most once/);
  });

  await t.step("a garbled or tampered cursor answers 400 invalid_cursor", async () => {
    const { body } = await api.get("/tokens/balances?limit=1");
    const valid: string = body.nextCursor;
    assert.equal(typeof valid, "string");
    const tampered = valid.replace(/^./, (c: string) => (c === "e" ? "f" : "e"));
    for (const cursor of ["abc", "%ZZ", "%00", "a.b", tampered, "x".repeat(3000), "%E2%82%AC"]) {
      await assertError(`/tokens/balances?cursor=${cursor}`, 400, "invalid_cursor", "cursor");
    }
    await assertError(`/tokens/transfer-history?cursor=${valid}`, 400, "invalid_cursor", "cursor");
  });

  await t.step("odd inputs never cause a 500", async () => {
    const odd = [
      "%00",
      "%ZZ",
      "%",
      "%C3%28",
      "%F0%9F%92%A9",
      "\u{1F4A9}",
      "a".repeat(20_000),
      "'; DROP TABLE balances; --",
      "g1" + "%00".repeat(38),
    ];
    for (const value of odd) {
      for (
        const path of [
          `/tokens/balances?address=${value}`,
          `/tokens/balances?cursor=${value}`,
          `/tokens/transfer-history?limit=${value}`,
          `/tokens/${value}/balances`,
          `/tokens/gno.land/r/${value}/balances?address=${value}`,
          `/${value}`,
        ]
      ) {
        const response = await api.get(path);
        assert.ok([400, 404].includes(response.status), `${path.slice(0, 80)}: ${response.status}`);
        errorResponse.parse(response.body);
      }
    }
  });

  await t.step("unknown query parameters are ignored", async () => {
    const { status } = await api.get(`/tokens/balances?address=${ALICE}&foo=%00`);
    assert.equal(status, 200);
  });

  await t.step("/health, /ready and /metrics answer", async () => {
    const health = await api.get("/health");
    assert.deepEqual([health.status, health.body], [200, { status: "ok" }]);
    const ready = await api.get("/ready");
    assert.equal(ready.status, 200);
    assert.match(ready.body.sync.updatedAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual({ ...ready.body, sync: { ...ready.body.sync, updatedAt: "" } }, {
      status: "ready",
      database: "ok",
      consistentThrough: 3,
      sync: { status: "caught_up", lastHeight: 3, headHeight: -1, lag: 0, updatedAt: "" },
    });
    await api.get("/tokens/balances?limit=0");
    await api.get("/tokens/gno.land/r/demo/wugnot/balances");
    const metrics = await api.app.request("/metrics");
    const text = await metrics.text();
    assert.match(
      text,
      /^http_requests_total\{method="GET",route="\/tokens\/balances",status="400"\} [1-9]/m,
    );
    assert.match(
      text,
      /^http_requests_total\{method="GET",route="\/tokens\/:tokenPath\{\[\\\\s\\\\S\]\+\}\/balances",status="200"\} [1-9]/m,
    );
    assert.match(
      text,
      /^http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]/m,
    );
    assert.match(text, /^http_request_duration_seconds_count\{route="\/tokens\/balances"\} [1-9]/m);
  });

  await t.step("/ready answers 503 naming why while the synchronizer is not fresh", async () => {
    const notReady = async (change: () => Promise<unknown>, reason: RegExp) => {
      await change();
      const ready = await api.get("/ready");
      assert.equal(ready.status, 503, JSON.stringify(ready.body));
      assert.equal(ready.body.status, "not ready");
      assert.match(ready.body.reason, reason);
      await api.sql`
        UPDATE sync_state SET status = 'caught_up', head_height = last_height,
          stalled_height = NULL, last_error = '' WHERE component = 'sync'`;
      assert.equal((await api.get("/ready")).status, 200);
    };
    await notReady(
      () => api.sql`UPDATE sync_state SET status = 'error', last_error = 'Chain reset detected: x'`,
      /^the synchronizer is in error: Chain reset detected/,
    );
    await notReady(
      () =>
        api.sql`UPDATE sync_state SET status = 'stalled', stalled_height = 2,
          last_error = 'Block 2 is missing'`,
      /^the synchronizer cannot index block 2: Block 2 is missing/,
    );
    await notReady(
      () => api.sql`UPDATE sync_state SET head_height = last_height + 51`,
      /^the synchronizer is 51 blocks behind the head \(at most 50 allowed\)/,
    );
    await api.sql`UPDATE sync_state SET head_height = last_height + 50`;
    assert.equal((await api.get("/ready")).status, 200, "at the bound it is still ready");
    await api.sql`UPDATE sync_state SET head_height = last_height`;
  });

  await t.step("the OpenAPI document lists every endpoint with its parameters", async () => {
    const { status, body } = await api.get("/openapi.json");
    assert.equal(status, 200);
    assert.equal(body.openapi, "3.1.0");
    assert.deepEqual(Object.keys(body.paths).sort(), [
      "/tokens",
      "/tokens/balances",
      "/tokens/transfer-history",
      "/tokens/{tokenPath}",
      "/tokens/{tokenPath}/balances",
    ]);
    const tokenRoute = body.paths["/tokens/{tokenPath}/balances"].get;
    const params = Object.fromEntries(
      tokenRoute.parameters.map((p: { name: string }) => [p.name, p]),
    );
    assert.deepEqual(Object.keys(params), ["tokenPath", "address", "height", "limit", "cursor"]);
    assert.equal(params.tokenPath.in, "path");
    assert.equal(params.tokenPath.required, true);
    assert.equal(params.tokenPath.schema.maxLength, 512);
    assert.equal(params.address.required, false);
    assert.deepEqual(params.limit.schema, {
      type: "integer",
      minimum: 1,
      maximum: 1000,
      default: 100,
    });
    assert.deepEqual(tokenRoute.responses["200"].content["application/json"].schema, {
      $ref: "#/components/schemas/AccountBalancesResponse",
    });
    assert.match(tokenRoute.description, /non-zero/);
    const balance = body.components.schemas.Balance;
    assert.equal(balance.properties.amount.type, "integer");
    assert.equal(balance.properties.amount.maximum, undefined);
  });

  await t.step("the docs page renders the endpoints without outside resources", async () => {
    const response = await api.app.request("/docs");
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
    const html = await response.text();
    assert.ok(html.includes("/tokens/{tokenPath}/balances"));
    assert.ok(html.includes("/tokens/transfer-history"));
    assert.doesNotMatch(html, /<script|src="http|href="http/);
  });

  await t.step("the API's pool cannot write", async () => {
    await assert.rejects(
      api.readOnlySql`
        INSERT INTO balances (address, token_id, token_path, amount) VALUES ('x', 'y', 'y', 1)`,
      /read-only transaction/,
    );
  });
});

Deno.test({
  name: "an unreachable database answers 503 JSON, logged without leaking details",
  // The driver's reconnect timer outlives a refused connection.
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const lines: string[] = [];
  const sql = createDatabase({ url: "postgres://nobody@127.0.0.1:1/none", max: 1 });
  try {
    const app = createApp({
      sql,
      registry: new Registry(),
      logger: createLogger({ service: "api", write: (line) => lines.push(line) }),
      limits: { defaultLimit: 100, maxLimit: 1000 },
    });
    const response = await app.request(`/tokens/balances?address=${ALICE}`);
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), {
      error: { code: "service_unavailable", message: "The database is unavailable" },
    });
    assert.equal(lines.length, 1);
    assert.equal((await app.request("/ready")).status, 503);
    assert.equal((await app.request("/health")).status, 200);
  } finally {
    await sql.end({ timeout: 1 });
  }
});
