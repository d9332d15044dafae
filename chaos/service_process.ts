/**
 * One product service (sync, processor or api) as a separate OS process, started with the real
 * deno binary so that SIGKILL and SIGTERM reach the service itself (the /usr/bin/deno wrapper
 * does not forward signals). Output goes to a log file whose tail explains failures.
 */
export type ServiceKind = "sync" | "processor" | "api";

const ENTRYPOINTS: Record<ServiceKind, string[]> = {
  sync: ["run", "-A", "--unstable-kv", "sync/main.ts"],
  processor: ["run", "-A", "processor/main.ts"],
  api: ["run", "-A", "api/main.ts"],
};

const ROOT = new URL("..", import.meta.url).pathname;

export interface ServiceProcess {
  name: string;
  kind: ServiceKind;
  env: Record<string, string>;
  logFile: string;
  pid(): number;
  running(): boolean;
  /** Sends the signal; resolves with the exit status. */
  kill(signal: Deno.Signal): Promise<Deno.CommandStatus>;
  /** Sends a signal without waiting (SIGSTOP and SIGCONT freeze and thaw the service). */
  signal(signal: Deno.Signal): void;
  /** Starts the same service again with the same environment (after a kill). */
  start(): void;
  /** Settles when the current process exits. */
  exited(): Promise<Deno.CommandStatus>;
  /** The last lines of the service's output. */
  tail(lines?: number): Promise<string>;
}

export function createServiceProcess(
  options: { name: string; kind: ServiceKind; env: Record<string, string>; logDir: string },
): ServiceProcess {
  const logFile = `${options.logDir}/${options.name}.log`;
  let child: Deno.ChildProcess | undefined;
  let status: Promise<Deno.CommandStatus> | undefined;
  let alive = false;

  const start = () => {
    if (alive) throw new Error(`${options.name} is already running`);
    const file = Deno.openSync(logFile, { create: true, append: true });
    child = new Deno.Command(Deno.execPath(), {
      args: ENTRYPOINTS[options.kind],
      cwd: ROOT,
      env: { NO_COLOR: "1", ...options.env },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    alive = true;
    const writer = file.writable.getWriter();
    const copy = async (stream: ReadableStream<Uint8Array>) => {
      for await (const chunk of stream) await writer.write(chunk);
    };
    const copied = Promise.all([copy(child.stdout), copy(child.stderr)])
      .catch(() => {})
      .finally(() => writer.close().catch(() => {}));
    status = child.status.then(async (s) => {
      alive = false;
      await copied;
      return s;
    });
  };

  const kill = async (signal: Deno.Signal) => {
    if (!child || !status) throw new Error(`${options.name} was never started`);
    if (alive) {
      try {
        child.kill(signal);
      } catch {
        // exited meanwhile
      }
    }
    return await status;
  };

  return {
    signal(signal) {
      if (alive) child?.kill(signal);
    },
    name: options.name,
    kind: options.kind,
    env: options.env,
    logFile,
    pid: () => child?.pid ?? -1,
    running: () => alive,
    kill,
    start,
    exited: () => status ?? Promise.reject(new Error(`${options.name} was never started`)),
    async tail(lines = 30) {
      try {
        const text = await Deno.readTextFile(logFile);
        return text.trimEnd().split("\n").slice(-lines).join("\n");
      } catch {
        return "";
      }
    },
  };
}
