/**
 * The performance benchmarks (docs/performance.md) against the devnet, real PostgreSQL and real ElasticMQ:
 * `deno task bench [--backfill] [--latency] [--api] [--events n] [--processors n] ...`.
 * With no benchmark named, all run. Memory (benchmark 4) is measured during the backfill.
 * Prints a table and writes bench/last_run.json. Needs DATABASE_URL and SQS_ENDPOINT
 * (`deno task bench` starts throwaway ones through scripts/with_services.ts).
 */
import { parseArgs } from "node:util";
import { processorConfigSchema, syncConfigSchema } from "../shared/config/mod.ts";
import { runApiLoad } from "./api_load.ts";
import { runBackfill } from "./backfill.ts";
import { runHeadLatency } from "./head_latency.ts";
import { formatTable } from "./table.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    backfill: { type: "boolean" },
    latency: { type: "boolean" },
    api: { type: "boolean" },
    events: { type: "string" },
    processors: { type: "string" },
    "window-blocks": { type: "string" },
    concurrency: { type: "string" },
    pollers: { type: "string" },
    "latency-seconds": { type: "string" },
    balances: { type: "string" },
    transfers: { type: "string" },
    "api-seconds": { type: "string" },
    connections: { type: "string" },
    "keep-database": { type: "boolean" },
  },
});

const setting = (flag: string, env: string, fallback: number): number => {
  const raw = (values as Record<string, string | undefined>)[flag] ?? Deno.env.get(env);
  return raw === undefined ? fallback : Number(raw);
};

const baseUrl = Deno.env.get("DATABASE_URL");
const sqsEndpoint = Deno.env.get("SQS_ENDPOINT");
if (!baseUrl || !sqsEndpoint) {
  console.error("DATABASE_URL and SQS_ENDPOINT must be set (deno task bench sets them)");
  Deno.exit(2);
}
const all = !values.backfill && !values.latency && !values.api;
const logDir = await Deno.makeTempDir({ prefix: "grc20-bench-" });
console.error(`bench: service logs in ${logDir}`);

/** A service setting's own default (shared/config), which the benchmark runs unless told. */
const defaultOf = (field: { parse(value: undefined): number }) => field.parse(undefined);
const { SYNC_WINDOW_BLOCKS, SYNC_CONCURRENCY } = syncConfigSchema.shape;
const { PROCESSOR_POLLERS } = processorConfigSchema.shape;
const serviceEnv: Record<string, string> = {
  SYNC_WINDOW_BLOCKS: String(
    setting("window-blocks", "BENCH_WINDOW_BLOCKS", defaultOf(SYNC_WINDOW_BLOCKS)),
  ),
  SYNC_CONCURRENCY: String(
    setting("concurrency", "BENCH_CONCURRENCY", defaultOf(SYNC_CONCURRENCY)),
  ),
  PROCESSOR_POLLERS: String(setting("pollers", "BENCH_POLLERS", defaultOf(PROCESSOR_POLLERS))),
};

const report: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  machine: machine(),
};

if (all || values.backfill) {
  report.backfill = await runBackfill({
    baseUrl,
    sqsEndpoint,
    logDir,
    events: setting("events", "BENCH_EVENTS", 2_000_000),
    processors: setting("processors", "BENCH_PROCESSORS", 1),
    env: serviceEnv,
    keepDatabase: values["keep-database"] ?? false,
  });
}
if (all || values.latency) {
  report.headLatency = await runHeadLatency({
    baseUrl,
    sqsEndpoint,
    logDir,
    seconds: setting("latency-seconds", "BENCH_LATENCY_SECONDS", 60),
    env: serviceEnv,
  });
}
if (all || values.api) {
  report.api = await runApiLoad({
    baseUrl,
    logDir,
    balances: setting("balances", "BENCH_BALANCES", 1_000_000),
    transfers: setting("transfers", "BENCH_TRANSFERS", 10_000_000),
    seconds: setting("api-seconds", "BENCH_API_SECONDS", 20),
    connections: setting("connections", "BENCH_CONNECTIONS", 64),
  });
}
report.finishedAt = new Date().toISOString();

console.log(formatTable(report));
const path = new URL("./last_run.json", import.meta.url);
await Deno.writeTextFile(path, JSON.stringify(report, null, 2) + "\n");
console.error(`bench: report written to ${path.pathname}`);

function machine() {
  const cpu = Deno.readTextFileSync("/proc/cpuinfo").match(/model name\s*:\s*(.*)/)?.[1] ?? "";
  return {
    cpus: navigator.hardwareConcurrency,
    cpuModel: cpu,
    memoryGiB: Math.round(Deno.systemMemoryInfo().total / 2 ** 30),
    loadAverageAtStart: Deno.loadavg(),
    deno: Deno.version.deno,
  };
}
