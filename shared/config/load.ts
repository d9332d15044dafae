/**
 * Reads a service's configuration from environment variables through its zod schema. A missing
 * or bad value becomes a ConfigError whose message is one line naming the variable.
 */
import type { z } from "zod";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = Deno.env.toObject(),
): z.infer<S> {
  // Empty variables count as unset, so `FOO= deno task x` falls back to the default.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const [variable = "environment", item] = issue.path.map(String);
  const problem = issue.code === "invalid_type" && cleaned[variable] === undefined
    ? "is required"
    : lowerFirst(issue.message);
  // A list setting's path continues with the index of the bad item.
  const where = item === undefined ? variable : `${variable} item ${Number(item) + 1}`;
  throw new ConfigError(`Invalid configuration: ${where} ${problem}`);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Loads the configuration or stops the process with one clear line on stderr. */
export function loadConfigOrExit<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = Deno.env.toObject(),
): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      Deno.exit(2);
    }
    throw error;
  }
}
