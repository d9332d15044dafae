import { deriveAccounts } from "./addresses.ts";
import type { DenseStretches } from "./block_generator.ts";
import { createChain } from "./chain.ts";
import { createFaultState, type Faults } from "./faults.ts";
import { createQueryExecutor } from "./query_executor.ts";
import { createRecordedChain, type RecordedChainData } from "./recorded_chain.ts";
import { createServerHandler } from "./server.ts";
import { createSubscriptionHub } from "./subscriptions.ts";
import type { Truth } from "./truth.ts";
import type { GeneratedBlock, Movement, TokenInfo } from "./types.ts";

export interface DevnetOptions {
  /** Everything is derived from the seed (default "devnet"). */
  seed?: string;
  /** Initial head height (default 100). Ignored when `events` is given. */
  blocks?: number;
  /** Approximate number of valid token events to generate before the head. */
  events?: number;
  /** 0 picks a free port (default). */
  port?: number;
  hostname?: string;
  /** Number of user accounts (default 40). */
  accounts?: number;
  txsPerBlock?: { min: number; max: number };
  /** Stretches of very full blocks, to overflow the 10,000-element cap (default none). */
  dense?: DenseStretches | null;
  /** Produce a new block every this many milliseconds (default 0: no live mode). */
  liveIntervalMs?: number;
  faults?: Partial<Faults>;
  chainId?: string;
  /** Block time of height 0, in ms since the epoch (default 2025-01-01). */
  genesisTimeMs?: number;
  /** Spacing of block timestamps (default 5 s). */
  blockTimeMs?: number;
  /**
   * Keep up to this many blocks' and transactions' JSON per query shape (default 0: none), so a
   * benchmark can pre-warm the chain and measure serving without the simulation's generation.
   */
  cachedItems?: number;
  /** Print one JSON log line per notable event (default false). */
  log?: boolean;
  /**
   * Serve this recorded chain (the format of devnet/recorded/chain.json) instead of generating
   * one; `seed`, `blocks`, `events`, `accounts`, `txsPerBlock`, `dense`, `chainId`,
   * `genesisTimeMs` and `blockTimeMs` are then ignored, and `truth()`/`balancesAt()` throw.
   */
  recorded?: RecordedChainData;
  /**
   * With `recorded`: the head visible at start (default its latestBlockHeight); `advance()`
   * reveals the next recorded blocks (and announces them to subscribers) up to its end.
   */
  head?: number;
  /**
   * The server's clock, ms since the epoch (default Date.now). The deprecated `blocks` query
   * drops blocks whose time is not before it, as tx-indexer does with its own clock.
   */
  now?: () => number;
}

export interface Devnet {
  /** Base URL, e.g. http://127.0.0.1:4321. */
  url: string;
  /** The GraphQL endpoint, `${url}/graphql/query`. */
  graphqlUrl: string;
  /** The websocket endpoint for subscriptions. */
  wsUrl: string;
  /** The highest height queries can see. */
  head(): number;
  /** Produces `count` new blocks now (default 1); returns the new head. */
  advance(count?: number): number;
  /** Ground truth at `height` (default: the visible head). Holds every movement: small chains. */
  truth(height?: number): Truth;
  /** Expected non-zero balances at `height`, keyed by `${tokenId}\u0000${address}`. */
  balancesAt(height: number): Map<string, bigint>;
  /** The tokens known at `height` (by a movement or a NewToken), keyed by tokenId. */
  tokensAt(height: number): Map<string, TokenInfo>;
  /** Valid token events in heights [from, to], in order. */
  movementsBetween(fromHeight: number, toHeight: number): Movement[];
  /** The generated block with the generator's intent. */
  block(height: number): GeneratedBlock;
  faults(): Faults;
  setFaults(changes: Partial<Faults>): Faults;
  /** Hides a height from queries (a silent gap) until `healBlock`, or for `forMs`. */
  hideBlock(height: number, forMs?: number): void;
  healBlock(height: number): void;
  /** Closes every subscription websocket; returns how many there were. */
  dropWebsockets(): number;
  /** Active websocket subscriptions, e.g. to wait until a client has subscribed. */
  subscriptionCount(): number;
  /** Re-genesis: same heights, new hashes and content. Returns the new salt. */
  reset(salt?: string): string;
  /** When `height` became visible to queries (ms since the epoch), for blocks made live. */
  visibleAt(height: number): number | undefined;
  /** The accounts the chain uses (none listed for a recorded chain). */
  accounts: readonly string[];
  close(): Promise<void>;
}

/** Average valid token events per block for the given shape, sampled from the chain itself. */
function estimateEventsPerBlock(sample: (height: number) => GeneratedBlock): number {
  let events = 0;
  const heights = 400;
  for (let h = 1; h <= heights; h++) events += sample(h).movements.length;
  return Math.max(events / heights, 0.01);
}

