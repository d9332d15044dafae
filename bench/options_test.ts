import assert from "node:assert/strict";
import { parseBenchArgs } from "./options.ts";

Deno.test("no benchmark named runs all three", () => {
  const parsed = parseBenchArgs([]);
  assert.equal(parsed.kind, "run");
  if (parsed.kind !== "run") return;
  assert.deepEqual(parsed.options.benchmarks, ["backfill", "latency", "api"]);
  assert.equal(parsed.options.numbers.events, undefined);
  assert.match(parsed.options.report, /bench\/last_run\.json$/);
});

Deno.test("named benchmarks and numbers are read from flags before the environment", () => {
  const parsed = parseBenchArgs(["--api", "--connections", "16", "--report", "/tmp/r.json"], {
    BENCH_CONNECTIONS: "8",
    BENCH_API_SECONDS: "5",
  });
  assert.equal(parsed.kind, "run");
  if (parsed.kind !== "run") return;
  assert.deepEqual(parsed.options.benchmarks, ["api"]);
  assert.equal(parsed.options.numbers.connections, 16);
  assert.equal(parsed.options.numbers["api-seconds"], 5);
  assert.equal(parsed.options.report, "/tmp/r.json");
});

Deno.test("--help asks for the usage text", () => {
  assert.deepEqual(parseBenchArgs(["--help"]), { kind: "help" });
  assert.deepEqual(parseBenchArgs(["--api", "-h"]), { kind: "help" });
});

Deno.test("an unknown option or a stray argument is an error", () => {
  const unknown = parseBenchArgs(["--backfil"]);
  assert.equal(unknown.kind, "error");
  assert.equal(parseBenchArgs(["api"]).kind, "error");
});

Deno.test("a number that is not a positive integer is named with where it came from", () => {
  assert.deepEqual(parseBenchArgs(["--events", "2e6"]), {
    kind: "error",
    message: '--events must be a positive integer, not "2e6"',
  });
  assert.deepEqual(parseBenchArgs([], { BENCH_PROCESSORS: "0" }), {
    kind: "error",
    message: 'BENCH_PROCESSORS must be a positive integer, not "0"',
  });
});
