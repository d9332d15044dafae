/**
 * The API's one error type is Hono's HTTPException; `cause` carries the machine-readable code and
 * the offending parameter, and {@link renderError} (app.onError) turns it into the JSON body
 * `{ "error": { "code", "message", "param" } }`. Anything else is an unexpected fault: logged,
 * answered 500 with a generic body, never a stack trace.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "../shared/log.ts";

export type ErrorCode =
  | "invalid_parameter"
  | "invalid_cursor"
  | "not_found"
  | "internal_error"
  | "service_unavailable";

interface ErrorCause {
  code: ErrorCode;
  param?: string;
}

export function badParameter(param: string, message: string): HTTPException {
  return new HTTPException(400, { message, cause: { code: "invalid_parameter", param } });
}

export function badCursor(message: string): HTTPException {
  return new HTTPException(400, { message, cause: { code: "invalid_cursor", param: "cursor" } });
}

export function errorBody(code: ErrorCode, message: string, param?: string) {
  return { error: { code, message, ...(param === undefined ? {} : { param }) } };
}

export function notFound(c: Context): Response {
  return c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404);
}

export function createErrorRenderer(logger: Logger) {
  return function renderError(error: Error, c: Context): Response {
    if (error instanceof HTTPException) {
      const cause = error.cause as ErrorCause | undefined;
      const code = cause?.code ?? (error.status >= 500 ? "internal_error" : "invalid_parameter");
      const status = error.status as ContentfulStatusCode;
      return c.json(errorBody(code, error.message, cause?.param), status);
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn("database unavailable", { path: c.req.path, error });
      return c.json(errorBody("service_unavailable", "The database is unavailable"), 503);
    }
    logger.error("request failed", { path: c.req.path, error, stack: error.stack });
    return c.json(errorBody("internal_error", "Internal error"), 500);
  };
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
  "3D000", // invalid_catalog_name: the database does not exist yet
  "42P01", // undefined_table: the schema is not migrated yet (sync/ and processor/ migrate)
]);

function isDatabaseUnavailable(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && UNAVAILABLE_CODES.has(code);
}