export function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const seed = options.seed ?? "devnet";
  const accounts = deriveAccounts(seed, options.accounts ?? 40);
  const log = (event: string, fields: Record<string, unknown> = {}) => {
    if (options.log) {
      console.log(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
    }
  };
  const recorded = options.recorded
    ? createRecordedChain(options.recorded, { head: options.head })
    : null;
  const chain = recorded ?? createChain({
    seed,
    chainId: options.chainId ?? "dev",
    accounts,
    txsPerBlock: options.txsPerBlock ?? { min: 0, max: 4 },
    dense: options.dense ?? null,
    genesisTimeMs: options.genesisTimeMs ?? Date.UTC(2025, 0, 1),
    blockTimeMs: options.blockTimeMs ?? 5000,
    head: 0,
  });
  const initialHead = recorded
    ? recorded.head()
    : options.events !== undefined
    ? Math.max(1, Math.ceil(options.events / estimateEventsPerBlock(chain.block)))
    : options.blocks ?? 100;
  if (!recorded) chain.extend(initialHead);

  const faults = createFaultState(options.faults ?? {}, seed);
  let visibleHead = initialHead;
  const visibleTimes = new Map<number, number>();
  const timers = new Set<number>();
  const later = (ms: number, action: () => void) => {
    const id = setTimeout(() => {
      timers.delete(id);
      action();
    }, ms);
    timers.add(id);
  };

  const view = { head: () => visibleHead, isMissing: (h: number) => faults.isMissing(h) };
  const executor = createQueryExecutor(chain, view, {
    cachedItems: options.cachedItems,
    now: options.now,
  });
  const hub = createSubscriptionHub(executor);

  const makeVisible = (height: number) => {
    if (height <= visibleHead) return;
    visibleHead = height;
    visibleTimes.set(height, Date.now());
  };

  const advance = (count = 1): number => {
    for (let i = 0; i < count; i++) {
      if (chain.head() >= chain.limit()) break; // a recorded chain ends
      const height = chain.extend(1);
      const generated = chain.block(height);
      const lead = faults.current().subscriptionLeadMs;
      if (lead > 0) {
        if (!faults.isMissing(height)) hub.publish(generated);
        later(lead, () => makeVisible(height));
      } else {
        makeVisible(height);
        if (!faults.isMissing(height)) hub.publish(generated);
      }
    }
    log("devnet_block", { head: chain.head() });
    return chain.head();
  };

  const hideBlock = (height: number, forMs?: number) => {
    const missing = new Set(faults.current().missingHeights).add(height);
    faults.set({ missingHeights: [...missing] });
    if (forMs !== undefined) later(forMs, () => healBlock(height));
  };
  const healBlock = (height: number) => {
    faults.set({ missingHeights: faults.current().missingHeights.filter((h) => h !== height) });
  };

  let resets = 0;
  const reset = (salt?: string): string => {
    const next = salt ?? `reset-${++resets}`;
    chain.reset(next);
    log("devnet_reset", { salt: next });
    return next;
  };

  const truthHeight = (height?: number) => {
    const h = height ?? visibleHead;
    if (h > chain.head()) throw new Error(`Height ${h} is above the head ${chain.head()}`);
    return h;
  };

  const handler = createServerHandler({
    executor,
    hub,
    faults,
    control: {
      head: () => visibleHead,
      advance,
      reset,
      setFaults: (changes) => faults.set(changes),
      faults: () => faults.current(),
      dropWebsockets: () => hub.dropAll(),
      balancesAt: (h) => chain.truth().balancesAt(truthHeight(h)),
      visibleAt: (h) => visibleTimes.get(h),
    },
  });

  const server = Deno.serve({
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    onListen: () => {},
  }, handler);
  const address = server.addr as Deno.NetAddr;
  const url = `http://${address.hostname}:${address.port}`;

  let live: number | undefined;
  if (options.liveIntervalMs && options.liveIntervalMs > 0) {
    live = setInterval(() => advance(1), options.liveIntervalMs);
  }

  return Promise.resolve({
    url,
    graphqlUrl: `${url}/graphql/query`,
    wsUrl: `${url.replace(/^http/, "ws")}/graphql/query`,
    head: () => visibleHead,
    advance,
    truth: (height) => chain.truth().truthAt(truthHeight(height)),
    balancesAt: (height) => chain.truth().balancesAt(truthHeight(height)),
    tokensAt: (height) => chain.truth().tokensAt(truthHeight(height)),
    movementsBetween: (from, to) => chain.truth().movementsBetween(from, truthHeight(to)),
    block: (height) => chain.block(height),
    faults: () => faults.current(),
    setFaults: (changes) => faults.set(changes),
    hideBlock,
    healBlock,
    dropWebsockets: () => hub.dropAll(),
    subscriptionCount: () => hub.count(),
    reset,
    visibleAt: (height) => visibleTimes.get(height),
    accounts: recorded ? [] : accounts,
    async close() {
      if (live !== undefined) clearInterval(live);
      for (const id of timers) clearTimeout(id);
      timers.clear();
      hub.dropAll();
      await server.shutdown();
    },
  });
}
