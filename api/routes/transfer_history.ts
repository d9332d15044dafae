/**
 * `GET /tokens/transfer-history`: movements (mints, burns, transfers) newest first, of one
 * address (as sender or receiver) or of all. Only heights up to the consistent-through height
 * are served, and the cursor carries the position reached, so a client following it sees every
 * row exactly once while new blocks arrive (queries.ts explains why).
 */
import type { Endpoint, EndpointDeps } from "../endpoint.ts";
import { cursorKey } from "../endpoint.ts";
import { jsonPageResponse, readJsonPage } from "../json_page.ts";
import { addressParam, cursorParam, limitParam, readQuery } from "../params.ts";
import { type HistoryPosition, transferHistory } from "../queries.ts";
import { transfersResponse } from "../responses.ts";
import { historyKey } from "./cursor_keys.ts";
import { transferJsonUntilTime } from "./shape.ts";

/** Never inside an item: stored strings hold no control character (shape.ts). */
const ITEM_SEPARATOR = "\u0001";

export function transferHistoryEndpoint(deps: EndpointDeps): Endpoint {
  const { sql, cursors, consistentThrough, blockTimes } = deps;
  const queryParams = {
    address: addressParam,
    limit: limitParam(deps.limits),
    cursor: cursorParam,
  };
  return {
    path: "/tokens/transfer-history",
    route: "/tokens/transfer-history",
    operationId: "getTransferHistory",
    summary: "Transfer history",
    description: "Movements where `address` is the sender or the receiver (all movements " +
      "without it), newest first by (block height, transaction index, event index). Mints have " +
      "an empty `fromAddress`, burns an empty `toAddress`; a self-transfer is listed once. Only " +
      "blocks up to `consistentThrough` are served; a walk that follows `nextCursor` stays " +
      "below the height it started at and sees every movement exactly once.",
    pathParams: {},
    queryParams,
    response: transfersResponse,
    handler: async (c) => {
      const { address: given, limit, cursor } = readQuery(c, queryParams);
      const address = given || undefined;
      const scope = `transfer-history|${address ?? ""}`;
      const resumeAt = cursor ? cursorKey(cursors, scope, cursor, historyKey) : undefined;
      const height = await consistentThrough();
      // Only a forged cursor can point above the consistent height; it is clamped like any.
      const before: HistoryPosition = resumeAt && resumeAt[0] <= height
        ? { blockHeight: resumeAt[0], txIndex: resumeAt[1], eventIndex: resumeAt[2] }
        : { blockHeight: height + 1, txIndex: 0, eventIndex: 0 };
      const { found, items, last } = await readJsonPage(sql, {
        rows: transferHistory(sql, { address, before, take: limit + 1 }),
        order: sql`ORDER BY r.block_height DESC, r.tx_index DESC, r.event_index DESC`,
        // The height leads each item, up to its opening brace, for the block time lookup.
        item: sql`r.block_height || ${transferJsonUntilTime(sql)}`,
        key: sql`ARRAY[r.block_height, r.tx_index, r.event_index]::text[]`,
        limit,
        separator: ITEM_SEPARATOR,
      });
      const nextCursor = found > limit && last ? cursors.encode(scope, last.map(Number)) : null;
      const heights: string[] = [];
      const untilTime: string[] = [];
      for (const part of items === "" ? [] : items.split(ITEM_SEPARATOR)) {
        const brace = part.indexOf("{");
        heights.push(part.slice(0, brace));
        untilTime.push(part.slice(brace));
      }
      const times = await blockTimes(heights);
      const transfers = untilTime.map((item, i) => `${item}${times[i]}}`).join(",");
      return jsonPageResponse("transfers", transfers, nextCursor, height);
    },
  };
}
