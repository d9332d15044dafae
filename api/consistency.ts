/**
 * The consistent-through height every response reports. It changes at most once per applied
 * window, so one read is shared by all requests for a short while instead of costing a query
 * per request.
 */
import type { Sql } from "../shared/db/mod.ts";
import { appliedHeight } from "./queries.ts";

export type ConsistentThrough = () => Promise<number>;

export function createConsistentThrough(
  options: { sql: Sql; maxAgeMs?: number; now?: () => number },
): ConsistentThrough {
  const maxAgeMs = options.maxAgeMs ?? 100;
  const now = options.now ?? performance.now.bind(performance);
  let cached: { height: number; at: number } | undefined;
  let pending: Promise<number> | undefined;

  const read = async () => {
    try {
      const startedAt = now();
      const [row] = await appliedHeight(options.sql);
      const height = Number(row.height);
      cached = { height, at: startedAt };
      return height;
    } finally {
      pending = undefined;
    }
  };

  return () => {
    if (cached && now() - cached.at < maxAgeMs) return Promise.resolve(cached.height);
    return pending ??= read();
  };
}
