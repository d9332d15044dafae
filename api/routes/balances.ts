/**
 * `GET /tokens/balances`: one account's balances of every token, or every account's; with
 * `height`, one account's balances as of that height.
 */
import { checkedHeight } from "../as_of.ts";
import type { Endpoint, EndpointDeps } from "../endpoint.ts";
import { cursorKey, pageOf } from "../endpoint.ts";
import { badParameter } from "../errors.ts";
import { jsonPageResponse } from "../json_page.ts";
import { addressParam, cursorParam, heightParam, limitParam, readQuery } from "../params.ts";
import {
  type BalanceRow,
  balancesOfAccount,
  balancesOfAccountAt,
  balancesOfAllAccounts,
} from "../queries.ts";
import { balancesResponse } from "../responses.ts";
import { addressTokenIdKey, tokenIdKey } from "./cursor_keys.ts";
import { balanceJsonText } from "./shape.ts";

export function balancesEndpoint(deps: EndpointDeps): Endpoint {
  const { sql, cursors, consistentThrough } = deps;
  const queryParams = {
    address: addressParam,
    height: heightParam,
    limit: limitParam(deps.limits),
    cursor: cursorParam,
  };
  return {
    path: "/tokens/balances",
    route: "/tokens/balances",
    operationId: "getBalances",
    summary: "Balances of an account, or of every account",
    description: "With `address`: that account's balance of every token it holds, by token " +
      "id. Without: every account's balances, by address then token id. With `address` and " +
      "`height`: that account's balances as of that block height (a snapshot; the response " +
      "carries `height`). Only non-zero balances are listed: an account that emptied its " +
      "balance of a token is not listed.",
    pathParams: {},
    queryParams,
    response: balancesResponse,
    handler: async (c) => {
      const { address: given, height: asOf, limit, cursor } = readQuery(c, queryParams);
      const address = given || undefined;
      if (asOf !== undefined) {
        if (!address) {
          throw badParameter(
            "height",
            "height needs an address: ask /tokens/{tokenPath}/balances?height= for a token's " +
              "holders as of a height",
          );
        }
        const scope = `balances-at|${address}|${asOf}`;
        const [afterTokenId] = cursor ? cursorKey(cursors, scope, cursor, tokenIdKey) : [""];
        const consistent = await checkedHeight(deps, asOf);
        const found = await balancesOfAccountAt(sql, {
          address,
          height: asOf,
          afterTokenId,
          take: limit + 1,
        });
        const { rows, nextCursor } = pageOf(cursors, scope, found, limit, (r) => [r.token_id]);
        const items = rows.map(balanceJsonText).join(",");
        return jsonPageResponse("balances", items, nextCursor, consistent, asOf);
      }
      const scope = `balances|${address ?? ""}`;
      let rows: Promise<BalanceRow[]>;
      if (address) {
        const [afterTokenId] = cursor ? cursorKey(cursors, scope, cursor, tokenIdKey) : [""];
        rows = balancesOfAccount(sql, { address, afterTokenId, take: limit + 1 });
      } else {
        const [afterAddress, afterTokenId] = cursor
          ? cursorKey(cursors, scope, cursor, addressTokenIdKey)
          : ["", ""];
        rows = balancesOfAllAccounts(sql, { afterAddress, afterTokenId, take: limit + 1 });
      }
      const [found, height] = await Promise.all([rows, consistentThrough()]);
      const page = pageOf(
        cursors,
        scope,
        found,
        limit,
        (r) => address ? [r.token_id] : [r.address, r.token_id],
      );
      const items = page.rows.map(balanceJsonText).join(",");
      return jsonPageResponse("balances", items, page.nextCursor, height);
    },
  };
}
