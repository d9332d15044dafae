/**
 * A local ElasticMQ (SQS-compatible) server for development and tests. Its jars are fetched once
 * from Maven Central with Maven and cached under ~/.cache/grc20-indexer; queues are created by
 * the application itself (shared/queue), so the server config only sets the listener.
 */
import { freePort, waitForPort } from "./free_port.ts";

export const ELASTICMQ_VERSION = "1.7.1";

export interface LocalElasticMq {
  endpoint: string;
  port: number;
  /** Stops and starts the server again on the same port: its in-memory queues are wiped. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function cacheDir(): string {
  const base = Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME") ?? "/tmp"}/.cache`;
  return `${base}/grc20-indexer/elasticmq-${ELASTICMQ_VERSION}`;
}

/** Resolves the server's classpath, downloading the jars with Maven on first use. */
export async function elasticMqClasspath(): Promise<string> {
  const dir = cacheDir();
  const classpathFile = `${dir}/classpath.txt`;
  try {
    return (await Deno.readTextFile(classpathFile)).trim();
  } catch {
    // not cached yet
  }
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/pom.xml`,
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>elasticmq-runner</artifactId><version>1</version>
<dependencies><dependency><groupId>org.elasticmq</groupId>
<artifactId>elasticmq-server_2.13</artifactId><version>${ELASTICMQ_VERSION}</version>
</dependency></dependencies></project>\n`,
  );
  const { code, stdout } = await new Deno.Command("mvn", {
    args: ["-q", "-B", "dependency:build-classpath", `-Dmdep.outputFile=${classpathFile}.tmp`],
    cwd: dir,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    throw new Error(
      `fetching ElasticMQ ${ELASTICMQ_VERSION} with Maven failed: ${
        new TextDecoder().decode(stdout)
      }`,
    );
  }
  await Deno.rename(`${classpathFile}.tmp`, classpathFile);
  return (await Deno.readTextFile(classpathFile)).trim();
}

export async function startElasticMq(options: { port?: number } = {}): Promise<LocalElasticMq> {
  const classpath = await elasticMqClasspath();
  const port = options.port ?? freePort();
  const dir = await Deno.makeTempDir({ prefix: "grc20-elasticmq-" });
  const config = `${dir}/elasticmq.conf`;
  // Relaxed limits: in strict mode ElasticMQ checks every character of a body against SQS's
  // allowed ranges with boxed comparisons, ~33 ms of its CPU per 180 KB message, a quarter of all
  // the CPU of a backfill. Our bodies are ASCII JSON, and shared/queue enforces SQS's size and
  // batch limits itself (planBatches), so nothing the strict mode would catch can get through.
  await Deno.writeTextFile(
    config,
    `include classpath("application.conf")
node-address { protocol = http, host = "127.0.0.1", port = ${port}, context-path = "" }
rest-sqs { enabled = true, bind-port = ${port}, bind-hostname = "127.0.0.1", sqs-limits = relaxed }
rest-stats { enabled = false }
aws { region = "elasticmq", accountId = "000000000000" }
`,
  );
  let child: Deno.ChildProcess | undefined;
  const start = async () => {
    child = new Deno.Command("java", {
      args: [
        "-Xms64m",
        "-Xmx512m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        `-Dconfig.file=${config}`,
        `-Dlogback.configurationFile=${dir}/logback.xml`,
        "-cp",
        classpath,
        "org.elasticmq.server.Main",
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    await waitForPort(port, "ElasticMQ");
  };
  const stop = async () => {
    if (!child) return;
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await child.status;
    child = undefined;
  };
  await Deno.writeTextFile(
    `${dir}/logback.xml`,
    `<configuration><root level="WARN"/></configuration>\n`,
  );
  await start();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async restart() {
      await stop();
      await start();
    },
    async stop() {
      await stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
