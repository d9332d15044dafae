/**
 * A fresh database per test, on the PostgreSQL server named by DATABASE_URL (started by
 * `deno task test` or given by the caller), with schema.sql applied.
 */
import { createDatabase, type Sql } from "../db/connect.ts";
import { migrate } from "../db/migrate.ts";

export interface TestDatabase {
  sql: Sql;
  url: string;
  name: string;
  [Symbol.asyncDispose](): Promise<void>;
  drop(): Promise<void>;
}

export function serverUrl(): string {
  const url = Deno.env.get("DATABASE_URL");
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set: run the tests with `deno task test`, which starts PostgreSQL and ElasticMQ",
    );
  }
  return url;
}

export async function createTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const admin = createDatabase({ url: serverUrl(), max: 1 });
  const name = `test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const sql = createDatabase({ url: url.toString(), max: 10 });
  if (options.migrate ?? true) await migrate(sql);
  const drop = async () => {
    await sql.end({ timeout: 5 });
    const admin = createDatabase({ url: serverUrl(), max: 1 });
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
  return { sql, url: url.toString(), name, drop, [Symbol.asyncDispose]: drop };
}
