/**
 * COPY FROM STDIN: the cheapest way to load many rows into PostgreSQL, for the synchronizer's
 * blocks and transactions and the processor's token events. PGlite (`deno task dev`) cannot
 * take COPY FROM STDIN over the wire protocol, so each caller keeps an INSERT for it (and for
 * loads too small to be worth COPY's extra round trip).
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";

/** Rows written as COPY text (tab-separated, newline-terminated, escaped) into a table. */
export async function copyIn(
  sql: postgres.TransactionSql,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string>,
): Promise<void> {
  const stream = await sql`COPY ${sql(table)} (${sql(columns as string[])}) FROM STDIN`.writable();
  await pipeline(Readable.from(chunks), stream);
}

/** Whether the database is PostgreSQL rather than PGlite; a process talks to one, so asked once. */
let copyFromStdin: Promise<boolean> | undefined;

export function acceptsCopyFromStdin(
  sql: postgres.Sql | postgres.TransactionSql,
): Promise<boolean> {
  copyFromStdin ??= sql<{ pglite: boolean }[]>`SELECT version() LIKE '%PGlite%' AS pglite`
    .then(([row]) => !row.pglite, (error) => {
      copyFromStdin = undefined;
      throw error;
    });
  return copyFromStdin;
}

/** Rows are sent in chunks of about this many characters. */
const CHUNK_CHARS = 256 * 1024;

/** The COPY text of the rows, in chunks. */
export function* copyChunks<T>(rows: Iterable<T>, toText: (row: T) => string): Generator<string> {
  let chunk = "";
  for (const row of rows) {
    chunk += toText(row);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk.length > 0) yield chunk;
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** COPY text format: backslash, newline, carriage return and tab are escaped. */
export function escapeCopy(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]) : value;
}
