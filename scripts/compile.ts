/**
 * `deno task compile [target]`: one standalone executable per service in dist/. Each embeds
 * schema.sql, which the services apply at start.
 *
 * deno compile builds on `denort`, a runtime-only Deno that it downloads from dl.deno.land the
 * first time for each version and target (then cached in DENO_DIR). Where that host cannot be
 * reached, DENORT_BIN names a denort binary of the same Deno version to build on instead.
 */
import { PROCESSOR_V8_FLAGS } from "../processor/v8_flags.ts";
import { SYNC_V8_FLAGS } from "../sync/v8_flags.ts";

const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
];

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

const [target, ...extra] = Deno.args;
if (target === "--help" || target === "-h" || extra.length > 0) {
  console.log(`Usage: deno task compile [target]\n\nTargets: ${TARGETS.join(", ")}`);
  Deno.exit(extra.length > 0 ? 2 : 0);
}
if (target !== undefined && !TARGETS.includes(target)) {
  console.error(`Unknown target "${target}"; one of: ${TARGETS.join(", ")}`);
  Deno.exit(2);
}

const dist = new URL("../dist/", import.meta.url).pathname;
const decoder = new TextDecoder();
for (const service of services) {
  const args = [
    "compile",
    "-A",
    ...service.flags,
    "--include",
    "schema.sql",
    ...(target ? ["--target", target] : []),
    "--output",
    `${dist}${service.name}${target?.includes("windows") ? ".exe" : ""}`,
    service.entry,
  ];
  console.log(`deno ${args.join(" ")}`);
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: new URL("..", import.meta.url).pathname,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  const message = decoder.decode(stderr);
  if (code === 0) continue;
  removeIfEmpty(dist);
  if (/Setting up base binary|denort/.test(message) && !Deno.env.get("DENORT_BIN")) {
    console.error(
      `Cannot build ${service.name}: deno compile needs the denort runtime of Deno ` +
        `${Deno.version.deno}${target ? ` for ${target}` : ""}, which it downloads from ` +
        `dl.deno.land on first use, and the download failed. Run it where that host is ` +
        `reachable once (the runtime is cached in DENO_DIR), or set DENORT_BIN to a denort ` +
        `binary of the same version.`,
    );
  } else {
    console.error(message.trimEnd());
  }
  Deno.exit(code);
}
console.log(`Built ${services.map((s) => s.name).join(", ")} in dist/`);

function removeIfEmpty(path: string) {
  try {
    Deno.removeSync(path); // refuses a directory that holds anything
  } catch {
    // absent, or holds earlier builds: leave it
  }
}
