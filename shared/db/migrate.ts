/**
 * Applies schema.sql. Every statement in it is idempotent, and an advisory lock makes services
 * that start at the same moment take turns instead of racing on the catalog.
 */
import type { Sql } from "./connect.ts";

const MIGRATION_LOCK = 727_201;

export const schemaUrl = new URL("../../schema.sql", import.meta.url);

export async function migrate(sql: Sql): Promise<void> {
  const schema = await Deno.readTextFile(schemaUrl);
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx.unsafe(schema);
  });
}
