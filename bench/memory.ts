/**
 * Samples each process's resident memory from /proc/<pid>/status: the kernel's own peak
 * (VmHWM) and a series of current values (VmRSS) to show whether memory stays flat as the
 * chain grows.
 */
export interface MemoryReport {
  /** Peak resident set, MiB (VmHWM). */
  peakMiB: number;
  /** Resident set at a quarter, half, three quarters and the end of the run, MiB. */
  quartersMiB: number[];
  /** CPU time the process used during the run (user + system), seconds. */
  cpuSeconds: number;
}

export interface MemorySampler {
  stop(): Record<string, MemoryReport>;
}

export function readStatusKiB(pid: number, field: "VmHWM" | "VmRSS"): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime from /proc/<pid>/stat, in clock ticks (100 per second on Linux). */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

export function sampleMemory(
  processes: readonly { name: string; pid: number }[],
  everyMs = 250,
): MemorySampler {
  const series = new Map<string, number[]>(processes.map((p) => [p.name, []]));
  const peaks = new Map<string, number>(processes.map((p) => [p.name, 0]));
  const startTicks = new Map(processes.map((p) => [p.name, cpuTicks(p.pid) ?? 0]));
  const lastTicks = new Map(startTicks);
  const sample = () => {
    for (const { name, pid } of processes) {
      const rss = readStatusKiB(pid, "VmRSS");
      const hwm = readStatusKiB(pid, "VmHWM");
      if (rss !== undefined) series.get(name)!.push(rss);
      if (hwm !== undefined) peaks.set(name, Math.max(peaks.get(name)!, hwm));
      const ticks = cpuTicks(pid);
      if (ticks !== undefined) lastTicks.set(name, ticks);
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      sample();
      clearInterval(timer);
      const mib = (kib: number) => Math.round(kib / 102.4) / 10;
      return Object.fromEntries(processes.map(({ name }) => {
        const values = series.get(name)!;
        const at = (fraction: number) =>
          values.length === 0
            ? 0
            : mib(values[Math.min(values.length - 1, Math.floor(fraction * values.length))]);
        return [name, {
          peakMiB: mib(peaks.get(name)!),
          quartersMiB: [at(0.25), at(0.5), at(0.75), at(1)],
          cpuSeconds: (lastTicks.get(name)! - startTicks.get(name)!) / 100,
        }];
      }));
    },
  };
}
