import assert from "node:assert/strict";
import { GraphQLInt } from "graphql";
import { decodeRequestBody } from "./go_json.ts";
import { startDevnet, validateQuery } from "./mod.ts";
import { txIndexerSchema } from "./schema.ts";

const decodeError = (body: string) => {
  const decoded = decodeRequestBody(new TextEncoder().encode(body));
  return decoded.kind === "error" ? decoded.message : decoded.kind;
};

Deno.test("request bodies fail with Go encoding/json's messages", () => {
  const cases: [string, string][] = [
    ["", "EOF"],
    ["  \n", "EOF"],
    ["not json", "invalid character 'o' in literal null (expecting 'u')"],
    ["x", "invalid character 'x' looking for beginning of value"],
    ["{", "unexpected EOF"],
    ['{"query": "{ a }"', "unexpected EOF"],
    ["{query: 1}", "invalid character 'q' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a": 1 "b": 2}', `invalid character '"' after object key:value pair`],
    ['{"a": }', "invalid character '}' looking for beginning of value"],
    ['{"a": [1 2]}', "invalid character '2' after array element"],
    ['{"a": tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a": fals', "unexpected EOF"],
    ['{"a": -x}', "invalid character 'x' in numeric literal"],
    ['{"a": 1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a": 1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"a": "\\x"}', "invalid character 'x' in string escape code"],
    ['{"a": "\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
    ['{"a": "line\nbreak"}', "invalid character '\\n' in string literal"],
    ["{'a': 1}", "invalid character '\\'' looking for beginning of object key string"],
    ["1x", "invalid character 'x' after top-level value"],
    ["[1]", "json: cannot unmarshal array into Go value of type graphql.RawParams"],
    ['"q"', "json: cannot unmarshal string into Go value of type graphql.RawParams"],
    ["true", "json: cannot unmarshal bool into Go value of type graphql.RawParams"],
    [
      '{"query": 5}',
      "json: cannot unmarshal number into Go struct field RawParams.query of type string",
    ],
    [
      '{"query": "{ a }", "variables": [1]}',
      "json: cannot unmarshal array into Go struct field RawParams.variables of type " +
      "map[string]interface {}",
    ],
    ["null", "null"],
    ["{} trailing", "params"],
    ['{"QUERY": "{ a }"}', "params"],
  ];
  for (const [body, expected] of cases) assert.equal(decodeError(body), expected, body);
  const decoded = decodeRequestBody(new TextEncoder().encode('{"Query": "{ a }", "x": 1}'));
  assert.equal(decoded.kind === "params" && decoded.params.query, "{ a }");
});

Deno.test("the devnet's Int is 64-bit and graphql-js's GraphQLInt is left alone", () => {
  const int = txIndexerSchema().getType("Int")!;
  assert.notEqual(int, GraphQLInt);
  assert.equal(int.name, "Int");
  assert.deepEqual(
    validateQuery("{ getBlocks(where: { height: { gt: 99999999999 } }) { height } }"),
    [],
  );
  assert.deepEqual(
    validateQuery("{ getBlocks(where: { height: { gt: 99999999999999999999 } }) { height } }"),
    ["Int cannot represent non 32-bit signed integer value: 99999999999999999999"],
  );
  assert.throws(() => GraphQLInt.parseValue(99999999999), /non 32-bit/);
});

Deno.test("HTTP answers have gqlgen's statuses, shapes and texts", async (t) => {
  const devnet = await startDevnet({ seed: "gqlgen", blocks: 5 });
  const post = async (body: string, contentType = "application/json") => {
    const response = await fetch(devnet.graphqlUrl, {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    });
    return { status: response.status, body: await response.json() };
  };
  const query = (q: string, variables?: unknown) =>
    post(JSON.stringify(variables === undefined ? { query: q } : { query: q, variables }));
  const variableError = (message: string, path: (string | number)[]) => ({
    status: 422,
    body: {
      errors: [{ message, path, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }],
      data: null,
    },
  });
  const Q = "query ($w: FilterBlock!, $n: Int) { getBlocks(where: $w) { height } " +
    "getTransactions(where: { index: { eq: $n } }) { index } }";
  try {
    await t.step("an undecodable body is a 400 quoting the body", async () => {
      assert.deepEqual(await post("{oops"), {
        status: 400,
        body: {
          errors: [{
            message: "json request body could not be decoded: invalid character 'o' looking " +
              "for beginning of object key string body:{oops",
          }],
          data: null,
        },
      });
    });

    await t.step("a body that is not application/json has no transport", async () => {
      assert.deepEqual(await post("{}", "text/plain"), {
        status: 400,
        body: { errors: [{ message: "transport not supported" }], data: null },
      });
    });

    await t.step("variables are checked like gqlparser", async () => {
      assert.deepEqual(
        await query(Q, { w: {}, n: "1" }),
        variableError("cannot use string as Int", ["variable", "n"]),
      );
      assert.deepEqual(
        await query(Q, { w: {}, n: 1.5 }),
        variableError("cannot use string as Int", ["variable", "n"]),
      );
      assert.deepEqual(
        await query(Q, { w: {}, n: true }),
        variableError("cannot use bool as Int", ["variable", "n"]),
      );
      assert.deepEqual(
        await query(Q, { n: 1 }),
        variableError("must be defined", ["variable", "w"]),
      );
      assert.deepEqual(
        await query(Q, { w: null }),
        variableError("cannot be null", ["variable", "w"]),
      );
      assert.deepEqual(
        await query(Q, { w: 3 }),
        variableError("must be a FilterBlock", ["variable", "w"]),
      );
      assert.deepEqual(
        await query(Q, { w: { heightx: {} } }),
        variableError("unknown field", ["variable", "w", "heightx"]),
      );
      assert.deepEqual(
        await query(Q, { w: { height: { gt: "x" } } }),
        variableError("cannot use string as Int", ["variable", "w", "height", "gt"]),
      );
      const ok = await query(Q, { w: { height: { gt: 3 } }, n: 9007199254740993 });
      assert.deepEqual(ok, {
        status: 200,
        body: { data: { getBlocks: [{ height: 4 }, { height: 5 }], getTransactions: null } },
      });
    });

    await t.step("a number passes as a String variable, as a json.Number does", async () => {
      const answer = await query(
        "query ($m: String) { getTransactions(where: { memo: { eq: $m } }) { index } }",
        { m: 5 },
      );
      assert.deepEqual(answer, { status: 200, body: { data: { getTransactions: null } } });
    });

    await t.step("operation selection follows gqlgen", async () => {
      const two = "query A { latestBlockHeight } query B { a: latestBlockHeight }";
      assert.deepEqual(await query(two), {
        status: 422,
        body: {
          errors: [{
            message: "operation  not found",
            extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
          }],
          data: null,
        },
      });
      const named = await post(JSON.stringify({ query: two, operationName: "B" }));
      assert.deepEqual(named, { status: 200, body: { data: { a: 5 } } });
    });

    await t.step("a string value's error is located after its quote", async () => {
      const answer = await query(
        '{ getBlocks(where: { hash: { eq: 5 }, height: { gt: "2" } }) { height } }',
      );
      assert.equal(answer.status, 422);
      assert.deepEqual(
        answer.body.errors.map((
          e: { message: string; locations: unknown },
        ) => [e.message, e.locations]),
        [
          ["String cannot represent a non string value: 5", [{ line: 1, column: 34 }]],
          ['Int cannot represent non-integer value: "2"', [{ line: 1, column: 54 }]],
        ],
      );
    });

    await t.step("a mutation is not supported", async () => {
      const answer = await query("mutation { latestBlockHeight }");
      assert.equal(answer.status, 422);
      assert.equal(
        answer.body.errors[0].message,
        'Schema does not support operation type "mutation"',
      );
    });

    await t.step("GET with bad variables is a 400", async () => {
      const url = `${devnet.graphqlUrl}?query=${encodeURIComponent("{ latestBlockHeight }")}` +
        `&variables=${encodeURIComponent("{nope")}`;
      const response = await fetch(url);
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), {
        errors: [{ message: "variables could not be decoded" }],
        data: null,
      });
    });
  } finally {
    await devnet.close();
  }
});
