/**
 * The dev run's terminal: on a TTY, one progress line redrawn in place under the log lines (logs
 * clear it, print, and it comes back); elsewhere, a plain progress line every few seconds while
 * behind and once a minute when caught up.
 */
import {
  createProgressMeter,
  formatProgressBar,
  formatProgressLine,
  type Progress,
} from "./progress.ts";

export interface ProgressSource {
  /** Consistent-through height now. */
  height(): Promise<number>;
  /** Upstream head as last seen (-1 when unknown). */
  head(): number;
  /** Token events applied so far. */
  events(): number;
}

export interface ProgressDisplay {
  /** Writes a log line without tearing the progress line. */
  log(line: string): void;
  /** Samples and draws until the signal aborts. */
  run(signal: AbortSignal): Promise<void>;
}

const encoder = new TextEncoder();
const CLEAR_LINE = "\r\x1b[2K";

export function createProgressDisplay(
  source: ProgressSource,
  options: { tty: boolean; write?: (text: string) => void },
): ProgressDisplay {
  const write = options.write ?? ((text: string) => Deno.stdout.writeSync(encoder.encode(text)));
  const meter = createProgressMeter({ windowMs: 10_000 });
  let bar = "";

  const draw = (progress: Progress) => {
    bar = `indexing ${formatProgressBar(progress)}`;
    write(CLEAR_LINE + bar);
  };

  return {
    log(line) {
      if (options.tty && bar) write(CLEAR_LINE + line + "\n" + bar);
      else write(line + "\n");
    },
    async run(signal) {
      let lastPlain = -Infinity;
      let wasCaughtUp = false;
      while (!signal.aborted) {
        try {
          meter.add({
            atMs: performance.now(),
            height: await source.height(),
            events: source.events(),
          });
          const head = source.head();
          if (head >= 0) {
            const progress = meter.measure(head);
            const caughtUp = progress.height >= progress.head;
            if (options.tty) draw(progress);
            else if (
              caughtUp !== wasCaughtUp ||
              performance.now() - lastPlain >= (caughtUp ? 60_000 : 5_000)
            ) {
              lastPlain = performance.now();
              wasCaughtUp = caughtUp;
              write(formatProgressLine(progress) + "\n");
            }
          }
        } catch {
          // The database is busy or going away; the next sample will tell.
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.tty ? 500 : 1_000);
          signal.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve();
          }, { once: true });
        });
      }
      if (options.tty && bar) write("\n");
    },
  };
}
