/**
 * Response objects as JSON text, keys in the order the response schemas list them and amounts
 * as exact-digit JSON numbers. Transfers are rendered by PostgreSQL (json_page.ts), over the
 * columns of a page's rows `r`, all but their block time: a history page is large and that
 * halves the API's work per request. Balances are rendered here: an account holds few tokens, and wrapping their query
 * cost PostgreSQL more than parsing the rows costs the API.
 */
import type { Sql } from "../../shared/db/mod.ts";
import type { BalanceRow, TokenRow } from "../queries.ts";

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

export function balanceJsonText(row: BalanceRow): string {
  // Never lets a non-number into the body as raw text.
  if (!INTEGER.test(row.amount)) throw new Error(`Not an integer amount: ${row.amount}`);
  return `{"address":${JSON.stringify(row.address)},"tokenId":${
    JSON.stringify(row.token_id)
  },"tokenPath":${JSON.stringify(row.token_path)},"amount":${row.amount}}`;
}

/** A token with its exact totals; its names come from arbitrary realms, so they are escaped. */
export function tokenJsonText(row: TokenRow): string {
  for (const value of [row.total_supply, row.holders, row.transfers]) {
    if (!INTEGER.test(value)) throw new Error(`Not an integer: ${value}`);
  }
  const height = (value: string | null) => value === null ? "null" : String(Number(value));
  return `{"tokenId":${JSON.stringify(row.token_id)},"tokenPath":${
    JSON.stringify(row.token_path)
  },"symbol":${JSON.stringify(row.symbol)},"name":${JSON.stringify(row.name)},"decimals":${
    JSON.stringify(row.decimals)
  },"totalSupply":${row.total_supply},"holders":${row.holders},"transfers":${row.transfers},` +
    `"firstHeight":${height(row.first_height)},"lastHeight":${height(row.last_height)}}`;
}

/**
 * A transfer as JSON text up to its last key, `"time":`: the caller appends the block time
 * (block_times.ts) and the closing brace. The strings are quoted, not escaped: the processor
 * stores only g addresses and JSON-safe hashes and token paths (shared/message.ts), and
 * `to_json` on them was a sixth of PostgreSQL's work for a history page.
 */
export function transferJsonUntilTime(sql: Sql) {
  return sql`'{"fromAddress":"' || r.from_address
    || '","toAddress":"' || r.to_address
    || '","tokenId":"' || r.token_id
    || '","tokenPath":"' || r.token_path
    || '","amount":' || r.amount
    || ',"kind":' || CASE WHEN r.from_address = '' THEN '"mint"'
      WHEN r.to_address = '' THEN '"burn"' ELSE '"transfer"' END
    || ',"blockHeight":' || r.block_height
    || ',"txIndex":' || r.tx_index
    || ',"eventIndex":' || r.event_index
    || ',"txHash":"' || r.tx_hash
    || '","time":'`;
}
