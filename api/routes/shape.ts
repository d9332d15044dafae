/**
 * Response objects as SQL (json_page.ts), over the columns of a page's rows `r`. Keys in the
 * order the response schemas list them; amounts and heights as exact-digit JSON numbers.
 */
import type { Sql } from "../../shared/db/mod.ts";

export function balanceJson(sql: Sql) {
  return sql`'{"address":' || to_json(r.address) || ',"tokenPath":' || to_json(r.token_path)
    || ',"amount":' || r.amount || '}'`;
}

export function transferJson(sql: Sql) {
  return sql`'{"fromAddress":' || to_json(r.from_address)
    || ',"toAddress":' || to_json(r.to_address)
    || ',"tokenPath":' || to_json(r.token_path)
    || ',"amount":' || r.amount
    || ',"kind":' || CASE WHEN r.from_address = '' THEN '"mint"'
      WHEN r.to_address = '' THEN '"burn"' ELSE '"transfer"' END
    || ',"blockHeight":' || r.block_height
    || ',"txIndex":' || r.tx_index
    || ',"eventIndex":' || r.event_index
    || ',"txHash":' || to_json(r.tx_hash)
    || ',"time":' || COALESCE(
      '"' || to_char(r.time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')
    || '}'`;
}
