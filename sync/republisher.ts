/**
 * ARCHITECTURE invariant 5: a published window that is not fully applied after a timeout is
 * published again, re-derived from the stored transactions (the queue may have lost it:
 * ElasticMQ keeps messages in memory). Packing is deterministic, so the parts carry the same
 * numbers as the first time; the processor ignores what it has applied already.
 */
import type { Sql } from "../shared/db/mod.ts";
import {
  parseTransaction,
  type TokenEvent,
  type UpstreamTransaction,
} from "../shared/events/mod.ts";
import { packMessages } from "../shared/message_pack.ts";
import type { Queue } from "../shared/queue/queue.ts";

export interface RepublishOptions {
  sql: Sql;
  queue: Queue;
  libraryPaths: readonly string[];
  afterSeconds: number;
  /** At most this many windows per call (oldest first). */
  limit?: number;
  signal?: AbortSignal;
}

export interface RepublishedWindow {
  from: number;
  to: number;
  parts: number;
  /** False when the stored transactions no longer give the published parts: not sent. */
  consistent: boolean;
}

/** Republishes stale windows; returns the windows looked at. */
export async function republishStaleWindows(
  options: RepublishOptions,
): Promise<RepublishedWindow[]> {
  const { sql } = options;
  const stale = await sql<
    { from_height: string; to_height: string; part_count: number; event_count: number }[]
  >`
    SELECT from_height::text, to_height::text, part_count, event_count FROM published_windows
    WHERE applied_parts < part_count
      AND published_at < now() - make_interval(secs => ${options.afterSeconds})
    ORDER BY from_height
    LIMIT ${options.limit ?? 20}`;
  const done: RepublishedWindow[] = [];
  for (const row of stale) {
    if (options.signal?.aborted) break;
    const window = { from: Number(row.from_height), to: Number(row.to_height) };
    const events = await storedEvents(sql, window, options.libraryPaths);
    const bodies = packMessages(window, events);
    if (bodies.length !== row.part_count || events.length !== row.event_count) {
      // Never shrink what the processor waits for: stored data and bookkeeping disagree.
      done.push({ ...window, parts: bodies.length, consistent: false });
      continue;
    }
    await sql`
      UPDATE published_windows SET published_at = now()
      WHERE from_height = ${window.from} AND to_height = ${window.to}`;
    await options.queue.send(bodies, options.signal);
    done.push({ ...window, parts: bodies.length, consistent: true });
  }
  return done;
}

/** The window's token events, parsed again from the stored transactions. */
export async function storedEvents(
  sql: Sql,
  window: { from: number; to: number },
  libraryPaths: readonly string[],
): Promise<TokenEvent[]> {
  const rows = await sql<
    {
      block_height: string;
      tx_index: number;
      hash: string;
      success: boolean;
      messages: UpstreamTransaction["messages"];
      events: NonNullable<UpstreamTransaction["response"]["events"]>;
    }[]
  >`
    SELECT block_height::text, tx_index, hash, success, messages, events FROM transactions
    WHERE block_height BETWEEN ${window.from} AND ${window.to}
    ORDER BY block_height, tx_index`;
  const events: TokenEvent[] = [];
  for (const row of rows) {
    const parsed = parseTransaction({
      hash: row.hash,
      index: row.tx_index,
      block_height: Number(row.block_height),
      success: row.success,
      messages: row.messages,
      response: { events: row.events },
    }, { libraryPaths });
    for (const event of parsed.events) events.push(event);
  }
  return events;
}
