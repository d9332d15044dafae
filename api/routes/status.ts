/**
 * The operator's view: GET /status (one HTML page, no build step, no external assets) and
 * GET /status.json (the snapshot it polls). Snapshots are cached for `maxAgeMs` and shared by
 * every viewer, so an open dashboard costs the database one snapshot per interval. Each answer
 * adds `servedAt`, the server's clock when it was sent, so that the page can tell the snapshot's
 * age whatever the viewer's clock says.
 */
import { Hono } from "hono";
import type { Sql } from "../../shared/db/mod.ts";
import { renderStatusPage } from "../status_page.ts";
import { readStatus, type StatusSnapshot } from "../status_queries.ts";

export interface StatusRoutesOptions {
  sql: Sql;
  /** How long a snapshot is reused; 2 s by default. */
  maxAgeMs?: number;
  /** The API's /ready bound (API_READY_MAX_LAG_BLOCKS): the snapshot's verdict uses it too. */
  readyMaxLagBlocks?: number;
}

export function statusRoutes(options: StatusRoutesOptions): Hono {
  const maxAgeMs = options.maxAgeMs ?? 2_000;
  let cached: { at: number; snapshot: Promise<StatusSnapshot> } | null = null;

  const snapshot = () => {
    const now = Date.now();
    if (!cached || now - cached.at > maxAgeMs) {
      const pending = readStatus(options.sql, { readyMaxLagBlocks: options.readyMaxLagBlocks });
      cached = { at: now, snapshot: pending };
      // A failed snapshot is not reused.
      pending.catch(() => {
        if (cached?.snapshot === pending) cached = null;
      });
    }
    return cached.snapshot;
  };

  const page = renderStatusPage();
  const app = new Hono();
  app.get("/status", (c) => c.html(page));
  app.get("/status.json", async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ ...await snapshot(), servedAt: new Date().toISOString() });
  });
  return app;
}
