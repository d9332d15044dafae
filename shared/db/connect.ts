/** PostgreSQL connection pools (porsager `postgres`). Every query is a tagged template. */
import postgres from "postgres";
import { installImmediateGuard } from "./immediate_guard.ts";

export type Sql = postgres.Sql;

export interface DatabaseOptions {
  url: string;
  /** Pool size. */
  max?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** Every transaction of this pool is read-only: the API's sessions cannot write. */
  readOnly?: boolean;
  /**
   * Queries sent on one connection before its first answer; 100 by default. With a small number,
   * queries wait in one shared first-come queue for a free connection instead of behind whatever
   * another connection is busy with, which keeps request latencies even.
   */
  pipeline?: number;
}

export function createDatabase(options: DatabaseOptions): Sql {
  installImmediateGuard();
  return postgres(options.url, {
    max: options.max ?? 10,
    max_pipeline: options.pipeline ?? 100,
    idle_timeout: 60,
    connect_timeout: 10,
    max_lifetime: 60 * 30,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? "grc20-indexer",
      ...(options.readOnly ? { default_transaction_read_only: true } : {}),
    },
  });
}
