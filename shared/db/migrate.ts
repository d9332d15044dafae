/**
 * Brings the database to this build's schema version at service start: a new database gets
 * schema.sql; a database of an earlier version runs the steps of migrations.ts around it; one
 * of this version is left alone; one of a later version is refused. Everything happens in one
 * transaction under an advisory lock, so services that start at the same moment take turns and a
 * database is never left half-migrated (docs/architecture.md, "Schema").
 */
import type postgres from "postgres";
import { FatalError } from "../errors.ts";
import type { Sql } from "./connect.ts";
import { MIGRATIONS } from "./migrations.ts";

const MIGRATION_LOCK = 727_201;

/** The schema version schema.sql creates. */
export const SCHEMA_VERSION = 2;

export const schemaUrl = new URL("../../schema.sql", import.meta.url);

export interface MigrateResult {
  /** The version found: 0 for an empty database. */
  from: number;
  to: number;
}

export async function migrate(sql: Sql): Promise<MigrateResult> {
  const schema = await Deno.readTextFile(schemaUrl);
  return await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    const from = await schemaVersion(tx);
    if (from === SCHEMA_VERSION) return { from, to: from };
    if (from > SCHEMA_VERSION) {
      throw new FatalError(
        `The database's schema is version ${from}, newer than this build's ` +
          `${SCHEMA_VERSION}: run a build that knows version ${from}`,
      );
    }
    const steps = from === 0 ? [] : MIGRATIONS.filter((step) => step.version > from);
    for (const step of steps) await step.reshape(tx);
    await tx.unsafe(schema);
    for (const step of steps) await step.fill(tx);
    await tx`DELETE FROM schema_version`;
    await tx`INSERT INTO schema_version (version) VALUES (${SCHEMA_VERSION})`;
    return { from, to: SCHEMA_VERSION };
  });
}

/**
 * The database's schema version: its schema_version row; 1 for the tables of the first release,
 * which had none; 0 for a database without the indexer's tables.
 */
export async function schemaVersion(sql: Sql | postgres.TransactionSql): Promise<number> {
  const [found] = await sql<{ versioned: boolean; indexed: boolean }[]>`
    SELECT to_regclass('schema_version') IS NOT NULL AS versioned,
      to_regclass('token_events') IS NOT NULL AS indexed`;
  if (found.versioned) {
    const [row] = await sql<
      { version: number }[]
    >`SELECT max(version) AS version FROM schema_version`;
    return row?.version ?? 0;
  }
  return found.indexed ? 1 : 0;
}
