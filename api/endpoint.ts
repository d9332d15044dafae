/**
 * One API endpoint: its route, the zod schemas of its parameters and response, and its handler.
 * app.ts registers the handlers and openapi.ts documents the very same schemas.
 */
import type { Handler } from "hono";
import type { z } from "zod";
import type { Sql } from "../shared/db/mod.ts";
import type { BlockTimes } from "./block_times.ts";
import type { ConsistentThrough } from "./consistency.ts";
import type { CursorCodec, CursorKey } from "./cursor.ts";
import { badCursor } from "./errors.ts";
import type { Limits, ParamShape } from "./params.ts";

export interface Endpoint {
  /** OpenAPI path template, e.g. `/tokens/{tokenPath}/balances`. */
  path: string;
  /** Hono route, e.g. `/tokens/:tokenPath{.+}/balances`. */
  route: string;
  operationId: string;
  summary: string;
  description: string;
  pathParams: ParamShape;
  queryParams: ParamShape;
  response: z.ZodType;
  /** What a 200 holds, when it is not one page of a list. */
  okDescription?: string;
  /** Error answers besides 400 and 503, by status: what each means. */
  errors?: Record<number, string>;
  handler: Handler;
}

export interface EndpointDeps {
  sql: Sql;
  cursors: CursorCodec;
  consistentThrough: ConsistentThrough;
  blockTimes: BlockTimes;
  limits: Limits;
}

/** The key inside a cursor of `scope`, checked against the shape that endpoint issues. */
export function cursorKey<T extends z.ZodType>(
  cursors: CursorCodec,
  scope: string,
  cursor: string,
  shape: T,
): z.output<T> {
  const key: CursorKey = cursors.decode(scope, cursor);
  const parsed = shape.safeParse(key);
  if (!parsed.success) throw badCursor("The cursor is not one this API issued");
  return parsed.data;
}

/**
 * A page of rows read one past `limit` (the extra row only tells that a next page exists): the
 * rows served and the cursor to the next page, keyed by the last row served.
 */
export function pageOf<T>(
  cursors: CursorCodec,
  scope: string,
  found: readonly T[],
  limit: number,
  keyOf: (row: T) => CursorKey,
): { rows: T[]; nextCursor: string | null } {
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  const more = found.length > limit && last !== undefined;
  return { rows, nextCursor: more ? cursors.encode(scope, keyOf(last)) : null };
}
