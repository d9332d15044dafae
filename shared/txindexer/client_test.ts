import assert from "node:assert/strict";
import { FatalError, RetryableError } from "../retry.ts";
import { createTxIndexerClient } from "./client.ts";

type Answer = { status: number; body: unknown };

/** A scripted upstream: answers in order, recording which URL each request went to. */
function scripted(answers: Answer[]) {
  const urls: string[] = [];
  const fetch = (input: string | URL | Request) => {
    urls.push(String(input));
    const next = answers.shift() ?? { status: 500, body: {} };
    return Promise.resolve(
      new Response(JSON.stringify(next.body), {
        status: next.status,
        headers: { "content-type": "application/json" },
      }),
    );
  };
  return { urls, fetch: fetch as typeof globalThis.fetch };
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

Deno.test("a capped answer is continued from its last transaction", async () => {
  const tx = (height: number, index: number) => ({
    hash: `h${height}-${index}`,
    index,
    block_height: height,
    success: true,
    messages: [],
    response: { events: [] },
  });
  const upstream = scripted([
    {
      status: 200,
      body: {
        data: { getTransactions: [tx(5, 0), tx(5, 1)] },
        errors: [{ message: "max elements per query reached (10000)" }],
      },
    },
    { status: 200, body: { data: { getTransactions: [tx(5, 2), tx(6, 0)] } } },
  ]);
  const client = createTxIndexerClient({ ...options, urls: ["http://a"], fetch: upstream.fetch });
  const result = await client.getTransactions(5, 6);
  assert.equal(result.capped, true);
  assert.deepEqual(result.items.map((t) => t.hash), ["h5-0", "h5-1", "h5-2", "h6-0"]);
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
  await assert.rejects(client.getTransactions(1, 2), /boom/);
});

Deno.test("a malformed transaction is refused with the field named", async () => {
  const upstream = scripted([
    {
      status: 200,
      body: { data: { getTransactions: [{ hash: "x", index: -1 }] } },
    },
  ]);
  const client = createTxIndexerClient({ ...options, urls: ["http://a"], fetch: upstream.fetch });
  await assert.rejects(client.getTransactions(1, 2), /malformed transaction.*index/);
});
