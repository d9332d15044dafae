import { buildSchema, type GraphQLError, type GraphQLSchema, parse, validate } from "graphql";
import { gqlgenRules } from "./gqlgen.ts";
import { GraphQLInt64, replaceIntType } from "./int64.ts";

let cached: GraphQLSchema | null = null;

/**
 * The real tx-indexer schema (devnet/schema.graphql, a copy of the upstream effective schema),
 * with gqlgen's 64-bit `Int` in place of graphql-js's 32-bit one (the process-wide
 * `GraphQLInt` itself is not touched).
 */
export function txIndexerSchema(): GraphQLSchema {
  if (cached) return cached;
  const built = buildSchema(Deno.readTextFileSync(new URL("./schema.graphql", import.meta.url)));
  cached = replaceIntType(built, GraphQLInt64);
  return cached;
}

/**
 * Validates a query string against the tx-indexer schema. Returns the error messages (empty
 * when valid), so a test can assert that every query a client sends would be accepted.
 */
export function validateQuery(query: string): string[] {
  return validationErrors(query).map((e) => e.message);
}

export function validationErrors(query: string): readonly GraphQLError[] {
  let document;
  try {
    document = parse(query);
  } catch (error) {
    return [error as GraphQLError];
  }
  return validate(txIndexerSchema(), document, gqlgenRules);
}
