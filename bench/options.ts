/**
 * The benchmark command line, read before anything starts: `--help` and a mistyped option answer
 * at once instead of after PostgreSQL and ElasticMQ have come up.
 */
import { parseArgs } from "node:util";

export const USAGE = `Usage: deno task bench [benchmarks] [options]

Benchmarks (all run when none is named; docs/performance.md says what each measures):
  --backfill            devnet backfill through sync, ElasticMQ and the processor (+ memory)
  --latency             head latency: a new block to its balances on the API
  --api                 API throughput and latency under wrk (apt-get install wrk)

Options (each also read from the environment variable shown):
  --events N            backfill size in events                  BENCH_EVENTS     2000000
  --processors N        processor processes in the backfill      BENCH_PROCESSORS 1
  --window-blocks N     SYNC_WINDOW_BLOCKS for the run           BENCH_WINDOW_BLOCKS
  --concurrency N       SYNC_CONCURRENCY for the run             BENCH_CONCURRENCY
  --pollers N           PROCESSOR_POLLERS for the run            BENCH_POLLERS
  --latency-seconds N   length of the head-latency run           BENCH_LATENCY_SECONDS 60
  --balances N          balances in the API data set             BENCH_BALANCES   1000000
  --transfers N         transfers in the API data set            BENCH_TRANSFERS  10000000
  --api-seconds N       length of each API scenario              BENCH_API_SECONDS 20
  --connections N       concurrent API connections               BENCH_CONNECTIONS 64
  --report FILE         where the JSON report goes               bench/last_run.json
  --keep-database       keep the backfill database afterwards
  --help                this text

DATABASE_URL and SQS_ENDPOINT name the PostgreSQL and ElasticMQ to use; without them the
benchmark starts throwaway local ones and stops them afterwards.`;

export type Benchmark = "backfill" | "latency" | "api";

export interface BenchOptions {
  benchmarks: Benchmark[];
  /** Numeric settings by option name; undefined where the service default applies. */
  numbers: Record<NumericOption, number | undefined>;
  report: string;
  keepDatabase: boolean;
}

const NUMERIC = {
  events: "BENCH_EVENTS",
  processors: "BENCH_PROCESSORS",
  "window-blocks": "BENCH_WINDOW_BLOCKS",
  concurrency: "BENCH_CONCURRENCY",
  pollers: "BENCH_POLLERS",
  "latency-seconds": "BENCH_LATENCY_SECONDS",
  balances: "BENCH_BALANCES",
  transfers: "BENCH_TRANSFERS",
  "api-seconds": "BENCH_API_SECONDS",
  connections: "BENCH_CONNECTIONS",
} as const;
export type NumericOption = keyof typeof NUMERIC;

export type ParsedCommand =
  | { kind: "run"; options: BenchOptions }
  | { kind: "help" }
  | { kind: "error"; message: string };

export function parseBenchArgs(
  args: string[],
  env: Record<string, string | undefined> = {},
): ParsedCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        backfill: { type: "boolean" },
        latency: { type: "boolean" },
        api: { type: "boolean" },
        "keep-database": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        report: { type: "string" },
        ...Object.fromEntries(
          Object.keys(NUMERIC).map((name) => [name, { type: "string" as const }]),
        ),
      },
    }));
  } catch (error) {
    return { kind: "error", message: (error as Error).message };
  }
  if (values.help) return { kind: "help" };

  const numbers = {} as BenchOptions["numbers"];
  for (const [name, variable] of Object.entries(NUMERIC) as [NumericOption, string][]) {
    const raw = (values[name] as string | undefined) ?? (env[variable]?.trim() || undefined);
    if (raw === undefined) {
      numbers[name] = undefined;
      continue;
    }
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
      const source = values[name] === undefined ? variable : `--${name}`;
      return { kind: "error", message: `${source} must be a positive integer, not "${raw}"` };
    }
    numbers[name] = value;
  }

  const named = (["backfill", "latency", "api"] as const).filter((name) => values[name]);
  return {
    kind: "run",
    options: {
      benchmarks: named.length > 0 ? named : ["backfill", "latency", "api"],
      numbers,
      report: (values.report as string | undefined) ??
        new URL("./last_run.json", import.meta.url).pathname,
      keepDatabase: values["keep-database"] === true,
    },
  };
}
