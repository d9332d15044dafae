/**
 * The request parameters as zod schemas: the same schemas validate requests and generate the
 * OpenAPI document. Every failure becomes a 400 naming the parameter (errors.ts).
 */
import type { Context } from "hono";
import { z } from "zod";
import { addressProblem, isAddress, isRealmPath } from "../shared/events/mod.ts";
import { MAX_TOKEN_ID_LENGTH } from "../shared/message.ts";
import { MAX_CURSOR_LENGTH } from "./cursor.ts";
import { badCursor, badParameter } from "./errors.ts";
import { tokenSelector } from "./token_selector.ts";

export interface Limits {
  defaultLimit: number;
  maxLimit: number;
}

const EXAMPLE_ADDRESS = "g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5";
/** Longer values are refused before any further check, so no work grows with the input. */
const MAX_ADDRESS_INPUT = 100;

export const addressParam = z.string()
  .max(MAX_ADDRESS_INPUT, "address is too long to be an address")
  .refine((value) => value === "" || isAddress(value), {
    error: (issue) =>
      `address must be a g bech32 address: it ${addressProblem(issue.input as string)}`,
  })
  .optional()
  .meta({
    description: "A g bech32 address (checksum verified). Missing or empty means all accounts.",
    example: EXAMPLE_ADDRESS,
  });

export const tokenPathParam = z.string()
  .max(MAX_TOKEN_ID_LENGTH, `tokenPath must be at most ${MAX_TOKEN_ID_LENGTH} characters`)
  .refine(
    (value) => tokenSelector(value) !== null,
    "tokenPath must be a realm path such as gno.land/r/demo/wugnot, a token id such as " +
      "gno.land/r/demo/defi/grc20factory.TST.0000001, or <realm>.<SYMBOL>",
  )
  .meta({
    description: "A realm path (all of that realm's tokens), a token id (one token, the " +
      "`tokenId` of balance and transfer items), or `<realm>.<SYMBOL>` (that realm's token of " +
      "that symbol, whether or not its id carries a sequence number). Slashes may be written " +
      "raw or percent-encoded (%2F).",
    example: "gno.land/r/demo/wugnot",
  });

export const realmParam = z.string()
  .max(256, "realm must be at most 256 characters")
  .refine(isRealmPath, "realm must be a realm path such as gno.land/r/demo/defi/grc20factory")
  .optional()
  .meta({
    description: "Only the tokens of this realm.",
    example: "gno.land/r/demo/defi/grc20factory",
  });

export const heightParam = z.string()
  .regex(/^[0-9]{1,15}$/, "height must be a block height (a non-negative integer)")
  .pipe(z.coerce.number<string>().int().nonnegative())
  .optional()
  .meta({
    description: "Balances as of this block height: after every event at heights up to it. " +
      "At most `consistentThrough` (409 above it), at least the first indexed height (400 " +
      "below it). Without it, the current balances.",
    example: "120",
  });

export const cursorParam = z.string()
  .max(MAX_CURSOR_LENGTH, "cursor is not one this API issued")
  .optional()
  .meta({
    description: "The `nextCursor` of the previous page, unchanged. Omit for the first page. " +
      "A cursor is valid only with the same endpoint and filters.",
  });

export function limitParam(limits: Limits) {
  return z.string()
    .regex(/^[0-9]{1,9}$/, "limit must be a positive integer")
    .pipe(
      z.coerce.number<string>()
        .int()
        .min(1, "limit must be at least 1")
        .max(limits.maxLimit, `limit must be at most ${limits.maxLimit}`),
    )
    .default(limits.defaultLimit)
    .meta({ description: `Rows per page, 1 to ${limits.maxLimit}.` });
}

export type ParamShape = Record<string, z.ZodType>;
export type ParsedParams<S extends ParamShape> = { [K in keyof S]: z.output<S[K]> };

/** Validates the query string against `shape`; a repeated known parameter is refused too. */
export function readQuery<S extends ParamShape>(c: Context, shape: S): ParsedParams<S> {
  const given = c.req.queries();
  const parsed: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const values = given[name];
    if (values !== undefined && values.length > 1) {
      throw badParameter(name, `${name} must be given at most once`);
    }
    parsed[name] = parseParam(name, schema, values?.[0]);
  }
  return parsed as ParsedParams<S>;
}

export function parseParam<T extends z.ZodType>(
  name: string,
  schema: T,
  value: string | undefined,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues[0].message;
  throw name === "cursor" ? badCursor(message) : badParameter(name, message);
}
