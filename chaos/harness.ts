/**
 * The chaos harness: its own PostgreSQL and ElasticMQ (so a scenario can restart them), an
 * in-process devnet (so it can inject faults), and the product services as separate processes
 * pointed at them. Scenarios kill and restart those processes and end with `verify()`.
 */
import { type Devnet, type DevnetOptions, startDevnet } from "../devnet/mod.ts";
import { createDatabase, type Sql } from "../shared/db/mod.ts";
import { freePort } from "../scripts/services/free_port.ts";
import { type LocalServices, startLocalServices } from "../scripts/services/local.ts";
import { bySize } from "./size.ts";
import { createServiceProcess, type ServiceKind, type ServiceProcess } from "./service_process.ts";
import { type Verified, verifyApiSample, verifyDatabase } from "./verify.ts";

export interface ChaosOptions {
  devnet: DevnetOptions;
  /** Extra environment for every service of a kind. */
  env?: Partial<Record<ServiceKind, Record<string, string>>>;
  /**
   * Run the services with their own defaults, as a user would: only where to find the
   * dependencies and which ports to use are set (default false: timings tuned for faults).
   */
  productDefaults?: boolean;
}

export interface Chaos {
  devnet: Devnet;
  services: LocalServices;
  /** The harness's own pool, for checks. */
  sql: Sql;
  logDir: string;
  processes: ServiceProcess[];
  /** Starts a service process; names default to kind-N. */
  start(
    kind: ServiceKind,
    options?: { name?: string; env?: Record<string, string> },
  ): ServiceProcess;
  /** The API's base URL (the first api process started). */
  apiUrl(): string;
  /** applied_height from the database, or -1 while it cannot be read. */
  appliedHeight(): Promise<number>;
  /** Waits until the process answers /health on its port. */
  waitHealthy(service: ServiceProcess, timeoutMs?: number): Promise<number>;
  /** Waits until everything up to `height` (the devnet head) is applied; returns seconds waited. */
  waitConsistent(options?: { height?: number; timeoutMs?: number }): Promise<number>;
  /** Compares the database (and the API, if running) with the devnet's truth at its head. */
  verify(): Promise<Verified>;
  /** SIGTERMs every running service (waits for their exits). */
  stopAll(): Promise<void>;
  /** Logs of every service, for a failure message. */
  logs(lines?: number): Promise<string>;
  close(): Promise<void>;
}

const CURSOR_SECRET = "chaos-cursor-secret-0123456789";

