/**
 * Graceful shutdown through one AbortController per process: SIGINT or SIGTERM aborts the
 * signal every loop watches; registered cleanups then run in reverse order, and a hard deadline
 * makes sure the process is gone within 15 s even if a cleanup hangs.
 */
import type { Logger } from "./log.ts";

export interface Shutdown {
  /** Aborted when the process should stop taking work. */
  signal: AbortSignal;
  /** Registers a cleanup (close servers, release messages, end pools). Runs in reverse order. */
  onShutdown(cleanup: () => unknown): void;
  /** Starts the shutdown from inside (a fatal error); resolves when cleanups are done. */
  trigger(reason: string): Promise<void>;
  /** Resolves when shutdown has completed. */
  done: Promise<void>;
}

export function createShutdown(
  options: { logger: Logger; deadlineMs?: number; listen?: boolean },
): Shutdown {
  const controller = new AbortController();
  const cleanups: Array<() => unknown> = [];
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  let started: Promise<void> | undefined;
  let finished = false;

  const trigger = (reason: string) => {
    started ??= (async () => {
      options.logger.info("shutting down", { reason });
      const deadline = setTimeout(() => {
        options.logger.error("shutdown deadline passed, exiting", {
          deadlineMs: options.deadlineMs ?? 14_000,
        });
        Deno.exit(1);
      }, options.deadlineMs ?? 14_000);
      Deno.unrefTimer(deadline);
      controller.abort(new Error(reason));
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          options.logger.warn("cleanup failed", { error });
        }
      }
      clearTimeout(deadline);
      finished = true;
      resolveDone();
    })();
    return started;
  };

  if (options.listen ?? true) {
    for (const name of ["SIGINT", "SIGTERM"] as const) {
      Deno.addSignalListener(name, () => void trigger(name));
    }
  }
  return {
    signal: controller.signal,
    onShutdown(cleanup) {
      // Registered after the shutdown ran (a signal during start-up): nothing would ever run
      // it, and a server or pool opened late would keep the process alive. Run it now.
      if (finished) {
        void (async () => {
          try {
            await cleanup();
          } catch (error) {
            options.logger.warn("cleanup failed", { error });
          }
        })();
        return;
      }
      cleanups.push(cleanup);
    },
    trigger,
    done,
  };
}

/** Resolves after `ms`, or early (without throwing) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
