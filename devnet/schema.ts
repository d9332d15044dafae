import { buildSchema, type GraphQLError, type GraphQLSchema, parse, validate } from "graphql";

let cached: GraphQLSchema | null = null;

/** The real tx-indexer schema (devnet/schema.graphql, a copy of the upstream effective schema). */
export function txIndexerSchema(): GraphQLSchema {
  cached ??= buildSchema(
    Deno.readTextFileSync(new URL("./schema.graphql", import.meta.url)),
  );
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
  return validate(txIndexerSchema(), document);
}