export async function startChaos(options: ChaosOptions): Promise<Chaos> {
  const services = await startLocalServices();
  const devnet = await startDevnet(options.devnet);
  const logDir = await Deno.makeTempDir({ prefix: "grc20-chaos-" });
  const sql = createDatabase({ url: services.env.DATABASE_URL, max: 2 });
  const processes: ServiceProcess[] = [];
  const counts: Record<ServiceKind, number> = { sync: 0, processor: 0, api: 0 };
  let apiUrl: string | undefined;

  const connections = {
    ...services.env,
    AWS_ACCESS_KEY_ID: "chaos",
    AWS_SECRET_ACCESS_KEY: "chaos",
  };
  const common = options.productDefaults ? connections : {
    ...connections,
    LOG_LEVEL: "info",
    DATABASE_POOL_SIZE: "4",
    // Messages of a killed processor come back quickly.
    SQS_VISIBILITY_TIMEOUT_SECONDS: "10",
  };
  // Where the services find their dependencies and keep their files; nothing else is set.
  const productDefaults = (kind: ServiceKind, name: string): Record<string, string> => {
    switch (kind) {
      case "sync":
        return {
          TX_INDEXER_URLS: devnet.url,
          SYNC_PORT: String(freePort()),
          SYNC_KV_PATH: `${logDir}/${name}.kv`,
        };
      case "processor":
        return { PROCESSOR_PORT: String(freePort()) };
      case "api":
        return { API_HOST: "127.0.0.1", API_PORT: String(freePort()) };
    }
  };
  const defaults = (kind: ServiceKind, name: string): Record<string, string> => {
    if (options.productDefaults) return productDefaults(kind, name);
    switch (kind) {
      case "sync":
        return {
          TX_INDEXER_URLS: devnet.url,
          SYNC_PORT: String(freePort()),
          SYNC_WINDOW_BLOCKS: "200",
          SYNC_POLL_INTERVAL_MS: "200",
          SYNC_REQUEST_TIMEOUT_MS: "5000",
          SYNC_REPUBLISH_AFTER_SECONDS: "8",
          SYNC_KV_PATH: `${logDir}/${name}.kv`,
        };
      case "processor":
        return { PROCESSOR_PORT: String(freePort()), PROCESSOR_WAIT_SECONDS: "1" };
      case "api":
        return {
          API_HOST: "127.0.0.1",
          API_PORT: String(freePort()),
          API_CURSOR_SECRET: CURSOR_SECRET,
        };
    }
  };

  const appliedHeight = async () => {
    try {
      const [row] = await sql<{ height: string }[]>`SELECT height::text FROM applied_height`;
      return Number(row.height);
    } catch {
      return -1;
    }
  };

  const chaos: Chaos = {
    devnet,
    services,
    sql,
    logDir,
    processes,
    start(kind, startOptions = {}) {
      const name = startOptions.name ?? `${kind}-${++counts[kind]}`;
      const env: Record<string, string> = {
        ...common,
        ...defaults(kind, name),
        ...options.env?.[kind],
        ...startOptions.env,
      };
      const service = createServiceProcess({ name, kind, env, logDir });
      service.start();
      processes.push(service);
      if (kind === "api" && !apiUrl) apiUrl = `http://127.0.0.1:${env.API_PORT}`;
      return service;
    },
    apiUrl() {
      if (!apiUrl) throw new Error("No API process was started");
      return apiUrl;
    },
    appliedHeight,
    waitHealthy(service, timeoutMs = 60_000) {
      const port = service.env.SYNC_PORT ?? service.env.PROCESSOR_PORT ?? service.env.API_PORT;
      return until(
        async () => {
          try {
            const response = await fetch(`http://127.0.0.1:${port}/health`);
            await response.body?.cancel();
            return response.ok;
          } catch {
            return false;
          }
        },
        `${service.name} healthy`,
        timeoutMs,
      );
    },
    async waitConsistent(waitOptions = {}) {
      const target = waitOptions.height ?? devnet.head();
      const timeoutMs = waitOptions.timeoutMs ?? bySize({ ci: 120_000, full: 900_000 });
      const started = performance.now();
      while ((await appliedHeight()) < target) {
        if (performance.now() - started > timeoutMs) {
          throw new Error(
            `Applied height ${await appliedHeight()} did not reach ${target} within ` +
              `${timeoutMs / 1000} s\n${await chaos.logs(15)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return (performance.now() - started) / 1000;
    },
    async verify() {
      const truth = devnet.truth(devnet.head());
      const verified = await verifyDatabase(sql, truth);
      if (apiUrl && processes.some((p) => p.kind === "api" && p.running())) {
        await verifyApiSample(apiUrl, truth, devnet.accounts.slice(0, 3));
      }
      return verified;
    },
    async stopAll() {
      await Promise.all(processes.filter((p) => p.running()).map((p) => p.kill("SIGTERM")));
    },
    async logs(lines = 30) {
      const parts = await Promise.all(
        processes.map(async (p) => `--- ${p.name} (${p.logFile})\n${await p.tail(lines)}`),
      );
      return parts.join("\n");
    },
    async close() {
      await Promise.all(processes.filter((p) => p.running()).map((p) => p.kill("SIGKILL")));
      await sql.end({ timeout: 1 }).catch(() => {});
      await devnet.close();
      await services.stop();
      if (!Deno.env.get("CHAOS_KEEP_LOGS")) await Deno.remove(logDir, { recursive: true });
    },
  };
  return chaos;
}

/** Waits until `condition` holds, polling every 100 ms. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (performance.now() - started) / 1000;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
