/**
 * The pipeline as separate processes, the way it runs in production: the devnet (upstream),
 * sync, one or more processors and, when asked, the API, against one fresh database and fresh
 * queues on the given PostgreSQL and ElasticMQ.
 */
import { freePort, waitForPort } from "../scripts/services/free_port.ts";
import { warmUpDevnet } from "./devnet_warm_up.ts";
import { PROCESSOR_V8_FLAGS } from "../processor/v8_flags.ts";
import { SYNC_V8_FLAGS } from "../sync/v8_flags.ts";
import { type BenchProcess, spawnDeno } from "./process.ts";
import { DeleteQueueCommand, GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";

export interface PipelineOptions {
  databaseUrl: string;
  sqsEndpoint: string;
  logDir: string;
  /** Devnet flags, e.g. ["--events", "200000"]. */
  devnetArgs: string[];
  processors: number;
  api: boolean;
  /** Request the whole chain once before the services start (devnet with --cached-items). */
  warmUpDevnet?: boolean;
  /** Extra environment for sync and processors (window size, concurrency, pollers). */
  env?: Record<string, string>;
}

export interface Pipeline {
  devnetUrl: string;
  devnetHead: number;
  /** performance.now() when the first service was spawned: the clock of a backfill. */
  servicesStartedAt: number;
  apiUrl?: string;
  devnet: BenchProcess;
  /** The services under measurement (not the devnet). */
  services: BenchProcess[];
  stop(): Promise<void>;
}

const ROOT = new URL("..", import.meta.url).pathname;

/** V8 flags for the measured services, e.g. BENCH_V8_FLAGS=--max-old-space-size=128. */
const V8_FLAGS = Deno.env.get("BENCH_V8_FLAGS");
const v8 = V8_FLAGS ? [`--v8-flags=${V8_FLAGS}`] : [];
/** Each service runs with the V8 flags of its deno task unless BENCH_V8_FLAGS overrides them. */
const syncV8 = V8_FLAGS ? v8 : [`--v8-flags=${SYNC_V8_FLAGS}`];
const processorV8 = V8_FLAGS ? v8 : [`--v8-flags=${PROCESSOR_V8_FLAGS}`];

export async function startDevnet(args: string[], logDir: string) {
  const port = freePort();
  const devnet = spawnDeno(
    "devnet",
    ["run", "-A", `${ROOT}devnet/main.ts`, "--port", String(port), ...args],
    {},
    logDir,
  );
  const line = await devnet.waitForLine(/devnet_listening/, 600_000);
  const { url, head } = JSON.parse(line) as { url: string; head: number };
  return { devnet, url, head };
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const { devnet, url, head } = await startDevnet(options.devnetArgs, options.logDir);
  if (options.warmUpDevnet) await warmUpDevnet(url, head);
  const queueSuffix = crypto.randomUUID().slice(0, 8);
  const common = {
    DATABASE_URL: options.databaseUrl,
    SQS_ENDPOINT: options.sqsEndpoint,
    SQS_QUEUE_NAME: `bench-${queueSuffix}`,
    SQS_DLQ_NAME: `bench-${queueSuffix}-dlq`,
    AWS_ACCESS_KEY_ID: "x",
    AWS_SECRET_ACCESS_KEY: "x",
    LOG_LEVEL: "warn",
    ...options.env,
  };
  const services: BenchProcess[] = [];
  const ports: [number, string][] = [];
  const started = (process: BenchProcess, port: number) => {
    services.push(process);
    ports.push([port, process.name]);
  };
  // The processors create the queues too; sync first so migration happens once at a time.
  const servicesStartedAt = performance.now();
  const syncPort = freePort();
  started(
    spawnDeno("sync", ["run", "-A", ...syncV8, "--unstable-kv", `${ROOT}sync/main.ts`], {
      ...common,
      TX_INDEXER_URLS: url,
      SYNC_PORT: String(syncPort),
      SYNC_KV_PATH: `${options.logDir}/sync.kv`,
    }, options.logDir),
    syncPort,
  );
  await waitForPort(syncPort, "sync");
  for (let i = 0; i < options.processors; i++) {
    const port = freePort();
    started(
      spawnDeno(
        `processor${options.processors > 1 ? i + 1 : ""}`,
        [
          "run",
          "-A",
          ...processorV8,
          `${ROOT}processor/main.ts`,
        ],
        { ...common, PROCESSOR_PORT: String(port) },
        options.logDir,
      ),
      port,
    );
  }
  let apiUrl: string | undefined;
  if (options.api) {
    const port = freePort();
    started(
      spawnDeno("api", ["run", "-A", `${ROOT}api/main.ts`], {
        DATABASE_URL: options.databaseUrl,
        API_PORT: String(port),
        API_HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        API_CURSOR_SECRET: "bench-cursor-secret-0123456789",
      }, options.logDir),
      port,
    );
    apiUrl = `http://127.0.0.1:${port}`;
  }
  for (const [port, name] of ports) await waitForPort(port, name);
  return {
    devnetUrl: url,
    devnetHead: head,
    servicesStartedAt,
    apiUrl,
    devnet,
    services,
    async stop() {
      await Promise.all(services.map((s) => s.stop()));
      await devnet.stop();
      await deleteQueues(options.sqsEndpoint, [common.SQS_QUEUE_NAME, common.SQS_DLQ_NAME]);
    },
  };
}

/**
 * Removes a run's queues: ElasticMQ holds a deleted message's body until a later receive passes
 * its visibility timeout, so a queue nobody reads again would keep a backfill's last bodies in
 * its heap for good, and repeated runs would fill it.
 */
async function deleteQueues(endpoint: string, names: string[]): Promise<void> {
  const client = new SQSClient({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  try {
    for (const name of names) {
      const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }));
      await client.send(new DeleteQueueCommand({ QueueUrl }));
    }
  } catch (error) {
    console.error(`Could not delete the benchmark's queues: ${(error as Error).message}`);
  } finally {
    client.destroy();
  }
}
