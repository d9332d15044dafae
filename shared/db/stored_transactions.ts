/**
 * Transactions as the synchronizer stored them (with their messages and events), read back in
 * chain order as the upstream served them: for republishing a window (sync/) and for a schema
 * migration that derives data from them (migrations.ts).
 */
import type postgres from "postgres";
import type { UpstreamTransaction } from "../events/mod.ts";
import type { Sql } from "./connect.ts";

/** The stored transactions that `where` (a condition on `transactions`) selects. */
export async function storedTransactions(
  sql: Sql | postgres.TransactionSql,
  // deno-lint-ignore no-explicit-any
  where: postgres.PendingQuery<any>,
): Promise<UpstreamTransaction[]> {
  const rows = await sql<
    {
      block_height: string;
      tx_index: number;
      hash: string;
      success: boolean;
      messages: UpstreamTransaction["messages"];
      events: NonNullable<UpstreamTransaction["response"]["events"]>;
    }[]
  >`
    SELECT block_height::text, tx_index, hash, success, messages, events FROM transactions
    WHERE ${where}
    ORDER BY block_height, tx_index`;
  return rows.map((row) => ({
    hash: row.hash,
    index: row.tx_index,
    block_height: Number(row.block_height),
    success: row.success,
    messages: row.messages,
    response: { events: row.events },
  }));
}
