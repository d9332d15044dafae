/** /ready for the processor: the database and the queue both answer. */
import type { Sql } from "../shared/db/connect.ts";
import type { Readiness } from "../shared/http/ops_server.ts";
import type { Queue } from "../shared/queue/queue.ts";

export async function checkReadiness(deps: { sql: Sql; queue: Queue }): Promise<Readiness> {
  const [database, queue] = await Promise.allSettled([
    deps.sql`SELECT height::text FROM applied_height`,
    deps.queue.stats(),
  ]);
  return {
    ready: database.status === "fulfilled" && queue.status === "fulfilled",
    checks: {
      database: database.status === "fulfilled" ? "ok" : problem(database.reason),
      queue: queue.status === "fulfilled" ? "ok" : problem(queue.reason),
      ...(database.status === "fulfilled"
        ? { appliedHeight: Number(database.value[0].height) }
        : {}),
      ...(queue.status === "fulfilled" ? { queueVisible: queue.value.visible } : {}),
    },
  };
}

function problem(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
