import assert from "node:assert/strict";
import { parseTransaction } from "./parse.ts";
import { LIBRARY_PATHS, TEST1 } from "./test_fixtures.ts";
import { upstreamTransactionSchema } from "./transaction.ts";

/** A transaction as tx-indexer returns it, union members selected with `__typename` only. */
const upstreamJson = {
  hash: "Q6n6ZcP5m5vU2lqQvhJtHkTbNn2XKk4C9YcW0mKpB3Y=",
  index: 0,
  block_height: 131_042,
  success: true,
  gas_used: 1_200_000,
  messages: [
    {
      value: {
        __typename: "MsgCall",
        pkg_path: "gno.land/r/demo/wugnot",
        func: "Deposit",
        caller: TEST1,
        args: null,
      },
    },
    { value: { __typename: "BankMsgSend" } },
  ],
  response: {
    log: "",
    events: [
      {
        __typename: "GnoEvent",
        type: "Transfer",
        pkg_path: "gno.land/p/demo/grc/grc20",
        attrs: [
          { key: "from", value: "" },
          { key: "to", value: TEST1 },
          { key: "value", value: "1000000" },
        ],
      },
      { __typename: "StorageDepositEvent" },
      { __typename: "UnknownEvent", value: "{}" },
      { __typename: "GnoEvent", type: "Unlock", pkg_path: "gno.land/r/demo/wugnot", attrs: null },
    ],
  },
};

Deno.test("a realistic upstream transaction parses and yields its token event", () => {
  const tx = upstreamTransactionSchema.parse(upstreamJson);
  const { events } = parseTransaction(tx, { libraryPaths: LIBRARY_PATHS });
  assert.equal(events.length, 1);
  assert.equal(events[0].tokenPath, "gno.land/r/demo/wugnot");
  assert.equal(events[0].kind, "mint");
});

Deno.test("null events, null list elements and absent attrs are accepted", () => {
  const nullEvents = { ...upstreamJson, response: { events: null } };
  assert.equal(upstreamTransactionSchema.safeParse(nullEvents).success, true);
  const nullElements = {
    ...upstreamJson,
    messages: [null],
    response: {
      events: [null, { __typename: "GnoEvent", type: "Transfer", pkg_path: "gno.land/r/x" }],
    },
  };
  assert.equal(upstreamTransactionSchema.safeParse(nullElements).success, true);
});

Deno.test("a GnoEvent without pkg_path does not match the schema", () => {
  const broken = {
    ...upstreamJson,
    response: { events: [{ __typename: "GnoEvent", type: "Transfer", attrs: [] }] },
  };
  assert.equal(upstreamTransactionSchema.safeParse(broken).success, false);
});

Deno.test("an event without __typename does not match the schema", () => {
  const broken = { ...upstreamJson, response: { events: [{}] } };
  assert.equal(upstreamTransactionSchema.safeParse(broken).success, false);
});

Deno.test("a MsgCall without pkg_path does not match the schema", () => {
  const broken = { ...upstreamJson, messages: [{ value: { __typename: "MsgCall" } }] };
  assert.equal(upstreamTransactionSchema.safeParse(broken).success, false);
});

Deno.test("a transaction without success flag does not match the schema", () => {
  const { success: _success, ...broken } = upstreamJson;
  assert.equal(upstreamTransactionSchema.safeParse(broken).success, false);
});
