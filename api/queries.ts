/**
 * Every SQL statement the API runs, as tagged templates over the read-only pool. Each returns a
 * lazy query (not yet sent), so tests can also EXPLAIN it. Pages are keyset pages: the caller
 * passes the position after the previous page's last row and asks for one row more than it
 * serves, to learn whether a next page exists.
 *
 * Balances of zero are never listed: an account that emptied its balance holds no token.
 */
import type { Sql } from "../shared/db/mod.ts";

export interface BalanceRow {
  address: string;
  token_path: string;
  /** NUMERIC as its exact decimal text. */
  amount: string;
}

export interface TransferRow {
  block_height: string;
  tx_index: number;
  event_index: number;
  tx_hash: string;
  token_path: string;
  from_address: string;
  to_address: string;
  amount: string;
}

/** A position in transfer history, which is ordered newest first. */
export interface HistoryPosition {
  blockHeight: number;
  txIndex: number;
  eventIndex: number;
}

/** One account's balances, by token path (primary key scan). */
export function balancesOfAccount(
  sql: Sql,
  options: { address: string; afterTokenPath: string; take: number },
) {
  return sql<BalanceRow[]>`
    SELECT address, token_path, amount FROM balances
    WHERE address = ${options.address} AND token_path > ${options.afterTokenPath} AND amount <> 0
    ORDER BY token_path
    LIMIT ${options.take}`;
}

/** Every account's balances, by (address, token path) (primary key scan). */
export function balancesOfAllAccounts(
  sql: Sql,
  options: { afterAddress: string; afterTokenPath: string; take: number },
) {
  return sql<BalanceRow[]>`
    SELECT address, token_path, amount FROM balances
    WHERE (address, token_path) > (${options.afterAddress}, ${options.afterTokenPath})
      AND address <> '' AND amount <> 0
    ORDER BY address, token_path
    LIMIT ${options.take}`;
}

/** The holders of one token, by address (balances_token scan), or one holder's balance. */
export function balancesOfToken(
  sql: Sql,
  options: { tokenPath: string; address?: string; afterAddress: string; take: number },
) {
  const onlyAddress = options.address ? sql`AND address = ${options.address}` : sql``;
  return sql<BalanceRow[]>`
    SELECT address, token_path, amount FROM balances
    WHERE token_path = ${options.tokenPath} AND address > ${options.afterAddress} ${onlyAddress}
      AND amount <> 0
    ORDER BY address
    LIMIT ${options.take}`;
}

/**
 * Movements strictly before `before` (newest first). The first page starts just above the
 * consistent-through height, so rows of later heights (possibly applied out of order by
 * parallel processors) are never served; every later page starts below the previous one, so
 * the bound stays pinned for the whole walk.
 *
 * With an address, the movements it sent and those it received come from two index scans
 * merged by the outer ORDER BY; the received side skips self-transfers, which the sent side
 * already holds. The `<> ''` conditions repeat the partial indexes' predicates so that even a
 * generic prepared plan can use them; both indexes hold every column listed, so both sides are
 * index-only scans. Block times come from block_times.ts, not from a join.
 */
export function transferHistory(
  sql: Sql,
  options: { address?: string; before: HistoryPosition; take: number },
) {
  const { address, before, take } = options;
  const position = sql`(block_height, tx_index, event_index) <
    (${before.blockHeight}, ${before.txIndex}, ${before.eventIndex})`;
  const newestFirst = sql`ORDER BY block_height DESC, tx_index DESC, event_index DESC`;
  const columns = sql`block_height, tx_index, event_index, tx_hash, token_path, from_address,
    to_address, amount`;
  const events = address
    ? sql`(
        (SELECT ${columns} FROM token_events
          WHERE from_address = ${address} AND from_address <> '' AND ${position}
          ${newestFirst} LIMIT ${take})
        UNION ALL
        (SELECT ${columns} FROM token_events
          WHERE to_address = ${address} AND to_address <> '' AND from_address <> ${address}
            AND ${position}
          ${newestFirst} LIMIT ${take})
      )`
    : sql`(SELECT ${columns} FROM token_events WHERE ${position} ${newestFirst} LIMIT ${take})`;
  return sql<TransferRow[]>`
    SELECT e.block_height, e.tx_index, e.event_index, e.tx_hash, e.token_path, e.from_address,
      e.to_address, e.amount
    FROM ${events} AS e
    ORDER BY e.block_height DESC, e.tx_index DESC, e.event_index DESC
    LIMIT ${take}`;
}

/** The consistent-through height (ARCHITECTURE invariant 4). */
export function appliedHeight(sql: Sql) {
  return sql<{ height: string }[]>`SELECT height FROM applied_height`;
}

/** The synchronizer's state, for /ready. */
export function syncStatus(sql: Sql) {
  return sql<{ status: string; last_height: string; head_height: string }[]>`
    SELECT status, last_height, head_height FROM sync_state WHERE component = 'sync'`;
}
