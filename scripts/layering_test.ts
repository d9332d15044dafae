/**
 * The layering the code keeps (docs/architecture.md): the services talk only through the queue
 * and the database, so sync/, processor/ and api/ import only themselves and shared/; shared/
 * imports only itself; the devnet imports nothing of the product (its truth must be
 * independent); and no product code imports a test helper or a tool. Read from the import
 * statements of every tracked file, as Ponder's layering test does.
 */
import assert from "node:assert/strict";

const ROOT = new URL("..", import.meta.url).pathname;

/**
 * A file only tests use: tests and micro-benchmarks (`deno bench`), their harnesses, fixtures
 * and helpers, and the system tests of chaos/ and e2e/.
 */
function isTestHelper(path: string): boolean {
  return /_(test|bench)\.ts$/.test(path) || /(^|\/)testing\//.test(path) ||
    /(^|\/)test_harness\.ts$/.test(path) || /_fixtures\.ts$/.test(path) ||
    /(^|\/)test_fixtures\.ts$/.test(path) || /^(chaos|e2e)\//.test(path);
}

function topOf(path: string): string {
  return path.split("/")[0];
}

/** What the product files of each top-level folder may import, by top-level folder. */
const ALLOWED: Record<string, string[]> = {
  sync: ["sync", "shared"],
  processor: ["processor", "shared"],
  api: ["api", "shared"],
  shared: ["shared"],
  devnet: ["devnet"],
};

async function trackedTypeScript(): Promise<string[]> {
  const { stdout } = await new Deno.Command("git", {
    args: ["ls-files", "*.ts"],
    cwd: ROOT,
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(stdout).split("\n")
    .filter((path) => path !== "" && !path.startsWith("vendor/"));
}

/** The repository paths a file imports (relative specifiers only). */
async function importsOf(path: string): Promise<string[]> {
  const text = await Deno.readTextFile(`${ROOT}${path}`);
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/g),
    ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1]);
  const base = new URL(path, `file://${ROOT}`);
  return specifiers.filter((s) => s.startsWith("."))
    .map((s) => new URL(s, base).pathname.slice(ROOT.length));
}

Deno.test("each folder imports only what its layer allows", async () => {
  const problems: string[] = [];
  for (const path of await trackedTypeScript()) {
    const allowed = ALLOWED[topOf(path)];
    if (!allowed || isTestHelper(path)) continue;
    for (const target of await importsOf(path)) {
      if (!allowed.includes(topOf(target))) problems.push(`${path} imports ${target}`);
    }
  }
  assert.deepEqual(problems, []);
});

Deno.test("no product code or tool imports a test helper", async () => {
  const problems: string[] = [];
  for (const path of await trackedTypeScript()) {
    if (isTestHelper(path)) continue;
    for (const target of await importsOf(path)) {
      if (isTestHelper(target)) problems.push(`${path} imports ${target}`);
    }
  }
  assert.deepEqual(problems, []);
});

Deno.test("the layering check sees imports at all", async () => {
  // Guards the checks above against passing because nothing was read.
  assert.ok((await importsOf("sync/main.ts")).includes("sync/service.ts"));
  assert.ok((await importsOf("sync/main.ts")).includes("shared/log.ts"));
  assert.equal(isTestHelper("sync/test_harness.ts"), true);
  assert.equal(isTestHelper("sync/synchronizer.ts"), false);
});
