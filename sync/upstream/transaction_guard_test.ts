import assert from "node:assert/strict";
import { upstreamTransactionSchema } from "../../shared/events/mod.ts";
import { isUpstreamTransaction, transactionProblem } from "./transaction_guard.ts";

const valid = {
  hash: "aGFzaA==",
  index: 0,
  block_height: 7,
  success: true,
  messages: [{ value: { __typename: "MsgCall", pkg_path: "gno.land/r/demo/foo20" } }, {
    value: { __typename: "BankMsgSend" },
  }, null],
  response: {
    events: [
      {
        __typename: "GnoEvent",
        type: "Transfer",
        pkg_path: "gno.land/r/demo/foo20",
        attrs: [{ key: "from", value: "" }],
      },
      { __typename: "GnoEvent", type: "Approval", pkg_path: "gno.land/r/x", attrs: null },
      { __typename: "StorageDepositEvent" },
      null,
    ],
  },
};

const broken: Array<[string, unknown]> = [
  ["no hash", { ...valid, hash: "" }],
  ["hash too long", { ...valid, hash: "h".repeat(129) }],
  ["hash with a quote", { ...valid, hash: 'aG"FzaA==' }],
  ["hash with a control character", { ...valid, hash: "aGFz\taA==" }],
  ["negative index", { ...valid, index: -1 }],
  ["fractional height", { ...valid, block_height: 1.5 }],
  ["success as text", { ...valid, success: "true" }],
  ["messages missing", { ...valid, messages: undefined }],
  ["MsgCall without pkg_path", { ...valid, messages: [{ value: { __typename: "MsgCall" } }] }],
  ["message without value", { ...valid, messages: [{}] }],
  ["response missing", { ...valid, response: null }],
  ["events as object", { ...valid, response: { events: {} } }],
  ["event without typename", { ...valid, response: { events: [{ type: "Transfer" }] } }],
  ["GnoEvent without type", {
    ...valid,
    response: { events: [{ __typename: "GnoEvent", pkg_path: "p", attrs: [] }] },
  }],
  ["attribute value not text", {
    ...valid,
    response: {
      events: [{
        __typename: "GnoEvent",
        type: "Transfer",
        pkg_path: "p",
        attrs: [{ key: "value", value: 5 }],
      }],
    },
  }],
];

Deno.test("the cheap guard accepts what the zod schema accepts", () => {
  assert.equal(upstreamTransactionSchema.safeParse(valid).success, true);
  assert.equal(isUpstreamTransaction(valid), true);
  assert.equal(isUpstreamTransaction({ ...valid, response: {} }), true);
});

Deno.test("the cheap guard rejects what the zod schema rejects", () => {
  for (const [name, value] of broken) {
    assert.equal(upstreamTransactionSchema.safeParse(value).success, false, name);
    assert.equal(isUpstreamTransaction(value), false, name);
  }
});

Deno.test("a rejected transaction's problem names the field", () => {
  assert.match(transactionProblem({ ...valid, index: -1 }), /at index/);
});
