/**
 * `GET /tokens/{tokenPath}/balances`: the holders of a token (or of a realm's tokens), or one
 * holder's balances of it. The segment holds slashes, so the route is a regex route; app.ts
 * registers the static `/tokens/...` routes before it.
 */
import { checkedHeight } from "../as_of.ts";
import type { Endpoint, EndpointDeps } from "../endpoint.ts";
import { cursorKey, pageOf } from "../endpoint.ts";
import { jsonPageResponse } from "../json_page.ts";
import {
  addressParam,
  cursorParam,
  heightParam,
  limitParam,
  parseParam,
  readQuery,
  tokenPathParam,
} from "../params.ts";
import { type BalanceRow, balancesOfToken, balancesOfTokensAt, tokenIdsOf } from "../queries.ts";
import { accountBalancesResponse } from "../responses.ts";
import { tokenSelector } from "../token_selector.ts";
import { addressTokenIdKey } from "./cursor_keys.ts";
import { balanceJsonText } from "./shape.ts";

export function tokenBalancesEndpoint(deps: EndpointDeps): Endpoint {
  const { sql, cursors, consistentThrough } = deps;
  const queryParams = {
    address: addressParam,
    height: heightParam,
    limit: limitParam(deps.limits),
    cursor: cursorParam,
  };
  return {
    path: "/tokens/{tokenPath}/balances",
    // [\s\S]: a token path holding a newline (%0A) is a bad parameter (400), not an unknown route.
    route: "/tokens/:tokenPath{[\\s\\S]+}/balances",
    operationId: "getTokenBalances",
    summary: "Balances of one token, or of a realm's tokens",
    description: "Every account holding the token, by address then token id; with `address`, " +
      "only that account. A realm path lists the balances of every token of that realm, a " +
      "token id (or `<realm>.<SYMBOL>`) those of one token; a token nobody holds gives an " +
      "empty list. With `height`: the balances as of that block height (a snapshot, for an " +
      "airdrop or a report; the response carries `height`). Only non-zero balances are " +
      "listed: an account that emptied its balance is not listed. The slashes may be raw " +
      "(`/tokens/gno.land/r/demo/wugnot/balances`) or percent-encoded " +
      "(`/tokens/gno.land%2Fr%2Fdemo%2Fwugnot/balances`).",
    pathParams: { tokenPath: tokenPathParam },
    queryParams,
    response: accountBalancesResponse,
    handler: async (c) => {
      const tokenPath = parseParam("tokenPath", tokenPathParam, c.req.param("tokenPath"));
      const selector = tokenSelector(tokenPath)!;
      const { address: given, height: asOf, limit, cursor } = readQuery(c, queryParams);
      const address = given || undefined;
      const scope = `token-balances|${tokenPath}|${address ?? ""}|${asOf ?? ""}`;
      const after: [string, string] = cursor
        ? cursorKey(cursors, scope, cursor, addressTokenIdKey)
        : ["", ""];
      let found: BalanceRow[];
      let height: number;
      if (asOf === undefined) {
        [found, height] = await Promise.all([
          balancesOfToken(sql, { selector, address, after, take: limit + 1 }),
          consistentThrough(),
        ]);
      } else {
        height = await checkedHeight(deps, asOf);
        const tokenIds = (await tokenIdsOf(sql, selector)).map((row) => row.token_id);
        found = tokenIds.length === 0 ? [] : await balancesOfTokensAt(sql, {
          tokenIds,
          height: asOf,
          address,
          after,
          take: limit + 1,
        });
      }
      const { rows, nextCursor } = pageOf(
        cursors,
        scope,
        found,
        limit,
        (r) => [r.address, r.token_id],
      );
      const items = rows.map(balanceJsonText).join(",");
      return jsonPageResponse("accountBalances", items, nextCursor, height, asOf);
    },
  };
}
