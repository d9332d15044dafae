/**
 * Whether the synchronizer keeps the data fresh: the one rule behind the API's /ready and the
 * verdict badge of /status, so that the two always agree.
 */

/** API_READY_MAX_LAG_BLOCKS's default: the synchronizer's own readiness bound. */
export const DEFAULT_READY_MAX_LAG_BLOCKS = 50;

/** The synchronizer's sync_state row, as far as readiness looks at it. */
export interface SyncFacts {
  status: string;
  lastHeight: number;
  headHeight: number;
  stalledHeight: number | null;
  lastError: string;
}

export interface SyncVerdict {
  ready: boolean;
  /**
   * Which rule decided, first match wins: `not_started` (no sync_state row), `error`, `stalled`
   * (a block that cannot be indexed), `stopped`, `behind` (more than `maxLag` blocks behind the
   * head), else `following` (ready).
   */
  state: "not_started" | "error" | "stalled" | "stopped" | "behind" | "following";
  /** Why it is not ready, in words; null when ready. */
  reason: string | null;
  /** Head minus the synchronizer's checkpoint; 0 before the head is known. */
  lag: number;
  /** The bound `lag` is held to (API_READY_MAX_LAG_BLOCKS). */
  maxLag: number;
  /** The block that holds the synchronizer, if any. */
  stalledHeight: number | null;
}

/**
 * Ready when the synchronizer works (not in error, no stalled block, not stopped) within
 * `maxLag` blocks of the head.
 */
export function judgeSync(sync: SyncFacts | null, maxLag: number): SyncVerdict {
  if (!sync) {
    return {
      ready: false,
      state: "not_started",
      reason: "the synchronizer has not started",
      lag: 0,
      maxLag,
      stalledHeight: null,
    };
  }
  const lag = Math.max(0, sync.headHeight - sync.lastHeight);
  const stalled = sync.stalledHeight;
  const detail = sync.lastError || "no detail";
  const [state, reason]: [SyncVerdict["state"], string | null] = sync.status === "error"
    ? ["error", `the synchronizer is in error: ${detail}`]
    : stalled !== null
    ? ["stalled", `the synchronizer cannot index block ${stalled}: ${detail}`]
    : sync.status === "stopped"
    ? ["stopped", "the synchronizer is stopped"]
    : lag > maxLag
    ? ["behind", `the synchronizer is ${lag} blocks behind the head (at most ${maxLag} allowed)`]
    : ["following", null];
  return { ready: reason === null, state, reason, lag, maxLag, stalledHeight: stalled };
}
