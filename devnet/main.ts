/**
 * Standalone devnet: `deno task devnet [--seed s] [--blocks n | --events n] [--port p]
 * [--live-ms ms] [--accounts n] [--dense every,length,txs] [--error-rate r]
 * [--rate-limit-rate r] [--latency-ms ms] [--missing h1,h2] [--lead-ms ms] [--cached-items n]`,
 * or a recorded chain instead of a generated one: `--chain devnet/recorded/chain.json
 * [--head n]` (the head visible at start; `--live-ms` or `POST /_devnet/advance` reveal the rest).
 * Every flag can also come from the environment (DEVNET_SEED, DEVNET_BLOCKS, ...).
 * Prints one JSON line with its URL once listening.
 */
import { parseArgs } from "node:util";
import { startDevnet } from "./devnet.ts";
import type { RecordedChainData } from "./recorded_chain.ts";

const FLAGS = [
  "seed",
  "blocks",
  "events",
  "port",
  "live-ms",
  "accounts",
  "dense",
  "error-rate",
  "rate-limit-rate",
  "latency-ms",
  "missing",
  "lead-ms",
  "cached-items",
  "chain",
  "head",
] as const;

const USAGE = `Usage: deno task devnet [options]   (each also DEVNET_<NAME>, e.g. DEVNET_BLOCKS)

  --seed S               chain seed (the same seed gives the same chain)
  --blocks N | --events N  chain length, in blocks or in token events
  --port P               listen port (default 8546; 0 picks any)
  --live-ms MS           one more block every MS milliseconds (default: none)
  --accounts N           accounts that trade (default 40)
  --dense E,L,T          every E blocks, L blocks of T transactions each
  --error-rate R         share of requests answered 500
  --rate-limit-rate R    share of requests answered 429
  --latency-ms MS        delay before every answer
  --missing H1,H2        heights left out of query answers (a gap) until healed
  --lead-ms MS           the websocket announces a block this long before queries see it
  --cached-items N       answers kept in the response cache
  --chain FILE           serve a recorded chain (devnet/recorded/) instead of a generated one
  --head N               with --chain: the head visible at start
  --help                 this text`;

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    args: Deno.args,
    options: {
      ...Object.fromEntries(FLAGS.map((f) => [f, { type: "string" as const }])),
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  console.error(`devnet: ${(error as Error).message} (deno task devnet --help lists the options)`);
  Deno.exit(2);
}
if (values.help) {
  console.log(USAGE);
  Deno.exit(0);
}

const setting = (flag: typeof FLAGS[number]): string | undefined =>
  (values as Record<string, string | undefined>)[flag] ??
    Deno.env.get(`DEVNET_${flag.toUpperCase().replaceAll("-", "_")}`);

function number(flag: typeof FLAGS[number]): number | undefined {
  const raw = setting(flag);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(JSON.stringify({ level: "error", message: `Invalid --${flag}: ${raw}` }));
    Deno.exit(2);
  }
  return value;
}

const dense = setting("dense")?.split(",").map(Number);
const chainFile = setting("chain");
let recorded: RecordedChainData | undefined;
if (chainFile !== undefined) {
  try {
    recorded = JSON.parse(await Deno.readTextFile(chainFile));
  } catch (error) {
    console.error(JSON.stringify({
      level: "error",
      message: `Cannot read --chain ${chainFile}: ${(error as Error).message}`,
    }));
    Deno.exit(2);
  }
}
const devnet = await startDevnet({
  recorded,
  head: number("head"),
  seed: setting("seed"),
  blocks: number("blocks"),
  events: number("events"),
  port: number("port") ?? 8546,
  hostname: "0.0.0.0",
  accounts: number("accounts"),
  liveIntervalMs: number("live-ms"),
  cachedItems: number("cached-items"),
  dense: dense && dense.length === 3 ? { every: dense[0], length: dense[1], txs: dense[2] } : null,
  faults: {
    serverErrorRate: number("error-rate") ?? 0,
    rateLimitRate: number("rate-limit-rate") ?? 0,
    latencyMs: number("latency-ms") ?? 0,
    missingHeights: setting("missing")?.split(",").filter(Boolean).map(Number) ?? [],
    subscriptionLeadMs: number("lead-ms") ?? 0,
  },
  log: true,
});

console.log(JSON.stringify({
  time: new Date().toISOString(),
  event: "devnet_listening",
  url: devnet.url.replace("0.0.0.0", "127.0.0.1"),
  graphqlUrl: devnet.graphqlUrl.replace("0.0.0.0", "127.0.0.1"),
  head: devnet.head(),
}));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await devnet.close();
    Deno.exit(0);
  });
}
