/**
 * When the synchronizer looks at the head again (docs/architecture.md, "Windows"): at once when
 * the websocket announces a block above the checkpoint or comes up or goes down; every
 * SAFETY_POLL_MS while it is up and quiet, in case a notification was lost; every
 * `pollIntervalMs` while it is down or absent.
 */
import { sleep } from "../shared/shutdown.ts";
import type { NewBlocks } from "./upstream/new_blocks.ts";

/** With the websocket up, the head is still polled this often in case a notification is lost. */
export const SAFETY_POLL_MS = 15_000;

export type Subscribe = (
  handlers: { onBlock(height: number): void; onConnectionChange(up: boolean): void },
  signal: AbortSignal,
) => NewBlocks;

export interface HeadWatchOptions {
  /** Starts the new-block subscription; polling only when absent. */
  subscribe?: Subscribe;
  pollIntervalMs: number;
  /** The height stored and published so far: a block at or below it is no news. */
  checkpoint(): number;
  onConnectionChange?(up: boolean): void;
}

export interface HeadWatch {
  /** Resolves at the next reason to look at the head, or after `maxMs` at the latest. */
  wait(maxMs: number, signal: AbortSignal): Promise<void>;
  /** Ends the subscription and waits for it to close. */
  close(): Promise<void>;
}

export function watchHead(options: HeadWatchOptions, signal: AbortSignal): HeadWatch {
  let announced = -1;
  let socketUp = false;
  let wakeUp: (() => void) | null = null;
  const wake = () => {
    wakeUp?.();
    wakeUp = null;
  };
  const ended = new AbortController();
  const subscription = options.subscribe?.({
    onBlock: (height) => {
      announced = Math.max(announced, height);
      if (height > options.checkpoint()) wake();
    },
    onConnectionChange: (up) => {
      socketUp = up;
      options.onConnectionChange?.(up);
      // Down: fall back to polling at once. Up: blocks announced while it was down were
      // missed, so look at the head now rather than at the next safety poll.
      wake();
    },
  }, AbortSignal.any([signal, ended.signal]));

  return {
    async wait(maxMs, waitSignal) {
      const idle = socketUp && announced <= options.checkpoint()
        ? SAFETY_POLL_MS
        : options.pollIntervalMs;
      const woken = new Promise<void>((resolve) => (wakeUp = resolve));
      await Promise.race([woken, sleep(Math.min(idle, maxMs), waitSignal)]);
      wakeUp = null;
    },
    async close() {
      ended.abort();
      await subscription?.closed;
    },
  };
}
