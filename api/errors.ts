/**
 * The API's one error type is Hono's HTTPException; `cause` carries the machine-readable code and
 * the offending parameter, and {@link renderError} (app.onError) turns it into the JSON body
 * `{ "error": { "code", "message", "param" } }`. Anything else is an unexpected fault: logged,
 * answered 500 with a generic body, never a stack trace.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isDatabaseUnavailable } from "../shared/errors.ts";
import type { Logger } from "../shared/log.ts";

export type ErrorCode =
  | "invalid_parameter"
  | "invalid_cursor"
  | "not_found"
  | "height_not_consistent"
  | "internal_error"
  | "service_unavailable";

interface ErrorCause {
  code: ErrorCode;
  param?: string;
  /** Fields added to the error object, e.g. the consistent height of a 409. */
  extra?: Record<string, unknown>;
}

export function badParameter(param: string, message: string): HTTPException {
  return new HTTPException(400, { message, cause: { code: "invalid_parameter", param } });
}

export function badCursor(message: string): HTTPException {
  return new HTTPException(400, { message, cause: { code: "invalid_cursor", param: "cursor" } });
}

/** A known token, or a height the data is not consistent through yet: 404 and 409. */
export function tokenNotFound(tokenPath: string): HTTPException {
  return new HTTPException(404, {
    message: `No token ${tokenPath} has been seen`,
    cause: { code: "not_found", param: "tokenPath" },
  });
}

export function heightNotConsistent(height: number, consistentThrough: number): HTTPException {
  return new HTTPException(409, {
    message: `height ${height} is above the consistent height ${consistentThrough}: every ` +
      `block up to ${consistentThrough} is applied, ask again later or for a lower height`,
    cause: { code: "height_not_consistent", param: "height", extra: { consistentThrough } },
  });
}

export function errorBody(
  code: ErrorCode,
  message: string,
  param?: string,
  extra: Record<string, unknown> = {},
) {
  return { error: { code, message, ...(param === undefined ? {} : { param }), ...extra } };
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
      return c.json(errorBody(code, error.message, cause?.param, cause?.extra), status);
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn("database unavailable", { path: c.req.path, error });
      return c.json(errorBody("service_unavailable", "The database is unavailable"), 503);
    }
    logger.error("request failed", { path: c.req.path, error, stack: error.stack });
    return c.json(errorBody("internal_error", "Internal error"), 500);
  };
}
