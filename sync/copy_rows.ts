/**
 * Writes a window's blocks and transactions from rows encoded as COPY text: COPY FROM STDIN for
 * large windows on PostgreSQL, one INSERT of a JSON parameter otherwise (never INSERT ... unnest:
 * the driver's array serialization escapes every quote of every JSON document). The caller uses
 * it only for rows none of which are stored yet (under the writer lock, in one transaction), or
 * through the staging table.
 */
import type postgres from "postgres";
import { acceptsCopyFromStdin, copyChunks, copyIn, escapeCopy } from "../shared/db/copy_in.ts";
import type { UpstreamTransaction } from "../shared/events/mod.ts";
import type { UpstreamBlock } from "./upstream/client.ts";

/**
 * Below this much text the JSON INSERT is as fast as COPY and takes one round trip instead of
 * two, which is what a window at the head needs.
 */
export const COPY_MIN_CHARS = 64 * 1024;

/**
 * Copies transactions given as COPY text (see transactionRow). With `staging`, they go to a
 * session-local staging table first and only the ones not stored yet are inserted: the path for
 * a window stored before, wholly or in part.
 */
export async function copyTransactionRows(
  sql: postgres.TransactionSql,
  chunks: readonly string[],
  { staging }: { staging: boolean },
): Promise<void> {
  if (!staging) {
    await copyText(sql, "transactions", TRANSACTION_COLUMNS, chunks, TRANSACTION_JSON_COLUMNS);
    return;
  }
  await sql`
    CREATE TEMP TABLE IF NOT EXISTS transactions_staging (LIKE transactions INCLUDING DEFAULTS)
    ON COMMIT DELETE ROWS`;
  await copyText(
    sql,
    "transactions_staging",
    TRANSACTION_COLUMNS,
    chunks,
    TRANSACTION_JSON_COLUMNS,
  );
  await sql`
    INSERT INTO transactions (block_height, tx_index, hash, success, messages, events)
    SELECT block_height, tx_index, hash, success, messages, events FROM transactions_staging
    ON CONFLICT (block_height, tx_index) DO NOTHING`;
  await sql`DELETE FROM transactions_staging`;
}

export async function copyBlocks(
  sql: postgres.TransactionSql,
  blocks: readonly UpstreamBlock[],
): Promise<void> {
  await copyText(sql, "blocks", BLOCK_COLUMNS, [...copyChunks(blocks, blockRow)]);
}

const TRANSACTION_COLUMNS = ["block_height", "tx_index", "hash", "success", "messages", "events"];
const TRANSACTION_JSON_COLUMNS = ["messages", "events"];
const BLOCK_COLUMNS = ["height", "hash", "last_block_hash", "time", "num_txs", "chain_id"];

/**
 * Loads rows written as COPY text into a table. Large loads go through COPY FROM STDIN, which
 * costs the synchronizer a third less CPU than building the JSON parameter
 * (docs/performance.md). PGlite (`deno task dev`) cannot take COPY FROM STDIN over the wire protocol,
 * so there every load is the JSON INSERT.
 */
async function copyText(
  sql: postgres.TransactionSql,
  table: string,
  columns: string[],
  chunks: readonly string[],
  jsonColumns: readonly string[] = [],
): Promise<void> {
  const chars = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  if (chars >= COPY_MIN_CHARS && await acceptsCopyFromStdin(sql)) {
    await copyIn(sql, table, columns, chunks);
    return;
  }
  const rows: Record<string, unknown>[] = decodeCopyText(chunks, columns);
  if (rows.length === 0) return;
  // A JSON column takes the document itself, not its text as a JSON string.
  for (const row of rows) {
    for (const column of jsonColumns) row[column] = JSON.parse(row[column] as string);
  }
  await sql`
    INSERT INTO ${sql(table)} (${sql(columns)})
    SELECT ${sql(columns)} FROM json_populate_recordset(null::${sql(table)}, ${
    JSON.stringify(rows)
  }::text::json)`;
}

/** COPY text back into rows keyed by column (the inverse of the row writers below). */
export function decodeCopyText(
  chunks: Iterable<string>,
  columns: readonly string[],
): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const chunk of chunks) {
    for (const line of chunk.split("\n")) {
      if (line === "") continue;
      const values = line.split("\t");
      rows.push(Object.fromEntries(columns.map((column, i) => [column, unescapeCopy(values[i])])));
    }
  }
  return rows;
}

const UNESCAPES: Record<string, string> = { "\\": "\\", n: "\n", r: "\r", t: "\t" };

function unescapeCopy(value: string): string {
  return value.includes("\\")
    ? value.replace(/\\([\\nrt])/g, (_, c: string) => UNESCAPES[c])
    : value;
}

export function blockRow(block: UpstreamBlock): string {
  return `${block.height}\t${escapeCopy(block.hash)}\t${escapeCopy(block.last_block_hash)}\t${
    escapeCopy(block.time)
  }\t${block.num_txs}\t${escapeCopy(block.chain_id)}\n`;
}

export function transactionRow(tx: UpstreamTransaction): string {
  return `${tx.block_height}\t${tx.index}\t${escapeCopy(tx.hash)}\t${tx.success ? "t" : "f"}\t${
    escapeCopy(JSON.stringify(tx.messages))
  }\t${escapeCopy(JSON.stringify(tx.response.events ?? []))}\n`;
}
