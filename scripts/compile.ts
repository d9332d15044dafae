/**
 * `deno task compile`: one standalone executable per service in dist/. Each embeds schema.sql,
 * which the services apply at start. Needs the `denort` runtime download on first use.
 */
import { PROCESSOR_V8_FLAGS } from "../processor/v8_flags.ts";
import { SYNC_V8_FLAGS } from "../sync/v8_flags.ts";

const services = [
  {
    name: "grc20-sync",
    entry: "sync/main.ts",
    flags: ["--unstable-kv", `--v8-flags=${SYNC_V8_FLAGS}`],
  },
  {
    name: "grc20-processor",
    entry: "processor/main.ts",
    flags: [`--v8-flags=${PROCESSOR_V8_FLAGS}`],
  },
  { name: "grc20-api", entry: "api/main.ts", flags: [] },
];
const target = Deno.args[0];
for (const service of services) {
  const args = [
    "compile",
    "-A",
    ...service.flags,
    "--include",
    "schema.sql",
    ...(target ? ["--target", target] : []),
    "--output",
    `dist/${service.name}`,
    service.entry,
  ];
  console.log(`deno ${args.join(" ")}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args,
    stdout: "inherit",
    stderr: "inherit",
  })
    .output();
  if (code !== 0) Deno.exit(code);
}
