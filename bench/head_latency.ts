/**
 * Benchmark 2: the devnet live at one block per second; for every new block, the time from the
 * devnet making it visible to queries (its own clock, /_devnet/visible-at) to the API reporting
 * it applied (a response's consistentThrough reaching the height: the API's own promise that the
 * block's balance changes are visible). The API is polled every few milliseconds.
 */
import postgres from "postgres";
import { createDatabase, dropDatabase } from "./database.ts";
import { startPipeline } from "./pipeline.ts";

export interface HeadLatencyOptions {
  baseUrl: string;
  sqsEndpoint: string;
  logDir: string;
  seconds: number;
  env: Record<string, string>;
}

export interface HeadLatencyReport {
  blocks: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  pollEveryMs: number;
}

const POLL_MS = 5;

export async function runHeadLatency(options: HeadLatencyOptions): Promise<HeadLatencyReport> {
  const name = "bench_latency";
  const url = await createDatabase(options.baseUrl, name);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const pipeline = await startPipeline({
    databaseUrl: url,
    sqsEndpoint: options.sqsEndpoint,
    logDir: options.logDir,
    devnetArgs: ["--blocks", "200", "--live-ms", "1000", "--seed", "latency"],
    processors: 1,
    api: true,
    env: { ...options.env, PROCESSOR_WAIT_SECONDS: "20" },
  });
  try {
    const consistent = async () => {
      const response = await fetch(`${pipeline.apiUrl}/tokens/transfer-history?limit=1`);
      if (!response.ok) {
        await response.body?.cancel();
        return -1;
      }
      const body = await response.json() as { consistentThrough: number };
      return body.consistentThrough;
    };
    // Catch up with the initial chain first; only blocks made live afterwards are measured.
    let height = -1;
    const deadline = Date.now() + 120_000;
    while (height < pipeline.devnetHead + 2) {
      if (Date.now() > deadline) throw new Error("the pipeline did not catch up with the devnet");
      height = await consistent().catch(() => -1);
      await new Promise((r) => setTimeout(r, 50));
    }
    const firstMeasured = height + 1;
    const seenAt = new Map<number, number>();
    const until = Date.now() + options.seconds * 1000;
    while (Date.now() < until) {
      const now = await consistent().catch(() => -1);
      const at = Date.now();
      for (let h = Math.max(height + 1, firstMeasured); h <= now; h++) seenAt.set(h, at);
      height = Math.max(height, now);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const latencies: number[] = [];
    for (const [h, at] of seenAt) {
      const response = await fetch(`${pipeline.devnetUrl}/_devnet/visible-at?height=${h}`);
      const { visibleAt } = await response.json() as { visibleAt: number | null };
      if (visibleAt !== null) latencies.push(at - visibleAt);
    }
    latencies.sort((a, b) => a - b);
    if (latencies.length === 0) throw new Error("no live block was measured");
    const pick = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    return {
      blocks: latencies.length,
      p50Ms: pick(0.5),
      p90Ms: pick(0.9),
      p99Ms: pick(0.99),
      maxMs: latencies[latencies.length - 1],
      pollEveryMs: POLL_MS,
    };
  } finally {
    await pipeline.stop();
    await sql.end();
    await dropDatabase(options.baseUrl, name);
  }
}
