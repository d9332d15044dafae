import assert from "node:assert/strict";
import { validateQuery } from "./schema.ts";

Deno.test("a query built from the schema validates without errors", () => {
  const query = `query ($from: Int!, $to: Int!) {
    getTransactions(
      where: { block_height: { gt: $from, lt: $to }, success: { eq: true } }
      order: { heightAndIndex: ASC }
    ) {
      hash index block_height success
      messages { value { __typename ... on MsgCall { pkg_path } } }
      response { events { __typename ... on GnoEvent { type pkg_path attrs { key value } } } }
    }
  }`;
  assert.deepEqual(validateQuery(query), []);
});

Deno.test("selecting GnoEvent.func fails validation as on real tx-indexer", () => {
  const errors = validateQuery(
    `{ getTransactions(where: {}) { response { events { ... on GnoEvent { func } } } } }`,
  );
  assert.equal(errors.length, 1);
  assert.match(errors[0], /Cannot query field "func" on type "GnoEvent"/);
});

Deno.test("gte and lte filters fail validation", () => {
  const errors = validateQuery(
    `{ getBlocks(where: { height: { gte: 1, lte: 5 } }) { height } }`,
  );
  assert.equal(errors.length, 2);
});

Deno.test("a syntax error is reported as an error, not thrown", () => {
  const errors = validateQuery(`{ getBlocks(where: {}) { height }`);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /Syntax Error/);
});
