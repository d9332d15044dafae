/**
 * Block times by height, as JSON literals, for transfer history. Joining `blocks` was half of
 * PostgreSQL's work for a history page (an index descent and a heap fetch per row), and the
 * same heights are asked for again and again (a first page holds the newest blocks), so times
 * are kept here. A stored block never changes (sync/ only inserts them, and a chain reset stops
 * it), yet entries expire after `maxAgeMs` so that a database re-created under a running API
 * heals on its own.
 */
import type { Sql } from "../shared/db/mod.ts";

/** The time of each height as a JSON literal: `"2025-01-02T03:04:05.678Z"`, or `null`. */
export type BlockTimes = (heights: readonly string[]) => Promise<string[]>;

export interface BlockTimesOptions {
  sql: Sql;
  /** The oldest entries are dropped above this many; 200,000 (~20 MB) by default. */
  maxEntries?: number;
  maxAgeMs?: number;
  now?: () => number;
}

export function createBlockTimes(options: BlockTimesOptions): BlockTimes {
  const { sql } = options;
  const maxEntries = options.maxEntries ?? 200_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? performance.now.bind(performance);
  const cache = new Map<string, { time: string; at: number }>();

  const remember = (height: string, time: string, at: number) => {
    cache.delete(height);
    cache.set(height, { time, at });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
  };

  return async (heights) => {
    const at = now();
    const times: string[] = new Array(heights.length);
    const missing: string[] = [];
    heights.forEach((height, i) => {
      const cached = cache.get(height);
      if (cached && at - cached.at < maxAgeMs) times[i] = cached.time;
      else missing.push(height);
    });
    if (missing.length === 0) return times;
    const rows = await sql<{ height: string; time: string }[]>`
      SELECT height::text AS height,
        '"' || to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"' AS time
      FROM blocks WHERE height = ANY(${missing}::bigint[])`;
    const found = new Map(rows.map((row) => [row.height, row.time]));
    for (const [height, time] of found) remember(height, time, at);
    // A block not stored yet is null now and looked up again next time.
    heights.forEach((height, i) => times[i] ??= found.get(height) ?? "null");
    return times;
  };
}
