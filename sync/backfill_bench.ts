/**
 * Backfill throughput against an in-process devnet, real PostgreSQL and ElasticMQ:
 * `deno run -A --unstable-kv sync/backfill_bench.ts [events]` (DATABASE_URL, SQS_ENDPOINT set).
 * The devnet shares the CPU with the synchronizer, so the numbers are a lower bound.
 */
import { createHarness, until } from "./test_harness.ts";

const events = Number(Deno.args[0] ?? 100_000);
await using h = await createHarness({
  seed: "bench",
  events,
  txsPerBlock: { min: 5, max: 30 },
});
const head = h.devnet.head();
const started = performance.now();
const run = await h.start({ windowBlocks: 1000, concurrency: 4 });
await until(() => run.sync.state().checkpoint === head, "the head", 600_000);
const seconds = (performance.now() - started) / 1000;
const published = run.metrics.events.get();
console.log(JSON.stringify({
  blocks: head + 1,
  transactions: run.metrics.transactions.get(),
  events: published,
  seconds: Number(seconds.toFixed(2)),
  blocksPerSecond: Math.round((head + 1) / seconds),
  eventsPerSecond: Math.round(published / seconds),
}));
