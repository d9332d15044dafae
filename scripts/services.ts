/**
 * `deno task services`: starts a throwaway PostgreSQL and ElasticMQ on free loopback ports,
 * prints how to reach them, and stops both on Ctrl-C / SIGTERM.
 */
import { startLocalServices } from "./services/local.ts";

const services = await startLocalServices();
console.log(
  JSON.stringify({ msg: "services ready", ...services.env }),
);
console.log(`export DATABASE_URL=${services.env.DATABASE_URL}`);
console.log(`export SQS_ENDPOINT=${services.env.SQS_ENDPOINT}`);
const done = new Promise<void>((resolve) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, resolve);
});
const envFile = Deno.args[0];
if (envFile) {
  await Deno.writeTextFile(
    envFile,
    Object.entries(services.env).map(([k, v]) => `export ${k}=${v}`).join("\n") + "\n",
  );
}
await done;
await services.stop();
console.log(JSON.stringify({ msg: "services stopped" }));
Deno.exit(0);
