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
import { DEFAULT_READY_MAX_LAG_BLOCKS, judgeSync } from "./readiness.ts";
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
  const maxLag = options.readyMaxLagBlocks ?? DEFAULT_READY_MAX_LAG_BLOCKS;
  app.route(
    "/",
    statusRoutes({ sql, maxAgeMs: options.statusMaxAgeMs, readyMaxLagBlocks: maxLag }),
  );
  app.route("/", createOpsApp({ registry, ready: () => readiness(sql, maxLag) }));
  app.notFound(notFound);
  app.onError(createErrorRenderer(logger));
  return app;
}

/**
 * Ready when the database answers and the data is fresh (judgeSync: the synchronizer works
 * within `maxLag` blocks of the head). The body says how far the data is applied and synced, and
 * why it is not ready.
 */
async function readiness(sql: Sql, maxLag: number): Promise<Readiness> {
  const [[applied], [sync]] = await Promise.all([appliedHeight(sql), syncStatus(sql)]);
  const consistentThrough = Number(applied.height);
  const facts = sync
    ? {
      status: sync.status,
      lastHeight: Number(sync.last_height),
      headHeight: Number(sync.head_height),
      stalledHeight: sync.stalled_height === null ? null : Number(sync.stalled_height),
      lastError: sync.last_error,
    }
    : null;
  const verdict = judgeSync(facts, maxLag);
  const reason = verdict.reason === null ? {} : { reason: verdict.reason };
  if (!sync || !facts) {
    return {
      ready: false,
      checks: { database: "ok", consistentThrough, sync: { status: "not started" }, ...reason },
    };
  }
  return {
    ready: verdict.ready,
    checks: {
      database: "ok",
      consistentThrough,
      sync: {
        status: facts.status,
        lastHeight: facts.lastHeight,
        headHeight: facts.headHeight,
        lag: verdict.lag,
        ...(facts.stalledHeight === null ? {} : { stalledHeight: facts.stalledHeight }),
        updatedAt: sync.updated_at.toISOString(),
      },
      ...reason,
    },
  };
}
