/**
 * Every SQL statement the API runs, as tagged templates over the read-only pool. Each returns a
 * lazy query (not yet sent), so tests can also EXPLAIN it. Pages are keyset pages: the caller
 * passes the position after the previous page's last row and asks for one row more than it
 * serves, to learn whether a next page exists.
 *
 * Balances of zero are never listed: an account that emptied its balance holds no token.
 */
import { asOfRanges } from "../shared/balance_buckets.ts";
import type { Sql } from "../shared/db/mod.ts";
import type { TokenSelector } from "./token_selector.ts";

export interface BalanceRow {
  address: string;
  token_id: string;
  token_path: string;
  /** NUMERIC as its exact decimal text. */
  amount: string;
}

export interface TransferRow {
  block_height: string;
  tx_index: number;
  event_index: number;
  tx_hash: string;
  token_id: string;
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

/** One account's balances, by token id (primary key scan). */
export function balancesOfAccount(
  sql: Sql,
  options: { address: string; afterTokenId: string; take: number },
) {
  return sql<BalanceRow[]>`
    SELECT address, token_id, token_path, amount FROM balances
    WHERE address = ${options.address} AND token_id > ${options.afterTokenId} AND amount <> 0
    ORDER BY token_id
    LIMIT ${options.take}`;
}

/** Every account's balances, by (address, token id) (primary key scan). */
export function balancesOfAllAccounts(
  sql: Sql,
  options: { afterAddress: string; afterTokenId: string; take: number },
) {
  return sql<BalanceRow[]>`
    SELECT address, token_id, token_path, amount FROM balances
    WHERE (address, token_id) > (${options.afterAddress}, ${options.afterTokenId})
      AND address <> '' AND amount <> 0
    ORDER BY address, token_id
    LIMIT ${options.take}`;
}

/**
 * The holders of the tokens a selector names (token_selector.ts), by (address, token id), or
 * one holder's balances of them: one token by the balances_token index, a realm's tokens (and
 * a symbol's sequence-numbered id) by the balances_realm index.
 */
export function balancesOfToken(
  sql: Sql,
  options: {
    selector: TokenSelector;
    address?: string;
    after: [address: string, tokenId: string];
    take: number;
  },
) {
  const { selector, address, after } = options;
  const onlyAddress = address ? sql`AND address = ${address}` : sql``;
  const tokens = selected(sql, selector);
  return sql<BalanceRow[]>`
    SELECT address, token_id, token_path, amount FROM balances
    WHERE ${tokens} AND (address, token_id) > (${after[0]}, ${after[1]}) ${onlyAddress}
      AND amount <> 0
    ORDER BY address, token_id
    LIMIT ${options.take}`;
}

/** The token ids a selector names, from the tokens table (a realm holds few tokens). */
export function tokenIdsOf(sql: Sql, selector: TokenSelector) {
  return sql<{ token_id: string }[]>`
    SELECT token_id FROM tokens WHERE ${selected(sql, selector)} ORDER BY token_id LIMIT 1000`;
}

/**
 * The rows of a table with token_id and token_path columns that a selector names, as the
 * selector's own `selects` rule (token_selector.ts) puts it.
 */
function selected(sql: Sql, selector: TokenSelector) {
  if (selector.kind === "realm") return sql`token_path = ${selector.realm}`;
  if (!selector.bySymbol) return sql`token_id = ${selector.tokenId}`;
  return sql`(token_id = ${selector.tokenId} OR (token_path = ${selector.realm}
    AND token_id LIKE ${likePrefix(selector.tokenId)} AND token_id ~ '[.][0-9]{7}$'
    AND length(token_id) = ${selector.tokenId.length + 8}))`;
}

export interface TokenRow {
  token_id: string;
  token_path: string;
  symbol: string | null;
  name: string | null;
  decimals: number | null;
  /** NUMERIC and BIGINT as their exact decimal text. */
  total_supply: string;
  holders: string;
  transfers: string;
  first_height: string | null;
  last_height: string | null;
}

const TOKEN_COLUMNS = `token_id, token_path, symbol, name, decimals, total_supply::text,
  holders::text, transfers::text, first_height::text, last_height::text`;

/** Tokens by token id, of one realm or of all (primary key or tokens_realm scan). */
export function tokensPage(
  sql: Sql,
  options: { realm?: string; afterTokenId: string; take: number },
) {
  const realm = options.realm ? sql`AND token_path = ${options.realm}` : sql``;
  return sql<TokenRow[]>`
    SELECT ${sql.unsafe(TOKEN_COLUMNS)} FROM tokens
    WHERE token_id > ${options.afterTokenId} ${realm}
    ORDER BY token_id
    LIMIT ${options.take}`;
}

/** The tokens of the given ids. */
export function tokensByIds(sql: Sql, tokenIds: readonly string[]) {
  return sql<TokenRow[]>`
    SELECT ${sql.unsafe(TOKEN_COLUMNS)} FROM tokens
    WHERE token_id = ANY(${tokenIds as string[]}::text[])
    ORDER BY token_id`;
}

/** The lowest stored height: balances as of a lower height are not known. */
export function firstIndexedHeight(sql: Sql) {
  return sql<{ height: string | null }[]>`SELECT min(height)::text AS height FROM blocks`;
}

/**
 * One account's balances as of `height`, by token id: bucket sums below the height's fine
 * bucket, and the account's events from that bucket's first height to `height`
 * (shared/balance_buckets.ts). Every part is an index range of the account's rows.
 */
export function balancesOfAccountAt(
  sql: Sql,
  options: { address: string; height: number; afterTokenId: string; take: number },
) {
  const { address, height } = options;
  const r = asOfRanges(height);
  return sql<BalanceRow[]>`
    SELECT ${address}::text AS address, token_id,
      (SELECT token_path FROM tokens t WHERE t.token_id = changes.token_id) AS token_path,
      sum(amount)::text AS amount FROM (
      SELECT token_id, amount FROM balance_sums
      WHERE address = ${address} AND level = 2 AND bucket < ${r.coarseBelow}
      UNION ALL
      SELECT token_id, amount FROM balance_sums
      WHERE address = ${address} AND level = 1 AND bucket >= ${r.fineFrom}
        AND bucket < ${r.fineBelow}
      UNION ALL
      SELECT token_id, amount FROM token_events
      WHERE to_address = ${address} AND to_address <> ''
        AND block_height >= ${r.eventsFrom} AND block_height <= ${height}
      UNION ALL
      SELECT token_id, -amount FROM token_events
      WHERE from_address = ${address} AND from_address <> ''
        AND block_height >= ${r.eventsFrom} AND block_height <= ${height}
    ) AS changes
    WHERE token_id > ${options.afterTokenId}
    GROUP BY token_id
    HAVING sum(amount) <> 0
    ORDER BY token_id
    LIMIT ${options.take}`;
}

/**
 * The holders of some tokens as of `height`, by (address, token id), or one holder's balances
 * of them: the same sums as {@link balancesOfAccountAt}, over the tokens' rows.
 */
export function balancesOfTokensAt(
  sql: Sql,
  options: {
    tokenIds: readonly string[];
    height: number;
    address?: string;
    after: [address: string, tokenId: string];
    take: number;
  },
) {
  const { height, address, after } = options;
  const ids = options.tokenIds as string[];
  const r = asOfRanges(height);
  const onlySums = address ? sql`AND address = ${address}` : sql``;
  const onlyTo = address ? sql`AND to_address = ${address}` : sql``;
  const onlyFrom = address ? sql`AND from_address = ${address}` : sql``;
  return sql<BalanceRow[]>`
    SELECT address, token_id,
      (SELECT token_path FROM tokens t WHERE t.token_id = changes.token_id) AS token_path,
      sum(amount)::text AS amount FROM (
      SELECT address, token_id, amount FROM balance_sums
      WHERE token_id = ANY(${ids}::text[]) AND level = 2 AND bucket < ${r.coarseBelow}
        ${onlySums}
      UNION ALL
      SELECT address, token_id, amount FROM balance_sums
      WHERE token_id = ANY(${ids}::text[]) AND level = 1 AND bucket >= ${r.fineFrom}
        AND bucket < ${r.fineBelow} ${onlySums}
      UNION ALL
      SELECT to_address, token_id, amount FROM token_events
      WHERE token_id = ANY(${ids}::text[]) AND to_address <> '' ${onlyTo}
        AND block_height >= ${r.eventsFrom} AND block_height <= ${height}
      UNION ALL
      SELECT from_address, token_id, -amount FROM token_events
      WHERE token_id = ANY(${ids}::text[]) AND from_address <> '' ${onlyFrom}
        AND block_height >= ${r.eventsFrom} AND block_height <= ${height}
    ) AS changes
    WHERE (address, token_id) > (${after[0]}, ${after[1]})
    GROUP BY address, token_id
    HAVING sum(amount) <> 0
    ORDER BY address, token_id
    LIMIT ${options.take}`;
}

/** `text.` followed by anything, as a LIKE pattern that takes `text` literally. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
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
  const columns = sql`block_height, tx_index, event_index, tx_hash, token_id, token_path,
    from_address, to_address, amount`;
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
    SELECT e.block_height, e.tx_index, e.event_index, e.tx_hash, e.token_id, e.token_path,
      e.from_address, e.to_address, e.amount
    FROM ${events} AS e
    ORDER BY e.block_height DESC, e.tx_index DESC, e.event_index DESC
    LIMIT ${take}`;
}

/** The consistent-through height (docs/architecture.md, "Consistent through H"). */
export function appliedHeight(sql: Sql) {
  return sql<{ height: string }[]>`SELECT height FROM applied_height`;
}

/** The synchronizer's state, for /ready. */
export function syncStatus(sql: Sql) {
  return sql<
    {
      status: string;
      last_height: string;
      head_height: string;
      stalled_height: string | null;
      last_error: string;
      updated_at: Date;
    }[]
  >`
    SELECT status, last_height, head_height, stalled_height, last_error, updated_at
    FROM sync_state WHERE component = 'sync'`;
}
