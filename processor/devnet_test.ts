/**
 * End to end through the real pieces except the synchronizer: the devnet's transactions over
 * GraphQL, the shared parser, packing, ElasticMQ, the consumer, PostgreSQL; the balances must
 * equal the devnet's own truth, which is computed independently of the product code.
 */
import assert from "node:assert/strict";
import { startDevnet } from "../devnet/mod.ts";
import { appliedHeight, balancesOf, publishWindow, setSyncCheckpoint } from "./apply_fixtures.ts";
import {
  DEFAULT_GRC20_LIBRARY_PATHS,
  parseTransaction,
  type TokenEvent,
  type UpstreamTransaction,
  upstreamTransactionSchema,
} from "../shared/events/mod.ts";
import { silentLogger } from "../shared/log.ts";
import { packMessages } from "../shared/message_pack.ts";
import { Registry } from "../shared/metrics.ts";
import { createTestDatabase } from "../shared/testing/database.ts";
import { createTestQueue } from "../shared/testing/queue.ts";
import { createConsumer } from "./consumer.ts";

const WINDOW_BLOCKS = 50;

/** The heights from..to; height 0 has no lower bound (tx-indexer reads `gt: -1` as 2^64-1). */
function transactionsQuery(from: number, to: number): string {
  const after = from === 0 ? "" : `gt: ${from - 1}, `;
  return `{ getTransactions(where: { block_height: { ${after}lt: ${to + 1} } }) {
    hash index block_height success
    messages { value { __typename ... on MsgCall { pkg_path func caller } } }
    response { events { __typename ... on GnoEvent { type pkg_path attrs { key value } } } } } }`;
}

async function fetchTransactions(url: string, from: number, to: number) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: transactionsQuery(from, to) }),
  });
  const body = await response.json();
  if (body.errors?.length) throw new Error(`Devnet query failed: ${body.errors[0].message}`);
  return (body.data.getTransactions as unknown[]).map((tx): UpstreamTransaction =>
    upstreamTransactionSchema.parse(tx)
  );
}

Deno.test("devnet transactions parsed, queued and consumed give the devnet's balances", async () => {
  const devnet = await startDevnet({ seed: "processor-e2e", events: 3_000 });
  try {
    await using db = await createTestDatabase();
    await using q = await createTestQueue();
    const head = devnet.head();
    let eventCount = 0;
    for (let from = 0; from <= head; from += WINDOW_BLOCKS) {
      const window = { from, to: Math.min(head, from + WINDOW_BLOCKS - 1) };
      const events: TokenEvent[] = [];
      for (const tx of await fetchTransactions(devnet.graphqlUrl, window.from, window.to)) {
        events.push(...parseTransaction(tx, { libraryPaths: DEFAULT_GRC20_LIBRARY_PATHS }).events);
      }
      const bodies = packMessages(window, events, { limitBytes: 20_000 });
      await publishWindow(db.sql, window, bodies.length);
      await q.queue.send(bodies);
      eventCount += events.length;
    }
    await setSyncCheckpoint(db.sql, head);
    assert.equal(eventCount, devnet.truth(head).movements.length);

    const consumer = createConsumer({
      sql: db.sql,
      queue: q.queue,
      logger: silentLogger,
      metrics: new Registry(),
      pollers: 3,
      waitSeconds: 1,
      maxMessages: 10,
    });
    const controller = new AbortController();
    const running = consumer.run(controller.signal);
    const deadline = Date.now() + 30_000;
    while ((await appliedHeight(db.sql)) < head && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    controller.abort();
    await running;

    assert.equal(await appliedHeight(db.sql), head);
    const expected = new Map(
      [...devnet.truth(head).balances].map(([key, amount]) => {
        const [tokenId, address] = key.split("\u0000");
        return [`${address}|${tokenId}`, amount];
      }),
    );
    assert.ok(expected.size > 0);
    assert.deepEqual(await balancesOf(db.sql), expected);
    assert.equal(consumer.metrics.eventsApplied.get(), eventCount);
  } finally {
    await devnet.close();
  }
});
