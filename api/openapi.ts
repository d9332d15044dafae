/**
 * The OpenAPI 3.1 document, built from the endpoints' own zod schemas (zod 4's toJSONSchema),
 * so the document cannot drift from the validation. Response bodies are shared components.
 */
import { z } from "zod";
import type { Endpoint } from "./endpoint.ts";
import type { ParamShape } from "./params.ts";
import {
  accountBalancesResponse,
  balance,
  balancesResponse,
  errorResponse,
  token,
  tokenResponse,
  tokensResponse,
  transfer,
  transfersResponse,
} from "./responses.ts";

type JsonSchema = Record<string, unknown>;

const COMPONENTS: Record<string, z.ZodType> = {
  Balance: balance,
  BalancesResponse: balancesResponse,
  AccountBalancesResponse: accountBalancesResponse,
  Transfer: transfer,
  TransfersResponse: transfersResponse,
  Token: token,
  TokensResponse: tokensResponse,
  TokenResponse: tokenResponse,
  Error: errorResponse,
};

export function buildOpenApiDocument(endpoints: Endpoint[]): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  const refOf = (schema: z.ZodType) => {
    const id = Object.entries(COMPONENTS).find(([, known]) => known === schema)?.[0];
    if (!id) throw new Error("A response schema is missing from the OpenAPI components");
    return { $ref: `#/components/schemas/${id}` };
  };
  const errorContent = { "application/json": { schema: refOf(errorResponse) } };

  const paths: Record<string, unknown> = {};
  for (const endpoint of endpoints) {
    paths[endpoint.path] = {
      get: {
        operationId: endpoint.operationId,
        summary: endpoint.summary,
        description: endpoint.description,
        parameters: [
          ...parameters(endpoint.pathParams, "path"),
          ...parameters(endpoint.queryParams, "query"),
        ],
        responses: {
          "200": {
            description: endpoint.okDescription ?? "One page of results.",
            content: { "application/json": { schema: refOf(endpoint.response) } },
          },
          "400": {
            description: "A parameter or the cursor is invalid; `param` names it.",
            content: errorContent,
          },
          ...Object.fromEntries(
            Object.entries(errorsOf(endpoint)).map(([status, description]) => [
              status,
              { description, content: errorContent },
            ]),
          ),
          "503": { description: "The database is unavailable.", content: errorContent },
        },
      },
    };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "GRC20 token balance API",
      version: "1.0.0",
      description: "Balances and transfer history of GRC20 tokens on Gno.land. Amounts are " +
        "JSON numbers written with their exact digits (they may exceed 2^64). Every list is " +
        "paged with an opaque cursor and every response says the block height it is " +
        'consistent through. Errors answer `{ "error": { "code", "message", "param" } }`.',
    },
    paths,
    components: { schemas },
  };
}

/** An endpoint's own error answers, and 409 wherever `height` is a parameter. */
function errorsOf(endpoint: Endpoint): Record<number, string> {
  const errors: Record<number, string> = { ...endpoint.errors };
  if ("height" in endpoint.queryParams) {
    errors[409] = "`height` is above `consistentThrough`; the error's `consistentThrough` " +
      "says how far the data is complete.";
  }
  return errors;
}

function parameters(shape: ParamShape, location: "path" | "query") {
  return Object.entries(shape).map(([name, schema]) => {
    const { $schema: _, description, ...jsonSchema } = z.toJSONSchema(schema, {
      io: "output",
    }) as JsonSchema;
    return {
      name,
      in: location,
      required: location === "path" || !schema.safeParse(undefined).success,
      description,
      schema: jsonSchema,
    };
  });
}
