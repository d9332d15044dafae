/**
 * The shapes of the keys inside cursors. The default cursor secret is public, so a key may be
 * forged: every part is bounded so that no decoded key can make a query fail.
 */
import { z } from "zod";

/** Any text PostgreSQL accepts (no NUL), of a bounded length. */
const text = z.string().max(1024).refine((value) => !value.includes("\u0000"));
const index = z.number().int().min(0).max(2_147_483_647);

export const tokenIdKey = z.tuple([text]);
export const addressTokenIdKey = z.tuple([text, text]);
export const historyKey = z.tuple([
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  index,
  index,
]);
