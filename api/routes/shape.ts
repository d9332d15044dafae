/** Database rows to response objects, with amounts as exact-digit JSON numbers. */
import { exactNumber } from "../json.ts";
import type { BalanceRow, TransferRow } from "../queries.ts";

export function toBalance(row: BalanceRow) {
  return { address: row.address, tokenPath: row.token_path, amount: exactNumber(row.amount) };
}

export function toTransfer(row: TransferRow) {
  return {
    fromAddress: row.from_address,
    toAddress: row.to_address,
    tokenPath: row.token_path,
    amount: exactNumber(row.amount),
    kind: row.from_address === "" ? "mint" : row.to_address === "" ? "burn" : "transfer",
    blockHeight: exactNumber(row.block_height),
    txIndex: row.tx_index,
    eventIndex: row.event_index,
    txHash: row.tx_hash,
    time: row.time ? row.time.toISOString() : null,
  };
}
