/**
 * The performance benchmarks (docs/performance.md) against the devnet, real PostgreSQL and real
 * ElasticMQ: `deno task bench [--backfill] [--latency] [--api] [options]` (`--help` lists them).
 * With no benchmark named, all run. Memory is measured during the backfill. Prints a table and
 * writes a JSON report (bench/last_run.json unless --report names another file).
 */
import { processorConfigSchema, syncConfigSchema } from "../shared/config/mod.ts";
import { type LocalServices, startLocalServices } from "../scripts/services/local.ts";
import { runApiLoad } from "./api_load.ts";
import { runBackfill } from "./backfill.ts";
import { runHeadLatency } from "./head_latency.ts";
import { parseBenchArgs, USAGE } from "./options.ts";
import { formatTable } from "./table.ts";

const parsed = parseBenchArgs(Deno.args, Deno.env.toObject());
if (parsed.kind === "help") {
  console.log(USAGE);
  Deno.exit(0);
}
if (parsed.kind === "error") {
  console.error(`bench: ${parsed.message} (deno task bench --help lists the options)`);
  Deno.exit(2);
}
const { benchmarks, numbers, report: reportPath, keepDatabase } = parsed.options;
if (benchmarks.includes("api") && !(await hasWrk())) {
  console.error("bench: the API benchmark needs wrk on the PATH (apt-get install wrk)");
  Deno.exit(2);
}

let services: LocalServices | undefined;
let baseUrl = Deno.env.get("DATABASE_URL");
let sqsEndpoint = Deno.env.get("SQS_ENDPOINT");
if (!baseUrl || !sqsEndpoint) {
  services = await startLocalServices();
  ({ DATABASE_URL: baseUrl, SQS_ENDPOINT: sqsEndpoint } = services.env);
  console.error(`bench: started throwaway PostgreSQL and ElasticMQ`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, async () => {
      await services?.stop();
      Deno.exit(130);
    });
  }
}
const logDir = await Deno.makeTempDir({ prefix: "grc20-bench-" });
console.error(`bench: service logs in ${logDir}`);

/** A service setting's own default (shared/config), which the benchmark runs unless told. */
const defaultOf = (field: { parse(value: undefined): number }) => field.parse(undefined);
const { SYNC_WINDOW_BLOCKS, SYNC_CONCURRENCY } = syncConfigSchema.shape;
const { PROCESSOR_POLLERS } = processorConfigSchema.shape;
const serviceEnv: Record<string, string> = {
  SYNC_WINDOW_BLOCKS: String(numbers["window-blocks"] ?? defaultOf(SYNC_WINDOW_BLOCKS)),
  SYNC_CONCURRENCY: String(numbers.concurrency ?? defaultOf(SYNC_CONCURRENCY)),
  PROCESSOR_POLLERS: String(numbers.pollers ?? defaultOf(PROCESSOR_POLLERS)),
};

const report: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  machine: machine(),
};

try {
  if (benchmarks.includes("backfill")) {
    report.backfill = await runBackfill({
      baseUrl,
      sqsEndpoint,
      logDir,
      events: numbers.events ?? 2_000_000,
      processors: numbers.processors ?? 1,
      env: serviceEnv,
      keepDatabase,
    });
  }
  if (benchmarks.includes("latency")) {
    report.headLatency = await runHeadLatency({
      baseUrl,
      sqsEndpoint,
      logDir,
      seconds: numbers["latency-seconds"] ?? 60,
      env: serviceEnv,
    });
  }
  if (benchmarks.includes("api")) {
    report.api = await runApiLoad({
      baseUrl,
      logDir,
      balances: numbers.balances ?? 1_000_000,
      transfers: numbers.transfers ?? 10_000_000,
      seconds: numbers["api-seconds"] ?? 20,
      connections: numbers.connections ?? 64,
    });
  }
} finally {
  await services?.stop();
}
report.finishedAt = new Date().toISOString();

console.log(formatTable(report));
await Deno.writeTextFile(reportPath, JSON.stringify(report, null, 2) + "\n");
console.error(`bench: report written to ${reportPath}`);

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

async function hasWrk(): Promise<boolean> {
  try {
    await new Deno.Command("wrk", { args: ["--version"], stdout: "null", stderr: "null" })
      .output();
    return true;
  } catch {
    return false;
  }
}
