/**
 * `deno task test:chaos`: runs every chaos scenario (CHAOS_SIZE, full by the task), then prints
 * the table, writes chaos/last_run.json (last_run_ci.json for a CI-size run) and, after a full
 * run, the README's Reliability table.
 * Exits with the tests' status.
 */
import { formatTable, readResults } from "./report.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const RESULTS_DIR = new URL("./results/", import.meta.url).pathname;
const README = `${ROOT}README.md`;
const START = "<!-- chaos-table:start -->";
const END = "<!-- chaos-table:end -->";

for (const row of await readResults(Deno.env.get("CHAOS_SIZE") ?? "ci")) {
  const id = row.scenario.split(" ")[0].replace(/\W/g, "");
  await Deno.remove(`${RESULTS_DIR}${row.size}-${id}.json`).catch(() => {});
}
const started = performance.now();
const { code } = await new Deno.Command(Deno.execPath(), {
  args: ["test", "-A", "--unstable-kv", ...(Deno.args.length > 0 ? Deno.args : ["chaos/"])],
  cwd: ROOT,
  stdout: "inherit",
  stderr: "inherit",
}).spawn().status;
const minutes = ((performance.now() - started) / 60_000).toFixed(1);

const size = Deno.env.get("CHAOS_SIZE") ?? "ci";
const rows = await readResults(size);
const table = formatTable(rows);
console.log(`\nChaos suite (${size}, ${minutes} min):\n\n${table}\n`);
// The full run's file is kept in git with the README's table; a CI-size run's is not.
await Deno.writeTextFile(
  `${ROOT}chaos/${size === "full" ? "last_run.json" : `last_run_${size}.json`}`,
  JSON.stringify({ size, minutes: Number(minutes), rows }, null, 2) + "\n",
);

if (size === "full" && Deno.args.length === 0) {
  const readme = await Deno.readTextFile(README);
  const at = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (at >= 0 && end > at) {
    const date = new Date().toISOString().slice(0, 10);
    const block = `${START}\n\nLatest full run (${date}, ${minutes} min, exit ${code}):\n\n` +
      `${table}\n\n${END}`;
    await Deno.writeTextFile(README, readme.slice(0, at) + block + readme.slice(end + END.length));
  }
}
Deno.exit(code);
