/**
 * Prometheus metrics of every request: count by route, method and status, and latency by
 * route. The route label is the route pattern, never the raw path, so its cardinality is fixed.
 */
import type { MiddlewareHandler } from "hono";
import type { Registry } from "../shared/metrics.ts";

/** Requests that matched no route share one label. */
const UNMATCHED = "unmatched";

export function httpMetrics(registry: Registry): MiddlewareHandler {
  const requests = registry.counter(
    "http_requests_total",
    "HTTP requests by route, method and status.",
  );
  const duration = registry.histogram(
    "http_request_duration_seconds",
    "HTTP request latency by route.",
    [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath === "/*" ? UNMATCHED : c.req.routePath;
    requests.inc({ route, method: c.req.method, status: c.res.status });
    duration.observe((performance.now() - started) / 1000, { route });
  };
}
