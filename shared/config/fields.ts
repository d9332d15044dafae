/** Reusable zod fields for environment variables (strings in, typed values out). */
import { z } from "zod";

export const port = (fallback: number) =>
  z.coerce.number({ message: "must be a port number" }).int("must be a port number")
    .min(0, "must be a port number").max(65535, "must be a port number").default(fallback);

export const positiveInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number({ message: "must be a positive integer" }).int("must be a positive integer")
    .min(1, "must be a positive integer").max(max, `must be at most ${max}`).default(fallback);

export const nonNegativeInt = (fallback: number) =>
  z.coerce.number({ message: "must be a non-negative integer" })
    .int("must be a non-negative integer").min(0, "must be a non-negative integer")
    .default(fallback);

export const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}, "must be an http(s) URL");

export const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === "postgres:" || url.protocol === "postgresql:";
  } catch {
    return false;
  }
}, "must be a postgres:// URL");

/** A comma-separated list of non-empty items. */
export const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z.string().transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(item).min(1, "must list at least one value"));

export const logLevel = z.enum(["debug", "info", "warn", "error"], {
  message: "must be one of debug, info, warn, error",
}).default("info");

export const booleanFlag = (fallback: boolean) =>
  z.enum(["true", "false", "1", "0"], { message: "must be true or false" })
    .transform((value) => value === "true" || value === "1").default(fallback);
