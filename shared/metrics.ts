/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text
 * exposition format at /metrics. Written here rather than pulled in: the whole need is ~100 lines.
 */
type Labels = Record<string, string | number>;

interface Metric {
  render(): string;
}

const LABEL_ESCAPES = /[\\"\n]/g;

/** Labels in name order; called on every request, so no locale-aware sort. */
function labelKey(labels: Labels = {}): string {
  const names = Object.keys(labels).sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  let key = "";
  for (const name of names) {
    const value = String(labels[name]).replace(LABEL_ESCAPES, (c) => c === "\n" ? "\\n" : `\\${c}`);
    key += `${key ? "," : ""}${name}="${value}"`;
  }
  return key;
}

const wrap = (key: string) => (key ? `{${key}}` : "");

export class Counter implements Metric {
  #values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels?: Labels, by = 1): void {
    const key = labelKey(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }
  get(labels?: Labels): number {
    return this.#values.get(labelKey(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.#values) lines.push(`${this.name}${wrap(key)} ${value}`);
    return lines.join("\n");
  }
}

export class Gauge implements Metric {
  #values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  set(value: number, labels?: Labels): void {
    this.#values.set(labelKey(labels), value);
  }
  get(labels?: Labels): number {
    return this.#values.get(labelKey(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [key, value] of this.#values) lines.push(`${this.name}${wrap(key)} ${value}`);
    return lines.join("\n");
  }
}

export class Histogram implements Metric {
  #series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly buckets: number[]) {}
  observe(value: number, labels?: Labels): void {
    const key = labelKey(labels);
    let series = this.#series.get(key);
    if (!series) {
      series = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) series.counts[i]++;
    series.sum += value;
    series.count++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, series] of this.#series) {
      const sep = key ? "," : "";
      this.buckets.forEach((bound, i) =>
        lines.push(`${this.name}_bucket{${key}${sep}le="${bound}"} ${series.counts[i]}`)
      );
      lines.push(`${this.name}_bucket{${key}${sep}le="+Inf"} ${series.count}`);
      lines.push(`${this.name}_sum${wrap(key)} ${series.sum}`);
      lines.push(`${this.name}_count${wrap(key)} ${series.count}`);
    }
    return lines.join("\n");
  }
}

export const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Registry {
  #metrics = new Map<string, Metric>();
  counter(name: string, help: string): Counter {
    return this.#add(name, new Counter(name, help));
  }
  gauge(name: string, help: string): Gauge {
    return this.#add(name, new Gauge(name, help));
  }
  histogram(name: string, help: string, buckets = SECONDS_BUCKETS): Histogram {
    return this.#add(name, new Histogram(name, help, buckets));
  }
  render(): string {
    return [...this.#metrics.values()].map((m) => m.render()).join("\n") + "\n";
  }
  #add<M extends Metric>(name: string, metric: M): M {
    if (this.#metrics.has(name)) throw new Error(`Metric ${name} is registered twice`);
    this.#metrics.set(name, metric);
    return metric;
  }
}
