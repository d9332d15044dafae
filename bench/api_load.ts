/**
 * Benchmark 3: the API under a fixed number of concurrent connections (wrk, from Debian:
 * `apt-get install wrk`), against a database holding the loaded data set (api_data.ts). Each
 * request asks for a different address from a sample of a thousand.
 */
import { freePort, waitForPort } from "../scripts/services/free_port.ts";
import { loadApiData } from "./api_data.ts";
import { spawnDeno } from "./process.ts";

export interface ApiLoadOptions {
  baseUrl: string;
  logDir: string;
  balances: number;
  transfers: number;
  seconds: number;
  connections: number;
}

export interface EndpointResult {
  name: string;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  errors: number;
  /** Whether the API's throughput and latency targets apply (false: measured only). */
  targets: boolean;
}

export interface ApiLoadReport {
  balances: number;
  transfers: number;
  connections: number;
  seconds: number;
  loadSeconds: number;
  endpoints: EndpointResult[];
}

const ROOT = new URL("..", import.meta.url).pathname;

export async function runApiLoad(options: ApiLoadOptions): Promise<ApiLoadReport> {
  const loadStarted = performance.now();
  const data = await loadApiData(options.baseUrl, options);
  const loadSeconds = Math.round((performance.now() - loadStarted) / 100) / 10;
  const port = freePort();
  const api = spawnDeno("api", ["run", "-A", `${ROOT}api/main.ts`], {
    DATABASE_URL: data.url,
    API_PORT: String(port),
    API_HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    API_CURSOR_SECRET: "bench-cursor-secret-0123456789",
  }, options.logDir);
  try {
    await waitForPort(port, "api");
    const base = `http://127.0.0.1:${port}`;
    const endpoints: EndpointResult[] = [];
    const paths: [name: string, path: string, targets: boolean][] = [
      ["balances of an address", "/tokens/balances?address=", true],
      ["transfer history, first page", "/tokens/transfer-history?address=", true],
      [
        `balances of an address at height ${data.middleHeight.toLocaleString("en")}`,
        `/tokens/balances?height=${data.middleHeight}&address=`,
        false,
      ],
    ];
    for (const [name, path, targets] of paths) {
      const check = await fetch(`${base}${path}${data.addresses[0]}`);
      const body = await check.text();
      if (!check.ok) throw new Error(`${name} answered ${check.status}: ${body.slice(0, 300)}`);
      endpoints.push({ ...await runWrk(name, base, path, data.addresses, options), targets });
    }
    return {
      balances: options.balances,
      transfers: options.transfers,
      connections: options.connections,
      seconds: options.seconds,
      loadSeconds,
      endpoints,
    };
  } finally {
    await api.stop();
  }
}

async function runWrk(
  name: string,
  base: string,
  path: string,
  addresses: readonly string[],
  options: ApiLoadOptions,
): Promise<Omit<EndpointResult, "targets">> {
  const script = await Deno.makeTempFile({ dir: options.logDir, suffix: ".lua" });
  await Deno.writeTextFile(
    script,
    `local paths = {${addresses.map((a) => `"${path}${a}"`).join(",")}}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
`,
  );
  const output = await new Deno.Command("wrk", {
    args: [
      "-t2",
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      "--latency",
      "-s",
      script,
      base,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output().catch((error) => {
    throw new Error(`wrk could not run (apt-get install -y wrk): ${error.message}`);
  });
  const text = new TextDecoder().decode(output.stdout);
  await Deno.writeTextFile(`${options.logDir}/wrk-${name.replaceAll(/\W+/g, "_")}.txt`, text);
  const percentile = (p: string) => {
    const match = text.match(new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s)`, "m"));
    if (!match) return NaN;
    const scale = { us: 0.001, ms: 1, s: 1000 }[match[2] as "us" | "ms" | "s"];
    return Math.round(Number(match[1]) * scale * 100) / 100;
  };
  const requests = Number(text.match(/(\d+) requests in/)?.[1] ?? 0);
  const errors = Number(text.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0) +
    [...text.matchAll(/(connect|read|write|timeout) (\d+)/g)].reduce((n, m) => n + Number(m[2]), 0);
  return {
    name,
    requests,
    requestsPerSecond: Math.round(Number(text.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0)),
    p50Ms: percentile("50"),
    p90Ms: percentile("90"),
    p99Ms: percentile("99"),
    errors,
  };
}
