/**
 * How big each chaos scenario runs: CHAOS_SIZE=full for the real proof (`deno task test:chaos`),
 * ci (the default) for a reduced run of every scenario inside `deno task test`.
 */
export type ChaosSize = "ci" | "full";

export function chaosSize(): ChaosSize {
  const value = Deno.env.get("CHAOS_SIZE") ?? "ci";
  if (value !== "ci" && value !== "full") {
    throw new Error(`CHAOS_SIZE must be ci or full, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** Picks the figure for the current size. */
export function bySize<T>(sizes: { ci: T; full: T }): T {
  return sizes[chaosSize()];
}
