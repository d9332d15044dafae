/** `GET /tokens/balances`: one account's balances of every token, or every account's. */
import type { Endpoint, EndpointDeps } from "../endpoint.ts";
import { cursorKey } from "../endpoint.ts";
import { jsonPageResponse, readJsonPage } from "../json_page.ts";
import { addressParam, cursorParam, limitParam, readQuery } from "../params.ts";
import { balancesOfAccount, balancesOfAllAccounts } from "../queries.ts";
import { balancesResponse } from "../responses.ts";
import { addressTokenPathKey, tokenPathKey } from "./cursor_keys.ts";
import { balanceJson } from "./shape.ts";

export function balancesEndpoint(deps: EndpointDeps): Endpoint {
  const { sql, cursors, consistentThrough } = deps;
  const queryParams = {
    address: addressParam,
    limit: limitParam(deps.limits),
    cursor: cursorParam,
  };
  return {
    path: "/tokens/balances",
    route: "/tokens/balances",
    operationId: "getBalances",
    summary: "Balances of an account, or of every account",
    description: "With `address`: that account's balance of every token it holds, by token " +
      "path. Without: every account's balances, by address then token path. Only non-zero " +
      "balances are listed: an account that emptied its balance of a token is not listed.",
    pathParams: {},
    queryParams,
    response: balancesResponse,
    handler: async (c) => {
      const { address: given, limit, cursor } = readQuery(c, queryParams);
      const address = given || undefined;
      const scope = `balances|${address ?? ""}`;
      const item = balanceJson(sql);
      let page;
      if (address) {
        const [afterTokenPath] = cursor ? cursorKey(cursors, scope, cursor, tokenPathKey) : [""];
        page = readJsonPage(sql, {
          rows: balancesOfAccount(sql, { address, afterTokenPath, take: limit + 1 }),
          order: sql`ORDER BY r.token_path`,
          item,
          key: sql`ARRAY[r.token_path]`,
          limit,
        });
      } else {
        const [afterAddress, afterTokenPath] = cursor
          ? cursorKey(cursors, scope, cursor, addressTokenPathKey)
          : ["", ""];
        page = readJsonPage(sql, {
          rows: balancesOfAllAccounts(sql, { afterAddress, afterTokenPath, take: limit + 1 }),
          order: sql`ORDER BY r.address, r.token_path`,
          item,
          key: sql`ARRAY[r.address, r.token_path]`,
          limit,
        });
      }
      const [{ found, items, last }, height] = await Promise.all([page, consistentThrough()]);
      const nextCursor = found > limit && last ? cursors.encode(scope, last) : null;
      return jsonPageResponse("balances", items, nextCursor, height);
    },
  };
}
