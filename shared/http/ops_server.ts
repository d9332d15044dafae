/**
 * The operations endpoints every long-running service serves: /health (the process is alive),
 * /ready (dependencies reachable and caught up) and /metrics (Prometheus).
 */
import { Hono } from "hono";
import type { Registry } from "../metrics.ts";
import { listenOrExit } from "./listen.ts";

export interface Readiness {
  ready: boolean;
  /** Per-dependency detail, shown in the /ready body. */
  checks: Record<string, unknown>;
}

export interface OpsOptions {
  registry: Registry;
  ready: () => Promise<Readiness>;
}

export function createOpsApp(options: OpsOptions): Hono {
  const app = new Hono();
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/ready", async (c) => {
    try {
      const readiness = await options.ready();
      return c.json(
        { status: readiness.ready ? "ready" : "not ready", ...readiness.checks },
        readiness.ready ? 200 : 503,
      );
    } catch (error) {
      return c.json({ status: "not ready", error: (error as Error).message }, 503);
    }
  });
  app.get("/metrics", (c) =>
    c.body(options.registry.render(), 200, {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
    }));
  app.notFound((c) => c.json({ error: { code: "not_found", message: "Not found" } }, 404));
  return app;
}

/**
 * Serves the ops app on a port until the signal aborts; a taken port stops the process with one
 * line naming `variable`.
 */
export function serveOps(
  options: OpsOptions & { port: number; variable: string; hostname?: string; signal: AbortSignal },
): Deno.HttpServer<Deno.NetAddr> {
  const app = createOpsApp(options);
  return listenOrExit({
    port: options.port,
    hostname: options.hostname ?? "0.0.0.0",
    signal: options.signal,
    variable: options.variable,
  }, app.fetch);
}
