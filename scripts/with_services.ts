/**
 * Runs a command (the tests, the benchmarks) with PostgreSQL and ElasticMQ available: the ones
 * named by DATABASE_URL and SQS_ENDPOINT when both are set, otherwise throwaway local ones
 * started here and stopped afterwards.
 */
import { startLocalServices } from "./services/local.ts";

const [command, ...args] = Deno.args;
if (!command) {
  console.error("Usage: deno run -A scripts/with_services.ts <command> [args...]");
  Deno.exit(2);
}

const given = Deno.env.get("DATABASE_URL") && Deno.env.get("SQS_ENDPOINT");
const services = given ? undefined : await startLocalServices();
if (services) {
  console.error(JSON.stringify({ msg: "started local services", ...services.env }));
}

const child = new Deno.Command(command, {
  args,
  env: services?.env ?? {},
  stdin: "inherit",
  stdout: "inherit",
  stderr: "inherit",
}).spawn();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => {
    try {
      child.kill(signal);
    } catch {
      // already exited
    }
  });
}
const { code } = await child.status;
await services?.stop();
Deno.exit(code);
