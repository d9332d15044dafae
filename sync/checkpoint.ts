/**
 * The synchronizer's row in sync_state (component 'sync'): the last height whose window is
 * stored AND published, its hash, and the component's health. Only the lock holder writes it.
 */
import type { Sql } from "../shared/db/mod.ts";

export const COMPONENT = "sync";

export type SyncStatus = "syncing" | "caught_up" | "error" | "stopped";

export interface CheckpointState {
  lastHeight: number;
  lastHash: string;
  status: SyncStatus;
  errorCount: number;
  lastError: string;
  headHeight: number;
}

export interface Checkpoint {
  /** Reads the row, creating it (just below `startHeight`) on the first start. */
  load(startHeight: number): Promise<CheckpointState>;
  /** Moves the checkpoint forward; never backward. */
  advance(height: number, hash: string, status: SyncStatus, headHeight: number): Promise<void>;
  setStatus(status: SyncStatus, headHeight?: number): Promise<void>;
  /** Counts a failure and shows it; `status` is 'error' for dead letters and fatal errors. */
  recordError(message: string, status?: SyncStatus): Promise<void>;
}

export function createCheckpoint(sql: Sql): Checkpoint {
  return {
    async load(startHeight) {
      await sql`
        INSERT INTO sync_state (component, last_height) VALUES (${COMPONENT}, ${startHeight - 1})
        ON CONFLICT (component) DO NOTHING`;
      const [row] = await sql<
        {
          last_height: string;
          last_hash: string;
          status: SyncStatus;
          error_count: number;
          last_error: string;
          head_height: string;
        }[]
      >`
        SELECT last_height::text, last_hash, status, error_count, last_error, head_height::text
        FROM sync_state WHERE component = ${COMPONENT}`;
      return {
        lastHeight: Number(row.last_height),
        lastHash: row.last_hash,
        status: row.status,
        errorCount: row.error_count,
        lastError: row.last_error,
        headHeight: Number(row.head_height),
      };
    },
    async advance(height, hash, status, headHeight) {
      await sql`
        UPDATE sync_state
        SET last_height = ${height}, last_hash = ${hash}, status = ${status},
            head_height = GREATEST(head_height, ${headHeight}), updated_at = now()
        WHERE component = ${COMPONENT} AND last_height < ${height}`;
    },
    async setStatus(status, headHeight) {
      await sql`
        UPDATE sync_state
        SET status = ${status}, head_height = COALESCE(${headHeight ?? null}::bigint, head_height),
            started_at = CASE WHEN ${status} = 'syncing' AND status = 'stopped' THEN now()
                              ELSE started_at END,
            updated_at = now()
        WHERE component = ${COMPONENT}`;
    },
    async recordError(message, status) {
      await sql`
        UPDATE sync_state
        SET error_count = error_count + 1, last_error = ${message.slice(0, 2000)},
            status = COALESCE(${status ?? null}::text, status), updated_at = now()
        WHERE component = ${COMPONENT}`;
    },
  };
}

/**
 * Runs of missing heights among the stored blocks between `from` and `to` (SPEC "missing block
 * ranges"): the lowest and highest stored heights and the gaps between consecutive ones.
 */
export async function scanStoredBlocks(
  sql: Sql,
  from: number,
  to: number,
): Promise<
  { lowest: number | null; highest: number | null; innerGaps: { from: number; to: number }[] }
> {
  const [bounds] = await sql<{ lowest: string | null; highest: string | null }[]>`
    SELECT min(height)::text AS lowest, max(height)::text AS highest
    FROM blocks WHERE height BETWEEN ${from} AND ${to}`;
  const gaps = await sql<{ from: string; to: string }[]>`
    SELECT (height + 1)::text AS from, (next - 1)::text AS to
    FROM (
      SELECT height, lead(height) OVER (ORDER BY height) AS next
      FROM blocks WHERE height BETWEEN ${from} AND ${to}
    ) s
    WHERE next > height + 1
    ORDER BY height`;
  return {
    lowest: bounds.lowest === null ? null : Number(bounds.lowest),
    highest: bounds.highest === null ? null : Number(bounds.highest),
    innerGaps: gaps.map((g) => ({ from: Number(g.from), to: Number(g.to) })),
  };
}
