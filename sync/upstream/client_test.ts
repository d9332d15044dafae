import assert from "node:assert/strict";
import { FatalError, RetryableError } from "../../shared/retry.ts";
import { createTxIndexerClient } from "./client.ts";

type Answer = { status: number; body: unknown };

/** A scripted upstream: answers in order, recording which URL each request went to. */
function scripted(answers: Answer[]) {
  const urls: string[] = [];
  const bodies: { query: string; variables: unknown }[] = [];
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    urls.push(String(input));
    bodies.push(JSON.parse(String(init?.body ?? "{}")));
    const next = answers.shift() ?? { status: 500, body: {} };
    return Promise.resolve(
      new Response(JSON.stringify(next.body), {
        status: next.status,
        headers: { "content-type": "application/json" },
      }),
    );
  };
  return { urls, bodies, fetch: fetch as typeof globalThis.fetch };
}

const options = { timeoutMs: 1_000, backoffBaseMs: 1, backoffMaxMs: 2 };

Deno.test("429 and 5xx are retried on the next URL", async () => {
  const upstream = scripted([
    { status: 429, body: {} },
    { status: 503, body: {} },
    { status: 200, body: { data: { latestBlockHeight: 42 } } },
  ]);
  const client = createTxIndexerClient({
    ...options,
    urls: ["http://a", "http://b"],
    fetch: upstream.fetch,
  });
  assert.equal(await client.latestBlockHeight(), 42);
  assert.deepEqual(upstream.urls, [
    "http://a/graphql/query",
    "http://b/graphql/query",
    "http://a/graphql/query",
  ]);
});

Deno.test("an upstream that keeps failing ends in a retryable error", async () => {
  const upstream = scripted([]);
  const client = createTxIndexerClient({
    ...options,
    urls: ["http://a"],
    attemptsPerCall: 3,
    fetch: upstream.fetch,
  });
  await assert.rejects(client.latestBlockHeight(), RetryableError);
  assert.equal(upstream.urls.length, 3);
});

Deno.test("a query the upstream refuses as invalid is fatal", async () => {
  const upstream = scripted([{ status: 422, body: { errors: [{ message: "Unknown field" }] } }]);
  const client = createTxIndexerClient({ ...options, urls: ["http://a"], fetch: upstream.fetch });
  await assert.rejects(client.latestBlockHeight(), FatalError);
});

const tx = (height: number, index: number) => ({
  hash: `h${height}-${index}`,
  index,
  block_height: height,
  success: true,
  messages: [],
  response: { events: [] },
});
const CAP = { message: "max elements per query reached (10000)" };

Deno.test("a capped answer comes back as it came, marked capped, in one request", async () => {
  const upstream = scripted([
    { status: 200, body: { data: { getTransactions: [tx(5, 0), tx(5, 1)] }, errors: [CAP] } },
  ]);
  const client = createTxIndexerClient({ ...options, urls: ["http://a"], fetch: upstream.fetch });
  const page = await client.transactions({ from: 5, to: 6 });
  assert.equal(page.capped, true);
  assert.deepEqual(page.items.map((t) => t.hash), ["h5-0", "h5-1"]);
  assert.equal(upstream.bodies.length, 1);
});

Deno.test("height 0 is asked without a lower bound, never with a negative one", async () => {
  const upstream = scripted([
    { status: 200, body: { data: { getBlocks: [] } } },
    { status: 200, body: { data: { getTransactions: null } } },
    { status: 200, body: { data: { getTransactions: null } } },
  ]);
  const client = createTxIndexerClient({ ...options, urls: ["http://a"], fetch: upstream.fetch });
  await client.blocks({ from: 0, to: 9 });
  await client.transactions({ from: 0, to: 9 });
  await client.transactions({ from: 1, to: 9 });
  assert.deepEqual(upstream.bodies.map((b) => b.variables), [
    { after: null, before: 10 },
    { after: null, before: 10 },
    { after: 0, before: 10 },
  ]);
});

Deno.test("a block beyond the cap is read whole, continuing by index within it", async () => {
  const upstream = scripted([
    { status: 200, body: { data: { getTransactions: [tx(7, 0), tx(7, 1)] }, errors: [CAP] } },
    { status: 200, body: { data: { getTransactions: [tx(7, 2), tx(7, 3)] }, errors: [CAP] } },
    { status: 200, body: { data: { getTransactions: [tx(7, 4)] } } },
  ]);
  const client = createTxIndexerClient({ ...options, urls: ["http://a"], fetch: upstream.fetch });
  const txs = await client.blockTransactions(7);
  assert.deepEqual(txs.map((t) => t.index), [0, 1, 2, 3, 4]);
  assert.deepEqual(upstream.bodies.map((b) => b.variables), [
    { after: 6, before: 8 },
    { height: 7, after: 1 },
    { height: 7, after: 3 },
  ]);
  assert.match(
    upstream.bodies[1].query,
    /block_height: \{ eq: \$height \}, index: \{ gt: \$after \}/,
  );
});

Deno.test("an error other than the cap is not taken as data", async () => {
  const upstream = scripted([
    { status: 200, body: { data: { getTransactions: [] }, errors: [{ message: "boom" }] } },
  ]);
  const client = createTxIndexerClient({
    ...options,
    urls: ["http://a"],
    attemptsPerCall: 1,
    fetch: upstream.fetch,
  });
  await assert.rejects(client.transactions({ from: 1, to: 2 }), /boom/);
});

Deno.test("a malformed transaction is refused with the field named", async () => {
  const upstream = scripted([
    {
      status: 200,
      body: { data: { getTransactions: [{ hash: "x", index: -1 }] } },
    },
  ]);
  const client = createTxIndexerClient({ ...options, urls: ["http://a"], fetch: upstream.fetch });
  await assert.rejects(client.transactions({ from: 1, to: 2 }), /malformed transaction.*index/);
});
