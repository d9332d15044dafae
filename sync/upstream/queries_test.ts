import assert from "node:assert/strict";
import { buildSchema, parse, validate } from "graphql";
import { ALL_DOCUMENTS } from "./queries.ts";

// The upstream schema as published (the devnet serves a copy; product code never imports it).
const schema = buildSchema(
  Deno.readTextFileSync(new URL("../../devnet/schema.graphql", import.meta.url)),
);

Deno.test("every document the synchronizer sends validates against the tx-indexer schema", () => {
  for (const document of ALL_DOCUMENTS) {
    const errors = validate(schema, parse(document)).map((e) => e.message);
    assert.deepEqual(errors, [], document);
  }
});

Deno.test("no document selects the removed GnoEvent func field", () => {
  for (const document of ALL_DOCUMENTS) {
    assert.doesNotMatch(document, /GnoEvent \{[^}]*\bfunc\b/);
  }
});
