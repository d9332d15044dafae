/**
 * One writer (docs/architecture.md, "Sync order"): a PostgreSQL session advisory lock held on a dedicated connection for as
 * long as the synchronizer works. A second synchronizer polls for it and takes over when the
 * holder dies (PostgreSQL frees a session lock when its connection goes). A heartbeat checks that
 * the connection, and so the lock, is still ours; if not, `lost` aborts and work must stop.
 */
import { createDatabase, type Sql } from "../shared/db/mod.ts";
import type { Logger } from "../shared/log.ts";
import { sleep } from "../shared/shutdown.ts";

/** The advisory lock key of the synchronizer ("sync" in ASCII). */
export const SYNC_LOCK_KEY = 0x73796e63;

export interface WriterLock {
  /** Aborts when the lock may have been lost (connection gone). */
  lost: AbortSignal;
  release(): Promise<void>;
}

export interface WriterLockOptions {
  url: string;
  logger: Logger;
  signal: AbortSignal;
  key?: number;
  pollMs?: number;
  heartbeatMs?: number;
  /** Called once while waiting for another holder. */
  onWaiting?: () => void;
}

/** Waits until the lock is ours (or the signal aborts: then resolves null). */
export async function acquireWriterLock(options: WriterLockOptions): Promise<WriterLock | null> {
  const key = options.key ?? SYNC_LOCK_KEY;
  let waitingReported = false;
  while (!options.signal.aborted) {
    const sql = createDatabase({ url: options.url, max: 1, applicationName: "grc20-sync-lock" });
    try {
      for (;;) {
        const [row] = await sql<{ locked: boolean; pid: number }[]>`
          SELECT pg_try_advisory_lock(${key}) AS locked, pg_backend_pid() AS pid`;
        if (row.locked) return hold(sql, row.pid, key, options);
        if (!waitingReported) {
          waitingReported = true;
          options.logger.info("another synchronizer holds the writer lock, waiting");
          options.onWaiting?.();
        }
        await sleep(options.pollMs ?? 1_000, options.signal);
        if (options.signal.aborted) break;
      }
    } catch (error) {
      options.logger.warn("writer lock: database unavailable, retrying", { error });
      await sleep(options.pollMs ?? 1_000, options.signal);
    }
    await sql.end({ timeout: 1 }).catch(() => {});
  }
  return null;
}

function hold(sql: Sql, pid: number, key: number, options: WriterLockOptions): WriterLock {
  const controller = new AbortController();
  let released = false;
  const heartbeat = setInterval(async () => {
    try {
      const [row] = await sql<{ pid: number; held: boolean }[]>`
        SELECT pg_backend_pid() AS pid, EXISTS (
          SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
            AND objid = ${key} AND granted
        ) AS held`;
      if (row.pid !== pid || !row.held) throw new Error("the lock connection was replaced");
    } catch (error) {
      if (released || controller.signal.aborted) return;
      options.logger.error("writer lock lost, stopping work", { error });
      controller.abort(new Error("Writer lock lost"));
    }
  }, options.heartbeatMs ?? 2_000);
  options.logger.info("writer lock acquired");
  return {
    lost: controller.signal,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      await sql`SELECT pg_advisory_unlock(${key})`.catch(() => {});
      await sql.end({ timeout: 2 }).catch(() => {});
    },
  };
}
