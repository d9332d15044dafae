/** `GET /tokens/balances`: one account's balances of every token, or every account's. */
import type { Endpoint, EndpointDeps } from "../endpoint.ts";
import { cursorKey } from "../endpoint.ts";
import { jsonPageResponse } from "../json_page.ts";
import { addressParam, cursorParam, limitParam, readQuery } from "../params.ts";
import { type BalanceRow, balancesOfAccount, balancesOfAllAccounts } from "../queries.ts";
import { balancesResponse } from "../responses.ts";
import { addressTokenPathKey, tokenPathKey } from "./cursor_keys.ts";
import { balanceJsonText } from "./shape.ts";

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
      let rows: Promise<BalanceRow[]>;
      if (address) {
        const [afterTokenPath] = cursor ? cursorKey(cursors, scope, cursor, tokenPathKey) : [""];
        rows = balancesOfAccount(sql, { address, afterTokenPath, take: limit + 1 });
      } else {
        const [afterAddress, afterTokenPath] = cursor
          ? cursorKey(cursors, scope, cursor, addressTokenPathKey)
          : ["", ""];
        rows = balancesOfAllAccounts(sql, { afterAddress, afterTokenPath, take: limit + 1 });
      }
      const [found, height] = await Promise.all([rows, consistentThrough()]);
      const page = found.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = found.length > limit && last
        ? cursors.encode(scope, address ? [last.token_path] : [last.address, last.token_path])
        : null;
      return jsonPageResponse("balances", page.map(balanceJsonText).join(","), nextCursor, height);
    },
  };
}
