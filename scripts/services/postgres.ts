/**
 * A throwaway PostgreSQL cluster for development and tests: initdb into a temporary folder,
 * start on a free loopback port, stop and delete on close. Runs the server as the `postgres`
 * system user when started as root (initdb refuses to run as root).
 */
import { freePort, waitForPort } from "./free_port.ts";

export interface LocalPostgres {
  url: string;
  port: number;
  /** Stops the server (open connections are cut) and starts it again with its data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function findPostgresBin(): Promise<string> {
  const fromEnv = Deno.env.get("PG_BIN");
  if (fromEnv) return fromEnv;
  const root = "/usr/lib/postgresql";
  const versions: number[] = [];
  try {
    for await (const entry of Deno.readDir(root)) {
      if (/^\d+$/.test(entry.name)) versions.push(Number(entry.name));
    }
  } catch {
    // fall through to the error below
  }
  if (versions.length === 0) {
    throw new Error(
      "PostgreSQL server binaries were not found in /usr/lib/postgresql (apt-get install postgresql, or set PG_BIN)",
    );
  }
  return `${root}/${Math.max(...versions)}/bin`;
}

function asServerUser(command: string, args: string[]): Deno.Command {
  const isRoot = Deno.uid() === 0;
  return isRoot
    ? new Deno.Command("runuser", {
      args: ["-u", "postgres", "--", command, ...args],
      stdout: "piped",
      stderr: "piped",
    })
    : new Deno.Command(command, { args, stdout: "piped", stderr: "piped" });
}

async function run(command: Deno.Command, what: string): Promise<void> {
  const { code, stdout, stderr } = await command.output();
  if (code !== 0) {
    const text = new TextDecoder().decode(stderr) + new TextDecoder().decode(stdout);
    throw new Error(`${what} failed (exit ${code}): ${text.trim()}`);
  }
}

export async function startPostgres(options: { port?: number } = {}): Promise<LocalPostgres> {
  const bin = await findPostgresBin();
  let port = options.port ?? freePort();
  const dir = await Deno.makeTempDir({ prefix: "grc20-pg-" });
  const data = `${dir}/data`;
  if (Deno.uid() === 0) {
    await run(new Deno.Command("chown", { args: ["-R", "postgres:postgres", dir] }), "chown");
  }
  await run(
    asServerUser(`${bin}/initdb`, [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--no-sync",
    ]),
    "initdb",
  );
  // Throwaway cluster: durability is traded for speed (the data dies with the process anyway).
  const settings = [
    `port=${port}`,
    "listen_addresses='127.0.0.1'",
    `unix_socket_directories='${dir}'`,
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
    "shared_buffers=256MB",
  ];
  await Deno.writeTextFile(`${data}/postgresql.conf`, settings.join("\n") + "\n", {
    append: true,
  });
  const start = async () => {
    try {
      await run(
        asServerUser(`${bin}/pg_ctl`, ["-D", data, "-l", `${dir}/server.log`, "-w", "start"]),
        "pg_ctl start",
      );
    } catch (error) {
      const log = await Deno.readTextFile(`${dir}/server.log`).catch(() => "");
      throw new Error(`${(error as Error).message}\nserver.log:\n${log.slice(-2_000)}`);
    }
  };
  // A free port can be taken by another process before the server binds it: then try another.
  for (let attempt = 1;; attempt++) {
    try {
      await start();
      break;
    } catch (error) {
      const taken = /Address already in use|could not create any TCP\/IP sockets/
        .test((error as Error).message);
      if (!taken || options.port !== undefined || attempt === 3) {
        await Deno.remove(dir, { recursive: true }).catch(() => {});
        throw error;
      }
      port = freePort();
      await Deno.writeTextFile(`${data}/postgresql.conf`, `port=${port}\n`, { append: true });
    }
  }
  await waitForPort(port, "PostgreSQL");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart() {
      await run(
        asServerUser(`${bin}/pg_ctl`, ["-D", data, "-m", "fast", "-w", "stop"]),
        "pg_ctl stop",
      );
      await start();
      await waitForPort(port, "PostgreSQL");
    },
    async stop() {
      await run(
        asServerUser(`${bin}/pg_ctl`, ["-D", data, "-m", "fast", "-w", "stop"]),
        "pg_ctl stop",
      )
        .catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
