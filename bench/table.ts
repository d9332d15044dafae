/** The benchmark report as a Markdown table with each target and whether it was met. */

interface Row {
  benchmark: string;
  measure: string;
  result: string;
  target: string;
  met: boolean | undefined;
}

// deno-lint-ignore no-explicit-any
type Report = Record<string, any>;

export function formatTable(report: Report): string {
  const rows: Row[] = [];
  const b = report.backfill;
  if (b) {
    const label = `1. Backfill (${b.events.toLocaleString("en")} events, ${
      b.blocks.toLocaleString("en")
    } blocks)`;
    rows.push(
      row(
        label,
        "token events/s end to end",
        b.eventsPerSecond,
        ">= 50,000",
        b.eventsPerSecond >= 50_000,
      ),
    );
    rows.push(row(label, "blocks/s end to end", b.blocksPerSecond, "", undefined));
    rows.push(row(label, "COPY ceiling, events/s", b.copyEventsPerSecond, "", undefined));
    rows.push(
      row(
        label,
        "ours / COPY",
        `${(b.ratioToCopy * 100).toFixed(1)} %`,
        ">= 50 %",
        b.ratioToCopy >= 0.5,
      ),
    );
    const cpu = Object.entries<{ cpuSeconds: number }>(b.memory)
      .map(([name, m]) => `${name} ${m.cpuSeconds} s`).join(", ");
    rows.push(row(label, "CPU time per process", cpu, "", undefined));
    const pg = Object.entries<number>(b.postgresCpuSeconds ?? {})
      .map(([name, s]) => `${name} ${s} s`).join(", ");
    rows.push(row(label, "PostgreSQL backend CPU time", pg, "", undefined));
    for (const [name, m] of Object.entries<{ peakMiB: number; quartersMiB: number[] }>(b.memory)) {
      if (name === "devnet") continue;
      rows.push(
        row(
          "4. Memory during backfill",
          `${name} peak RSS (RSS at 1/4..end)`,
          `${m.peakMiB} MiB (${m.quartersMiB.join(" / ")})`,
          "<= 256 MiB, flat",
          m.peakMiB <= 256,
        ),
      );
    }
  }
  const l = report.headLatency;
  if (l) {
    const label = `2. Head latency (${l.blocks} live blocks)`;
    rows.push(
      row(
        label,
        "p50 block visible upstream -> at the API",
        `${l.p50Ms} ms`,
        "<= 150 ms",
        l.p50Ms <= 150,
      ),
    );
    rows.push(row(label, "p99", `${l.p99Ms} ms`, "<= 1,000 ms", l.p99Ms <= 1000));
  }
  const a = report.api;
  if (a) {
    for (const r of a.endpoints) {
      const label = `3. API (${a.balances.toLocaleString("en")} balances, ${
        a.transfers.toLocaleString("en")
      } transfers, ${a.connections} conns)`;
      const targets = r.targets ?? true;
      rows.push(
        row(
          label,
          `${r.name} req/s`,
          r.requestsPerSecond,
          targets ? ">= 5,000" : "",
          targets ? r.requestsPerSecond >= 5000 : undefined,
        ),
      );
      rows.push(
        row(
          label,
          `${r.name} p50 / p99`,
          `${r.p50Ms} / ${r.p99Ms} ms`,
          targets ? "p99 <= 20 ms" : "",
          targets ? r.p99Ms <= 20 : undefined,
        ),
      );
    }
  }
  const lines = [
    "| Benchmark | Measure | Result | Target | Met |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((r) =>
      `| ${r.benchmark} | ${r.measure} | ${r.result} | ${r.target} | ${
        r.met === undefined ? "" : r.met ? "yes" : "no"
      } |`
    ),
  ];
  return lines.join("\n");
}

function row(
  benchmark: string,
  measure: string,
  value: number | string,
  target: string,
  met: boolean | undefined,
): Row {
  const result = typeof value === "number" ? value.toLocaleString("en") : value;
  return { benchmark, measure, result, target, met };
}
