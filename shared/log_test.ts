import assert from "node:assert/strict";
import { createLogger } from "./log.ts";

Deno.test("each log event is one JSON line with level, service and fields", () => {
  const lines: string[] = [];
  const logger = createLogger({ service: "sync", write: (line) => lines.push(line) });
  logger.info("window stored", { from: 1, to: 10, amount: 18446744073709551616n });
  assert.equal(lines.length, 1);
  const event = JSON.parse(lines[0]);
  assert.equal(event.level, "info");
  assert.equal(event.service, "sync");
  assert.equal(event.msg, "window stored");
  assert.equal(event.amount, "18446744073709551616");
  assert.ok(!lines[0].includes("\n"));
});

Deno.test("events below the configured level are dropped", () => {
  const lines: string[] = [];
  const logger = createLogger({ service: "api", level: "warn", write: (line) => lines.push(line) });
  logger.info("hidden");
  logger.error("shown", { error: new Error("boom") });
  assert.equal(lines.length, 1);
  assert.deepEqual(JSON.parse(lines[0]).error, { name: "Error", message: "boom" });
});

Deno.test("a child logger carries its parent's fields", () => {
  const lines: string[] = [];
  const logger = createLogger({ service: "processor", write: (line) => lines.push(line) })
    .child({ poller: 2 });
  logger.warn("slow batch");
  assert.equal(JSON.parse(lines[0]).poller, 2);
});
