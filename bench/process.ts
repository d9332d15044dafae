/**
 * A service of the pipeline as its own OS process (the real deno binary, so that SIGTERM reaches
 * it), with its output kept in a log file and its memory readable from /proc.
 */
export interface BenchProcess {
  name: string;
  pid: number;
  logPath: string;
  /** Resolves with the first output line matching the pattern. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export function spawnDeno(
  name: string,
  args: string[],
  env: Record<string, string>,
  logDir: string,
): BenchProcess {
  const logPath = `${logDir}/${name}.log`;
  const child = new Deno.Command(Deno.execPath(), {
    args,
    env: { DENO_TLS_CA_STORE: "system", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const file = Deno.openSync(logPath, { create: true, write: true, truncate: true });
  let output = "";
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const decoder = new TextDecoder();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      file.writeSync(chunk);
      // Only the start of the output is kept for matching; the log file has the rest.
      if (output.length < 1_000_000) output += decoder.decode(chunk);
      for (const waiter of [...waiters]) {
        const line = output.split("\n").find((l) => waiter.pattern.test(l));
        if (line) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  };
  const pumped = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  return {
    name,
    pid: child.pid,
    logPath,
    waitForLine(pattern, timeoutMs = 120_000) {
      const line = output.split("\n").find((l) => pattern.test(l));
      if (line) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name} printed no line matching ${pattern} (see ${logPath})`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        status.then(() => {
          clearTimeout(timer);
          reject(new Error(`${name} exited early (see ${logPath})`));
        });
      });
    },
    async stop() {
      if (!exited) {
        try {
          child.kill("SIGTERM");
        } catch {
          // already gone
        }
        const timer = setTimeout(() => {
          try {
            child.kill("SIGKILL");
          } catch {
            // already gone
          }
        }, 20_000);
        await status;
        clearTimeout(timer);
      }
      await pumped.catch(() => {});
      file.close();
    },
  };
}
