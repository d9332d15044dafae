/**
 * Writes one fetched window in one database transaction: blocks, transactions (with their
 * messages and events JSON, so the window can be republished from the database alone), rejected
 * events, and the published_windows row for the messages about to be sent. Bulk (COPY for a
 * window's new transactions, unnest arrays otherwise) and idempotent (a window stored twice
 * changes nothing).
 *
 * The chain check against what is stored happens here, under the same transaction: the block
 * below the window must be the window's anchor, the block above must link to the window's last
 * block, and a stored height may never change its hash. Any disagreement is a chain reset.
 */
import type postgres from "postgres";
import type { Sql } from "../shared/db/mod.ts";
import { copyBlocks, copyTransactionRows } from "./copy_rows.ts";
import { ChainResetError } from "./errors.ts";
import type { FetchedWindow } from "./fetch_window.ts";

export interface StoreResult {
  /** Blocks written now (the others were stored before). */
  newBlocks: number;
}

export async function storeWindow(
  sql: Sql,
  fetched: FetchedWindow,
  publication: { partCount: number; eventCount: number },
): Promise<StoreResult> {
  const { window, blocks, transactionRows, rejections } = fetched;
  return await sql.begin(async (tx) => {
    const neighbours = await tx<{ height: string; hash: string; last_block_hash: string }[]>`
      SELECT height::text, hash, last_block_hash FROM blocks
      WHERE height = ${window.from - 1} OR height = ${window.to + 1}`;
    for (const stored of neighbours) {
      const height = Number(stored.height);
      if (height === window.from - 1 && fetched.anchor && stored.hash !== fetched.anchor.hash) {
        throw new ChainResetError(height, stored.hash, fetched.anchor.hash);
      }
      const last = blocks[blocks.length - 1];
      if (height === window.to + 1 && last && height >= 2 && stored.last_block_hash !== last.hash) {
        throw new ChainResetError(window.to, stored.last_block_hash, last.hash);
      }
    }

    const [{ stored }] = await tx<{ stored: number }[]>`
      SELECT count(*)::integer AS stored FROM blocks
      WHERE height BETWEEN ${window.from} AND ${window.to}`;
    // A window stored before (wholly or in part) takes the idempotent INSERT with its hash check.
    let newBlocks = blocks.length;
    if (stored > 0) newBlocks = await insertBlocks(tx, blocks);
    else if (blocks.length > 0) await copyBlocks(tx, blocks);

    if (transactionRows.length > 0) {
      const staging = await anyTransactionStored(tx, window);
      await copyTransactionRows(tx, transactionRows, { staging });
    }

    if (rejections.length > 0) {
      await tx`
        INSERT INTO rejected_events (tx_hash, event_index, block_height, tx_index, reason, detail)
        SELECT hash, e::integer, h::bigint, i::integer, reason, detail FROM unnest(
          ${rejections.map((r) => r.txHash)}::text[],
          ${texts(rejections.map((r) => r.eventIndex))}::text[],
          ${texts(rejections.map((r) => r.blockHeight))}::text[],
          ${texts(rejections.map((r) => r.txIndex))}::text[],
          ${rejections.map((r) => r.reason)}::text[],
          ${rejections.map((r) => r.detail)}::text[]
        ) AS u(hash, e, h, i, reason, detail)
        ON CONFLICT (tx_hash, event_index) DO NOTHING`;
    }

    await tx`
      INSERT INTO published_windows (from_height, to_height, part_count, event_count)
      VALUES (${window.from}, ${window.to}, ${publication.partCount}, ${publication.eventCount})
      ON CONFLICT (from_height, to_height) DO UPDATE
        SET part_count = excluded.part_count, event_count = excluded.event_count,
            published_at = now()`;
    return { newBlocks };
  });
}

/** Inserts the blocks not stored yet; a stored height with another hash is a chain reset. */
async function insertBlocks(
  tx: postgres.TransactionSql,
  blocks: FetchedWindow["blocks"],
): Promise<number> {
  const inserted = await tx`
    INSERT INTO blocks (height, hash, last_block_hash, time, num_txs, chain_id)
    SELECT h::bigint, hash, link, t::timestamptz, n::integer, chain FROM unnest(
      ${texts(blocks.map((b) => b.height))}::text[],
      ${blocks.map((b) => b.hash)}::text[],
      ${blocks.map((b) => b.last_block_hash)}::text[],
      ${blocks.map((b) => b.time)}::text[],
      ${texts(blocks.map((b) => b.num_txs))}::text[],
      ${blocks.map((b) => b.chain_id)}::text[]
    ) AS u(h, hash, link, t, n, chain)
    ON CONFLICT (height) DO NOTHING`;
  if (inserted.count < blocks.length) {
    const [changed] = await tx<{ height: string; stored: string; upstream: string }[]>`
      SELECT b.height::text, b.hash AS stored, u.hash AS upstream
      FROM blocks b
      JOIN unnest(${texts(blocks.map((b) => b.height))}::text[], ${
      blocks.map((b) => b.hash)
    }::text[]) AS u(height, hash) ON b.height = u.height::bigint
      WHERE b.hash <> u.hash
      ORDER BY b.height
      LIMIT 1`;
    if (changed) {
      throw new ChainResetError(Number(changed.height), changed.stored, changed.upstream);
    }
  }
  return inserted.count;
}

/** A window stored before (wholly or in part, by windows of another size) goes through staging. */
async function anyTransactionStored(
  sql: postgres.TransactionSql,
  window: { from: number; to: number },
) {
  const rows = await sql`
    SELECT 1 FROM transactions WHERE block_height BETWEEN ${window.from} AND ${window.to} LIMIT 1`;
  return rows.length > 0;
}

/**
 * Every array goes over the wire as text[] and is cast in SQL: the driver's own serialization
 * of typed arrays is not trusted (it turns strings bound to boolean[] into false).
 */
function texts(values: readonly number[]): string[] {
  return values.map(String);
}
