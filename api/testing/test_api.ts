/**
 * The API app over a fresh test database: `sql` writes (seeding), the app reads through its own
 * read-only pool exactly as in production.
 */
import { createDatabase, type Sql } from "../../shared/db/mod.ts";
import { silentLogger } from "../../shared/log.ts";
import { Registry } from "../../shared/metrics.ts";
import { createTestDatabase, type TestDatabase } from "../../shared/testing/database.ts";
import { type AppOptions, createApp } from "../app.ts";

export interface TestApi {
  app: ReturnType<typeof createApp>;
  /** The seeding pool (can write). */
  sql: Sql;
  /** The app's pool (read-only). */
  readOnlySql: Sql;
  registry: Registry;
  db: TestDatabase;
  /** GET `path` and parse the JSON body; the raw text is returned too. */
  // deno-lint-ignore no-explicit-any
  get(path: string): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function createTestApi(options: Partial<AppOptions> = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const readOnlySql = createDatabase({ url: db.url, max: 4, readOnly: true });
  const registry = new Registry();
  const app = createApp({
    sql: readOnlySql,
    registry,
    logger: silentLogger,
    limits: { defaultLimit: 100, maxLimit: 1000 },
    cursorSecret: "a test cursor secret, long enough",
    consistencyMaxAgeMs: 0,
    ...options,
  });
  return {
    app,
    sql: db.sql,
    readOnlySql,
    registry,
    db,
    async get(path) {
      const response = await app.request(path);
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: response.status, body, text, headers: response.headers };
    },
    async [Symbol.asyncDispose]() {
      await readOnlySql.end({ timeout: 5 });
      await db.drop();
    },
  };
}
