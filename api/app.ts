/**
 * The balance API as a Hono app: the token endpoints, /openapi.json and /docs, and
 * /health, /ready and /metrics. It only reads: main.ts hands it a read-only pool.
 */
import { Hono } from "hono";
import type { Sql } from "../shared/db/mod.ts";
import { createOpsApp, type Readiness } from "../shared/http/ops_server.ts";
import type { Logger } from "../shared/log.ts";
import type { Registry } from "../shared/metrics.ts";
import { createBlockTimes } from "./block_times.ts";
import { createConsistentThrough } from "./consistency.ts";
import { createCursorCodec } from "./cursor.ts";
import { renderDocsPage } from "./docs_page.ts";
import type { Endpoint, EndpointDeps } from "./endpoint.ts";
import { createErrorRenderer, notFound } from "./errors.ts";
import { httpMetrics } from "./http_metrics.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import type { Limits } from "./params.ts";
import { appliedHeight, syncStatus } from "./queries.ts";
import { balancesEndpoint } from "./routes/balances.ts";
import { tokenBalancesEndpoint } from "./routes/token_balances.ts";
import { tokenEndpoint, tokensEndpoint } from "./routes/tokens.ts";
import { statusRoutes } from "./routes/status.ts";
import { transferHistoryEndpoint } from "./routes/transfer_history.ts";

export interface AppOptions {
  /** A read-only pool (createDatabase({ readOnly: true })). */
  sql: Sql;
  registry: Registry;
  logger: Logger;
  limits: Limits;
  /** API_CURSOR_SECRET; every replica must share it. */
  cursorSecret?: string;
  /** How long the consistent-through height may be reused; 100 ms by default. */
  consistencyMaxAgeMs?: number;
  /** How long the /status snapshot may be reused; 2 s by default. */
  statusMaxAgeMs?: number;
  /** /ready answers 503 while the synchronizer trails the head by more blocks than this. */
  readyMaxLagBlocks?: number;
}

export function createApp(options: AppOptions): Hono {
  const { sql, registry, logger } = options;
  const deps: EndpointDeps = {
    sql,
    cursors: createCursorCodec(options.cursorSecret),
    consistentThrough: createConsistentThrough({ sql, maxAgeMs: options.consistencyMaxAgeMs }),
    blockTimes: createBlockTimes({ sql }),
    limits: options.limits,
  };
  // Static /tokens/... routes first, then the longer regex route: a regex route is tried in
  // the order registered, and /tokens/{tokenPath} would take every other.
  const endpoints: Endpoint[] = [
    tokensEndpoint(deps),
    balancesEndpoint(deps),
    transferHistoryEndpoint(deps),
    tokenBalancesEndpoint(deps),
    tokenEndpoint(deps),
  ];
  const openApiDocument = buildOpenApiDocument(endpoints);
  const docsPage = renderDocsPage(openApiDocument);

  const app = new Hono();
  app.use(httpMetrics(registry));
  for (const endpoint of endpoints) app.get(endpoint.route, endpoint.handler);
  app.get("/openapi.json", (c) => c.json(openApiDocument));
  app.get("/docs", (c) => c.html(docsPage));
  app.route("/", statusRoutes({ sql, maxAgeMs: options.statusMaxAgeMs }));
  const maxLag = options.readyMaxLagBlocks ?? DEFAULT_READY_MAX_LAG_BLOCKS;
  app.route("/", createOpsApp({ registry, ready: () => readiness(sql, maxLag) }));
  app.notFound(notFound);
  app.onError(createErrorRenderer(logger));
  return app;
}

/** API_READY_MAX_LAG_BLOCKS's default: the synchronizer's own readiness bound. */
export const DEFAULT_READY_MAX_LAG_BLOCKS = 50;

/**
 * Ready when the database answers and the data is fresh: the synchronizer works (not in error,
 * no stalled block) within `maxLag` blocks of the head. The body says how far the data is
 * applied and synced, and why it is not ready.
 */
async function readiness(sql: Sql, maxLag: number): Promise<Readiness> {
  const [[applied], [sync]] = await Promise.all([appliedHeight(sql), syncStatus(sql)]);
  const consistentThrough = Number(applied.height);
  if (!sync) {
    return {
      ready: false,
      checks: {
        database: "ok",
        consistentThrough,
        sync: { status: "not started" },
        reason: "the synchronizer has not started",
      },
    };
  }
  const lastHeight = Number(sync.last_height);
  const headHeight = Number(sync.head_height);
  const lag = Math.max(0, headHeight - lastHeight);
  const stalled = sync.stalled_height === null ? null : Number(sync.stalled_height);
  const reason = sync.status === "error"
    ? `the synchronizer is in error: ${sync.last_error || "no detail"}`
    : stalled !== null
    ? `the synchronizer cannot index block ${stalled}: ${sync.last_error || "no detail"}`
    : sync.status === "stopped"
    ? "the synchronizer is stopped"
    : lag > maxLag
    ? `the synchronizer is ${lag} blocks behind the head (at most ${maxLag} allowed)`
    : null;
  return {
    ready: reason === null,
    checks: {
      database: "ok",
      consistentThrough,
      sync: {
        status: sync.status,
        lastHeight,
        headHeight,
        lag,
        ...(stalled === null ? {} : { stalledHeight: stalled }),
        updatedAt: sync.updated_at.toISOString(),
      },
      ...(reason === null ? {} : { reason }),
    },
  };
}
