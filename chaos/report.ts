/**
 * Scenario results: each scenario records its row in chaos/results/ (test files run in separate
 * workers), and the reporter prints them as a table and writes chaos/last_run.json.
 */
export interface ScenarioResult {
  scenario: string;
  result: "pass" | "fail";
  /** Seconds until consistent again after the last fault, or null when not applicable. */
  recoverySeconds: number | null;
  detail: string;
  size: string;
  at: string;
}

const RESULTS_DIR = new URL("./results/", import.meta.url).pathname;

export async function recordResult(result: Omit<ScenarioResult, "at" | "size">): Promise<void> {
  await Deno.mkdir(RESULTS_DIR, { recursive: true });
  const row: ScenarioResult = {
    ...result,
    size: Deno.env.get("CHAOS_SIZE") ?? "ci",
    at: new Date().toISOString(),
  };
  // One file per size and scenario: a CI-size run elsewhere never overwrites a full run's row.
  const id = result.scenario.split(" ")[0].replace(/\W/g, "");
  const file = `${RESULTS_DIR}${row.size}-${id}.json`;
  await Deno.writeTextFile(file, JSON.stringify(row, null, 2) + "\n");
  console.log(`chaos: ${formatTable([row])}`);
}

/** Runs a scenario body, records pass/fail with its recovery time, and rethrows failures. */
export async function runScenario(
  scenario: string,
  body: () => Promise<{ recoverySeconds: number | null; detail: string }>,
): Promise<void> {
  try {
    const outcome = await body();
    await recordResult({ scenario, result: "pass", ...outcome });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordResult({
      scenario,
      result: "fail",
      recoverySeconds: null,
      detail: message.split("\n")[0].slice(0, 200),
    });
    throw error;
  }
}

export async function readResults(size: string): Promise<ScenarioResult[]> {
  const rows: ScenarioResult[] = [];
  try {
    for await (const entry of Deno.readDir(RESULTS_DIR)) {
      if (entry.name.startsWith(`${size}-`) && entry.name.endsWith(".json")) {
        rows.push(JSON.parse(await Deno.readTextFile(`${RESULTS_DIR}${entry.name}`)));
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return rows.sort((a, b) => a.scenario.localeCompare(b.scenario, "en", { numeric: true }));
}

/** A Markdown table with aligned columns (as `deno fmt` leaves it). */
export function formatTable(rows: ScenarioResult[]): string {
  const cells = [
    ["scenario", "result", "time to recover", "detail"],
    ...rows.map((r) => [
      r.scenario,
      r.result,
      r.recoverySeconds === null ? "—" : `${r.recoverySeconds.toFixed(1)} s`,
      r.detail.replaceAll("|", "/"),
    ]),
  ];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [
    line(cells[0]),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...cells.slice(1).map(line),
  ].join("\n");
}
