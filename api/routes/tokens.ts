/**
 * `GET /tokens`: every token seen, by token id, with its metadata, supply, holders and
 * movements; and `GET /tokens/{tokenPath}`: one of them. The segment is resolved as the balance
 * route resolves it (token_selector.ts); a realm path names its token when it holds exactly one.
 */
import { HTTPException } from "hono/http-exception";
import type { Endpoint, EndpointDeps } from "../endpoint.ts";
import { cursorKey } from "../endpoint.ts";
import { tokenNotFound } from "../errors.ts";
import { jsonPageResponse } from "../json_page.ts";
import {
  cursorParam,
  limitParam,
  parseParam,
  readQuery,
  realmParam,
  tokenPathParam,
} from "../params.ts";
import { tokenIdsOf, type TokenRow, tokensByIds, tokensPage } from "../queries.ts";
import { tokenResponse, tokensResponse } from "../responses.ts";
import { tokenSelector } from "../token_selector.ts";
import { tokenIdKey } from "./cursor_keys.ts";
import { tokenJsonText } from "./shape.ts";

export function tokensEndpoint(deps: EndpointDeps): Endpoint {
  const { sql, cursors, consistentThrough } = deps;
  const queryParams = {
    realm: realmParam,
    limit: limitParam(deps.limits),
    cursor: cursorParam,
  };
  return {
    path: "/tokens",
    route: "/tokens",
    operationId: "getTokens",
    summary: "Tokens",
    description: "Every token seen in an applied event, by token id, or only a realm's with " +
      "`realm`. `totalSupply` (mints minus burns), `holders` (non-zero balances) and " +
      "`transfers` (movements) are as of `consistentThrough`. `name` and `decimals` come " +
      "from the token's NewToken event and are null for tokens without one.",
    pathParams: {},
    queryParams,
    response: tokensResponse,
    handler: async (c) => {
      const { realm, limit, cursor } = readQuery(c, queryParams);
      const scope = `tokens|${realm ?? ""}`;
      const [afterTokenId] = cursor ? cursorKey(cursors, scope, cursor, tokenIdKey) : [""];
      const [found, height] = await Promise.all([
        tokensPage(sql, { realm, afterTokenId, take: limit + 1 }),
        consistentThrough(),
      ]);
      const page = found.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = found.length > limit && last
        ? cursors.encode(scope, [last.token_id])
        : null;
      return jsonPageResponse("tokens", page.map(tokenJsonText).join(","), nextCursor, height);
    },
  };
}

export function tokenEndpoint(deps: EndpointDeps): Endpoint {
  const { sql, consistentThrough } = deps;
  return {
    path: "/tokens/{tokenPath}",
    // [\s\S]: a segment holding a newline (%0A) is a bad parameter (400), not an unknown route.
    route: "/tokens/:tokenPath{[\\s\\S]+}",
    operationId: "getToken",
    summary: "One token",
    description: "One token by its token id, by `<realm>.<SYMBOL>`, or by its realm path when " +
      "the realm holds exactly one token (a realm of several answers 400 naming them). 404 " +
      "for a token never seen. A token whose last path segment is `balances` must be asked " +
      "with its slashes percent-encoded: `/tokens/{tokenPath}/balances` is the balance route.",
    pathParams: { tokenPath: tokenPathParam },
    queryParams: {},
    response: tokenResponse,
    okDescription: "The token, as of `consistentThrough`.",
    errors: { 404: "No token of that id has been seen." },
    handler: async (c) => {
      const tokenPath = parseParam("tokenPath", tokenPathParam, c.req.param("tokenPath"));
      const selector = tokenSelector(tokenPath)!;
      const [ids, height] = await Promise.all([tokenIdsOf(sql, selector), consistentThrough()]);
      if (ids.length === 0) throw tokenNotFound(tokenPath);
      if (ids.length > 1) {
        const names = ids.slice(0, 10).map((row) => row.token_id).join(", ");
        throw new HTTPException(400, {
          message: `tokenPath names ${ids.length} tokens; ask for one of them: ${names}` +
            (ids.length > 10 ? ", ..." : ""),
          cause: { code: "invalid_parameter", param: "tokenPath" },
        });
      }
      const [row]: TokenRow[] = await tokensByIds(sql, [ids[0].token_id]);
      if (!row) throw tokenNotFound(tokenPath);
      const body = `{"token":${tokenJsonText(row)},"consistentThrough":${height}}`;
      return new Response(body, {
        headers: { "content-type": "application/json; charset=utf-8" },
      });
    },
  };
}
