import { createRandom } from "./random.ts";

/** Upstream faults the devnet can inject, settable at start and at runtime. */
export interface Faults {
  /** Probability (0..1) that a GraphQL HTTP request answers 500. */
  serverErrorRate: number;
  /** Probability (0..1) that a GraphQL HTTP request answers 429 (with Retry-After). */
  rateLimitRate: number;
  /** Latency added to every GraphQL HTTP response, in milliseconds. */
  latencyMs: number;
  /** Heights silently missing from query results while later blocks exist (until healed). */
  missingHeights: number[];
  /** Subscriptions announce a block this many milliseconds before queries can see it. */
  subscriptionLeadMs: number;
}

export const NO_FAULTS: Faults = {
  serverErrorRate: 0,
  rateLimitRate: 0,
  latencyMs: 0,
  missingHeights: [],
  subscriptionLeadMs: 0,
};

export interface FaultState {
  current(): Faults;
  set(changes: Partial<Faults>): Faults;
  /** The failure status to answer this request with, if any. */
  drawFailure(): 500 | 429 | null;
  isMissing(height: number): boolean;
}

export function createFaultState(initial: Partial<Faults>, seed: string): FaultState {
  let faults: Faults = { ...NO_FAULTS };
  let missing = new Set<number>();
  const random = createRandom(`${seed}\u0000faults`);

  const set = (changes: Partial<Faults>): Faults => {
    const next = { ...faults, ...changes };
    for (const key of ["serverErrorRate", "rateLimitRate"] as const) {
      if (!(next[key] >= 0 && next[key] <= 1)) throw new Error(`Fault ${key} must be within 0..1`);
    }
    for (const key of ["latencyMs", "subscriptionLeadMs"] as const) {
      if (!(next[key] >= 0)) throw new Error(`Fault ${key} must not be negative`);
    }
    faults = { ...next, missingHeights: [...next.missingHeights] };
    missing = new Set(faults.missingHeights);
    return faults;
  };
  set(initial);

  return {
    current: () => ({ ...faults, missingHeights: [...faults.missingHeights] }),
    set,
    drawFailure() {
      const roll = random.float();
      if (roll < faults.serverErrorRate) return 500;
      if (roll < faults.serverErrorRate + faults.rateLimitRate) return 429;
      return null;
    },
    isMissing: (height) => missing.has(height),
  };
}
