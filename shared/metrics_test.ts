import assert from "node:assert/strict";
import { Registry } from "./metrics.ts";

Deno.test("counters and gauges render in the Prometheus text format", () => {
  const registry = new Registry();
  const events = registry.counter("events_total", "Events applied.");
  const lag = registry.gauge("lag_blocks", "Blocks behind head.");
  events.inc({ kind: "mint" }, 3);
  events.inc({ kind: "mint" });
  events.inc({ kind: "burn" });
  lag.set(7);
  const text = registry.render();
  assert.match(text, /# TYPE events_total counter/);
  assert.match(text, /^events_total\{kind="mint"\} 4$/m);
  assert.match(text, /^events_total\{kind="burn"\} 1$/m);
  assert.match(text, /^lag_blocks 7$/m);
});

Deno.test("histograms count observations into cumulative buckets", () => {
  const registry = new Registry();
  const latency = registry.histogram("latency_seconds", "Latency.", [0.1, 1]);
  latency.observe(0.05, { route: "/a" });
  latency.observe(0.5, { route: "/a" });
  latency.observe(5, { route: "/a" });
  const text = registry.render();
  assert.match(text, /^latency_seconds_bucket\{route="\/a",le="0.1"\} 1$/m);
  assert.match(text, /^latency_seconds_bucket\{route="\/a",le="1"\} 2$/m);
  assert.match(text, /^latency_seconds_bucket\{route="\/a",le="\+Inf"\} 3$/m);
  assert.match(text, /^latency_seconds_count\{route="\/a"\} 3$/m);
});

Deno.test("label values are escaped", () => {
  const registry = new Registry();
  registry.counter("c", "C.").inc({ reason: 'a "quoted"\nvalue' });
  assert.match(registry.render(), /c\{reason="a \\"quoted\\"\\nvalue"\} 1/);
});

Deno.test("a metric name cannot be registered twice", () => {
  const registry = new Registry();
  registry.counter("x", "X.");
  assert.throws(() => registry.gauge("x", "X."), /registered twice/);
});
