/**
 * Pages rendered by PostgreSQL. A page query yields one row more than the page holds (to learn
 * whether a next page exists); wrapped here, PostgreSQL writes the served rows as one JSON
 * array text and returns it with the count and the last served row's keyset position, so the
 * API passes the text through instead of parsing rows and building objects.
 *
 * PostgreSQL writes NUMERIC and BIGINT as their exact digits, which are exactly the API's
 * exact-digit JSON numbers (docs/architecture.md, "Exact numbers"); stored strings are JSON-safe, so quoting them is enough
 * (routes/shape.ts).
 */
import type postgres from "postgres";
import type { Sql } from "../shared/db/mod.ts";

/** A tagged-template fragment; its rows are never read here, only its text. */
// deno-lint-ignore no-explicit-any
type Fragment = postgres.PendingQuery<any>;

export interface JsonPage {
  /** Rows the page query yielded: more than the limit means a next page exists. */
  found: number;
  /** The first `limit` rows as JSON text joined by the separator (no brackets). */
  items: string;
  /** The keyset position of the row at `limit` (the page's last), as text; null when fewer. */
  last: string[] | null;
}

export interface JsonPageQuery {
  /** The page query: `limit + 1` rows at most, in page order, with no column `page_row_number`. */
  rows: Fragment;
  /** The page order over the rows' columns, e.g. `ORDER BY r.token_path`. */
  order: Fragment;
  /** One row as text, over the columns of `r`: its JSON, or anything the caller splits off. */
  item: Fragment;
  /** The keyset position of one row, as `ARRAY[...]::text[]` over the columns of `r`. */
  key: Fragment;
  limit: number;
  /** Joins the items; "," (a JSON array's) by default. */
  separator?: string;
}

/**
 * Items and key are written in the aggregates' arguments, not in the subquery, so that
 * PostgreSQL renders only the rows that pass each FILTER: the extra row is never rendered and
 * only the last served row's key is built (a sixth less work per history page).
 */
export async function readJsonPage(sql: Sql, query: JsonPageQuery): Promise<JsonPage> {
  const { rows, order, item, key, limit } = query;
  const [page] = await sql<JsonPage[]>`
    SELECT count(*)::int AS found,
      COALESCE(
        string_agg(${item}, ${query.separator ?? ","} ORDER BY r.page_row_number)
          FILTER (WHERE r.page_row_number <= ${limit}),
        ''
      ) AS items,
      max(${key}) FILTER (WHERE r.page_row_number = ${limit}) AS last
    FROM (SELECT row_number() OVER (${order}) AS page_row_number, r.* FROM (${rows}) AS r) AS r`;
  return page;
}

/**
 * The response of a page: `{"<list>":[...],"nextCursor":...,"consistentThrough":...}`, with
 * `"height":H` after the list for balances as of a height.
 */
export function jsonPageResponse(
  list: string,
  items: string,
  nextCursor: string | null,
  consistentThrough: number,
  height?: number,
): Response {
  const cursor = nextCursor === null ? "null" : JSON.stringify(nextCursor);
  const asOf = height === undefined ? "" : `"height":${height},`;
  const body = `{"${list}":[${items}],${asOf}"nextCursor":${cursor},` +
    `"consistentThrough":${consistentThrough}}`;
  return new Response(body, { headers: { "content-type": "application/json; charset=utf-8" } });
}
