/**
 * Benchmarks 1 and 4: a devnet chain backfilled through sync, ElasticMQ and the processor(s)
 * into balances, timed end to end, with every service's memory sampled; then the ceiling: the
 * same token-event rows loaded with COPY into an identical table (same indexes).
 */
import postgres from "postgres";
import { createDatabase, dropDatabase } from "./database.ts";
import { type MemoryReport, sampleMemory } from "./memory.ts";
import { startPipeline } from "./pipeline.ts";

export interface BackfillOptions {
  baseUrl: string;
  sqsEndpoint: string;
  logDir: string;
  events: number;
  processors: number;
  env: Record<string, string>;
  keepDatabase: boolean;
}

export interface BackfillReport {
  events: number;
  blocks: number;
  transactions: number;
  seconds: number;
  eventsPerSecond: number;
  blocksPerSecond: number;
  copySeconds: number;
  copyEventsPerSecond: number;
  ratioToCopy: number;
  memory: Record<string, MemoryReport>;
  /** CPU time of the PostgreSQL backends serving each service (those still connected). */
  postgresCpuSeconds: Record<string, number>;
  processors: number;
  env: Record<string, string>;
}

export async function runBackfill(options: BackfillOptions): Promise<BackfillReport> {
  // BENCH_DATABASE lets two benchmark runs share one PostgreSQL without dropping each other.
  const name = Deno.env.get("BENCH_DATABASE") ?? "bench_backfill";
  const url = await createDatabase(options.baseUrl, name);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const pipeline = await startPipeline({
      databaseUrl: url,
      sqsEndpoint: options.sqsEndpoint,
      logDir: options.logDir,
      // The chain is served from the devnet's cache, warmed before the clock starts.
      devnetArgs: ["--events", String(options.events), "--seed", "bench", "--cached-items", "1e8"],
      warmUpDevnet: true,
      processors: options.processors,
      api: false,
      env: options.env,
    });
    const memory = sampleMemory([...pipeline.services, pipeline.devnet]);
    const head = pipeline.devnetHead;
    let seconds = 0;
    let report: Record<string, MemoryReport>;
    let postgresCpu: Record<string, number> = {};
    try {
      let lastLog = 0;
      while (true) {
        const [{ height, checkpoint }] = await sql<{ height: string; checkpoint: string }[]>`
          SELECT (SELECT height FROM applied_height)::text AS height,
            (SELECT last_height FROM sync_state WHERE component = 'sync')::text AS checkpoint`
          .catch(() => [{ height: "-1", checkpoint: "-1" }]);
        if (Number(height) >= head) break;
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          console.error(
            `backfill: synced through ${checkpoint}, applied through ${height}, of ${head}`,
          );
        }
        for (const service of pipeline.services) {
          try {
            Deno.readTextFileSync(`/proc/${service.pid}/status`);
          } catch {
            throw new Error(`${service.name} died (see ${service.logPath})`);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The devnet builds its chain before listening: the clock starts when the services do,
      // so their start-up (migration, queue creation) is part of the measurement.
      seconds = (performance.now() - pipeline.servicesStartedAt) / 1000;
      postgresCpu = await postgresCpuSeconds(sql);
    } finally {
      report = memory.stop();
      await pipeline.stop();
    }
    const [counts] = await sql<{ events: string; blocks: string; transactions: string }[]>`
      SELECT (SELECT count(*) FROM token_events)::text AS events,
        (SELECT count(*) FROM blocks)::text AS blocks,
        (SELECT count(*) FROM transactions)::text AS transactions`;
    const events = Number(counts.events);
    const blocks = Number(counts.blocks);
    const copySeconds = await copyCeiling(sql);
    const eventsPerSecond = Math.round(events / seconds);
    const copyEventsPerSecond = Math.round(events / copySeconds);
    return {
      events,
      blocks,
      transactions: Number(counts.transactions),
      seconds: round(seconds, 2),
      eventsPerSecond,
      blocksPerSecond: Math.round(blocks / seconds),
      copySeconds: round(copySeconds, 2),
      copyEventsPerSecond,
      ratioToCopy: round(eventsPerSecond / copyEventsPerSecond, 3),
      memory: report,
      postgresCpuSeconds: postgresCpu,
      processors: options.processors,
      env: options.env,
    };
  } finally {
    await sql.end();
    if (!options.keepDatabase) await dropDatabase(options.baseUrl, name);
  }
}

/**
 * COPY of the same rows (binary, from a server-side file, so only the load is timed) into an
 * empty table with the same columns, constraints and indexes as token_events.
 */
async function copyCeiling(sql: postgres.Sql): Promise<number> {
  const file = `/tmp/grc20_bench_copy_${crypto.randomUUID()}.bin`;
  await sql.unsafe(`COPY token_events TO '${file}' (FORMAT binary)`);
  await sql`DROP TABLE IF EXISTS copy_ceiling`;
  await sql`CREATE TABLE copy_ceiling (LIKE token_events INCLUDING ALL)`;
  const started = performance.now();
  await sql.unsafe(`COPY copy_ceiling FROM '${file}' (FORMAT binary)`);
  const seconds = (performance.now() - started) / 1000;
  await sql`DROP TABLE copy_ceiling`;
  await Deno.remove(file).catch(() => {});
  return seconds;
}

async function postgresCpuSeconds(sql: postgres.Sql): Promise<Record<string, number>> {
  const backends = await sql<{ pid: number; application_name: string }[]>`
    SELECT pid, application_name FROM pg_stat_activity
    WHERE datname = current_database() AND application_name LIKE 'grc20-%'`;
  const seconds: Record<string, number> = {};
  for (const { pid, application_name } of backends) {
    try {
      const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cpu = (Number(fields[11]) + Number(fields[12])) / 100;
      seconds[application_name] = round((seconds[application_name] ?? 0) + cpu, 2);
    } catch {
      // the backend ended
    }
  }
  return seconds;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
