import assert from "node:assert/strict";
import { bech32 } from "bech32";
import { DEFAULT_GRC20_LIBRARY_PATHS } from "./library_paths.ts";
import { parseTransaction } from "./parse.ts";
import { REJECTION_REASONS, type RejectionReason } from "./rejection.ts";
import {
  address,
  ALICE,
  BOB,
  gen1Transfer,
  gen2Transfer,
  gen3Transfer,
  gnoEvent,
  GRC20_GEN2,
  GRC20_GEN3,
  LIBRARY_PATHS,
  storageDeposit,
  TEST1,
  transaction,
} from "./test_fixtures.ts";
import type { UpstreamTransaction } from "./transaction.ts";

const options = { libraryPaths: LIBRARY_PATHS };
const parse = (tx: UpstreamTransaction) => parseTransaction(tx, options);

function onlyEvent(tx: UpstreamTransaction) {
  const { events, rejections } = parse(tx);
  assert.deepEqual(rejections, []);
  assert.equal(events.length, 1);
  return events[0];
}

function onlyRejection(tx: UpstreamTransaction) {
  const { events, rejections } = parse(tx);
  assert.deepEqual(events, []);
  assert.equal(rejections.length, 1);
  return rejections[0];
}

// Accepted shapes

Deno.test("a gen-3 transfer takes its token id and realm path from the token attr", () => {
  const tx = transaction([gen3Transfer("gno.land/r/gnoswap/v1/gns.GNS", ALICE, BOB, "1000000")]);
  assert.deepEqual(onlyEvent(tx), {
    txHash: "m8qh2ZBzBUm3eaTVm54r7CxxUWr8a3NQkfLDOx9bMC4=",
    blockHeight: 412_807,
    txIndex: 3,
    eventIndex: 0,
    tokenId: "gno.land/r/gnoswap/v1/gns.GNS",
    tokenPath: "gno.land/r/gnoswap/v1/gns",
    from: ALICE,
    to: BOB,
    amount: 1_000_000n,
    kind: "transfer",
  });
});

Deno.test("a gen-3 token id with a numbered suffix gives the same realm", () => {
  const plain = onlyEvent(
    transaction([gen3Transfer("gno.land/r/demo/defi/foo20.FOO", ALICE, BOB, "5")]),
  );
  const suffixed = onlyEvent(
    transaction([gen3Transfer("gno.land/r/demo/defi/foo20.FOO.0000000", ALICE, BOB, "5")]),
  );
  assert.equal(plain.tokenPath, "gno.land/r/demo/defi/foo20");
  assert.equal(suffixed.tokenPath, "gno.land/r/demo/defi/foo20");
  assert.equal(plain.tokenId, "gno.land/r/demo/defi/foo20.FOO");
  assert.equal(suffixed.tokenId, "gno.land/r/demo/defi/foo20.FOO.0000000");
});

Deno.test("two tokens of one realm are two token ids of one token path", () => {
  const factory = "gno.land/r/demo/defi/grc20factory";
  const { events } = parse(transaction([
    gen3Transfer(`${factory}.TST.0000001`, ALICE, BOB, "5"),
    gen3Transfer(`${factory}.ALP.0000002`, ALICE, BOB, "7"),
    gen3Transfer(`${factory}.TST`, ALICE, BOB, "9"),
  ]));
  assert.deepEqual(events.map((e) => [e.tokenId, e.tokenPath]), [
    [`${factory}.TST.0000001`, factory],
    [`${factory}.ALP.0000002`, factory],
    [`${factory}.TST`, factory],
  ]);
});

Deno.test("a gen-3 token id without a symbol is its own realm path", () => {
  const event = onlyEvent(transaction([gen3Transfer("gno.land/r/demo/wugnot", ALICE, BOB, "5")]));
  assert.equal(event.tokenPath, "gno.land/r/demo/wugnot");
});

Deno.test("a gen-3 event is accepted from either default library path", () => {
  for (const library of DEFAULT_GRC20_LIBRARY_PATHS) {
    const tx = transaction([
      gnoEvent(library, [["token", "gno.land/r/demo/wugnot.wugnot"], ["from", ""], [
        "to",
        ALICE,
      ], ["value", "7"]]),
    ]);
    const event = parseTransaction(tx, { libraryPaths: DEFAULT_GRC20_LIBRARY_PATHS }).events[0];
    assert.equal(event?.tokenPath, "gno.land/r/demo/wugnot", library);
  }
});

Deno.test("a gen-2 event takes its token path from the transaction's only MsgCall", () => {
  const tx = transaction([gen2Transfer(ALICE, BOB, "250")], {
    calls: ["gno.land/r/gnoswap/v1/test_token/bar"],
    otherMessages: ["BankMsgSend"],
  });
  const event = onlyEvent(tx);
  assert.equal(event.tokenPath, "gno.land/r/gnoswap/v1/test_token/bar");
  assert.equal(event.tokenId, "gno.land/r/gnoswap/v1/test_token/bar", "the realm is the token id");
  assert.equal(event.amount, 250n);
});

Deno.test("a gen-1 event takes its token path from the emitting realm", () => {
  const tx = transaction([gen1Transfer("gno.land/r/demo/wugnot", ALICE, BOB, "42")], {
    calls: ["gno.land/r/gnoswap/v1/router"],
  });
  assert.equal(onlyEvent(tx).tokenPath, "gno.land/r/demo/wugnot");
  assert.equal(onlyEvent(tx).tokenId, "gno.land/r/demo/wugnot", "the realm is the token id");
});

Deno.test("an empty from is a mint", () => {
  const event = onlyEvent(
    transaction([gen3Transfer("gno.land/r/demo/wugnot.wugnot", "", BOB, "9")]),
  );
  assert.equal(event.kind, "mint");
  assert.equal(event.from, "");
  assert.equal(event.to, BOB);
});

Deno.test("an empty to is a burn", () => {
  const event = onlyEvent(transaction([gen1Transfer("gno.land/r/demo/wugnot", ALICE, "", "9")]));
  assert.equal(event.kind, "burn");
  assert.equal(event.from, ALICE);
  assert.equal(event.to, "");
});

Deno.test("a transfer to oneself is a transfer", () => {
  assert.equal(onlyEvent(transaction([gen2Transfer(TEST1, TEST1, "1")])).kind, "transfer");
});

Deno.test("a value of zero is a valid amount", () => {
  assert.equal(onlyEvent(transaction([gen2Transfer(ALICE, BOB, "0")])).amount, 0n);
});

Deno.test("a 78-digit value is kept exactly", () => {
  const digits = "1".padEnd(78, "7");
  const event = onlyEvent(transaction([gen2Transfer(ALICE, BOB, digits)]));
  assert.equal(event.amount, BigInt(digits));
  assert.equal(event.amount.toString(), digits);
});

Deno.test("a value beyond 2^64 is not rounded", () => {
  const event = onlyEvent(transaction([gen2Transfer(ALICE, BOB, "18446744073709551617")]));
  assert.equal(event.amount, 2n ** 64n + 1n);
});

Deno.test("leading zeros in a value are accepted", () => {
  assert.equal(onlyEvent(transaction([gen2Transfer(ALICE, BOB, "000120")])).amount, 120n);
});

Deno.test("attributes are read in any order", () => {
  const tx = transaction([
    gnoEvent(GRC20_GEN3, [
      ["value", "31"],
      ["to", BOB],
      ["from", ALICE],
      ["token", "gno.land/r/gnoswap/v1/gns.GNS"],
    ]),
  ]);
  const event = onlyEvent(tx);
  assert.equal(event.tokenPath, "gno.land/r/gnoswap/v1/gns");
  assert.equal(event.from, ALICE);
  assert.equal(event.to, BOB);
  assert.equal(event.amount, 31n);
});

Deno.test("the event index counts every event, token or not", () => {
  const tx = transaction([
    storageDeposit,
    gnoEvent("gno.land/r/gnoswap/v1/pool", [["poolPath", "x"]], "Swap"),
    null,
    gnoEvent(GRC20_GEN3, [["owner", ALICE], ["spender", BOB], ["value", "1"]], "Approval"),
    gen3Transfer("gno.land/r/gnoswap/v1/gns.GNS", ALICE, BOB, "1"),
    { __typename: "UnknownEvent" },
    gen3Transfer("gno.land/r/demo/wugnot.wugnot", BOB, ALICE, "2"),
  ]);
  const { events, rejections } = parse(tx);
  assert.deepEqual(rejections, []);
  assert.deepEqual(events.map((e) => [e.eventIndex, e.tokenPath]), [
    [4, "gno.land/r/gnoswap/v1/gns"],
    [6, "gno.land/r/demo/wugnot"],
  ]);
});

Deno.test("a transaction without events has no token events", () => {
  assert.deepEqual(parse(transaction(null)), { events: [], tokens: [], rejections: [] });
  assert.deepEqual(parse(transaction([])), { events: [], tokens: [], rejections: [] });
});

Deno.test("events other than Transfer and NewToken are ignored without a rejection", () => {
  const tx = transaction([
    gnoEvent(GRC20_GEN3, [["token", "x"], ["owner", ALICE]], "Approval"),
    gnoEvent("gno.land/r/gnoswap/v1/staker", null, "StakeToken"),
    gnoEvent(GRC20_GEN3, [["from", ALICE]], "transfer"),
  ]);
  assert.deepEqual(parse(tx), { events: [], tokens: [], rejections: [] });
});

Deno.test("library paths come from the options", () => {
  const custom = "gno.land/p/acme/grc20";
  const tx = transaction([
    gnoEvent(custom, [["token", "gno.land/r/acme/coin.COIN"], ["from", ""], ["to", BOB], [
      "value",
      "3",
    ]]),
  ]);
  assert.equal(
    parseTransaction(tx, { libraryPaths: [custom] }).events[0]?.tokenPath,
    "gno.land/r/acme/coin",
  );
  // Under the default paths it is another library's event: neither applied nor a forgery.
  assert.deepEqual(parseTransaction(tx, { libraryPaths: DEFAULT_GRC20_LIBRARY_PATHS }), {
    events: [],
    tokens: [],
    rejections: [],
  });
});

Deno.test("another library's Transfer is skipped, not counted, even with a token attr", () => {
  const tx = transaction([
    gnoEvent("gno.land/p/demo/grc/grc721", [["from", ALICE], ["to", BOB], ["tokenId", "7"]]),
    gnoEvent("gno.land/p/demo/grc/grc721", [
      ["token", "gno.land/r/demo/foo721.FNFT"],
      [
        "from",
        ALICE,
      ],
      ["to", BOB],
      ["tokenId", "7"],
    ]),
  ]);
  assert.deepEqual(parse(tx), { events: [], tokens: [], rejections: [] });
});

Deno.test("accepted and rejected events of one transaction are both reported in order", () => {
  const tx = transaction([
    gen3Transfer("gno.land/r/gnoswap/v1/gns.GNS", ALICE, BOB, "1"),
    gen3Transfer("gno.land/r/gnoswap/v1/gns.GNS", ALICE, BOB, "-1"),
    gen3Transfer("gno.land/r/gnoswap/v1/gns.GNS", BOB, ALICE, "2"),
  ]);
  const { events, rejections } = parse(tx);
  assert.deepEqual(events.map((e) => e.eventIndex), [0, 2]);
  assert.deepEqual(rejections.map((r) => [r.eventIndex, r.reason]), [[1, "invalid_value"]]);
});

// Rejections: one realistic case per reason, each checked by a table so that every reason in
// REJECTION_REASONS is proven reachable.

const otherPrefix = bech32.encode("cosmos", bech32.toWords(new Uint8Array(20).fill(9)));
const longPayload = bech32.encode("g", bech32.toWords(new Uint8Array(32).fill(9)));
const badChecksum = ALICE.slice(0, -1) + (ALICE.endsWith("q") ? "p" : "q");
const gns = "gno.land/r/gnoswap/v1/gns.GNS";
const FACTORY = "gno.land/r/demo/defi/grc20factory";

function newToken(pairs: [string, string][], pkgPath: string = GRC20_GEN3) {
  return gnoEvent(pkgPath, pairs, "NewToken");
}

const rejectionCases: {
  name: string;
  tx: UpstreamTransaction;
  reason: RejectionReason;
  detail: RegExp;
}[] = [
  {
    name: "a Transfer in a failed transaction",
    tx: transaction([gen3Transfer(gns, ALICE, BOB, "1")], { success: false }),
    reason: "failed_transaction",
    detail: /failed/,
  },
  {
    name: "a realm emitting a Transfer with a token attr (forgery)",
    tx: transaction([
      gnoEvent("gno.land/r/evil/airdrop", [["token", gns], ["from", ""], ["to", ALICE], [
        "value",
        "1000000000",
      ]]),
    ]),
    reason: "forged_token",
    detail: /"gno\.land\/r\/evil\/airdrop".*not a grc20 library/,
  },
  {
    name: "a forgery that is also malformed is named a forgery",
    tx: transaction([
      gnoEvent("gno.land/r/evil/airdrop", [["token", gns], ["token", gns], ["memo", "hi"]]),
    ]),
    reason: "forged_token",
    detail: /not a grc20 library/,
  },
  {
    name: "a Transfer from an ephemeral run package",
    tx: transaction([gen1Transfer(`gno.land/e/${TEST1}/run`, ALICE, BOB, "1")]),
    reason: "not_a_realm",
    detail: /not a realm path/,
  },
  {
    name: "a Transfer without value",
    tx: transaction([gnoEvent(GRC20_GEN3, [["token", gns], ["from", ALICE], ["to", BOB]])]),
    reason: "missing_attribute",
    detail: /^Missing attribute "value"$/,
  },
  {
    name: "a Transfer with null attrs",
    tx: transaction([gnoEvent(GRC20_GEN2, null)]),
    reason: "missing_attribute",
    detail: /^Missing attributes "from", "to", "value"$/,
  },
  {
    name: "a Transfer with a repeated to",
    tx: transaction([
      gnoEvent("gno.land/r/demo/wugnot", [["from", ALICE], ["to", BOB], ["to", ALICE], [
        "value",
        "1",
      ]]),
    ]),
    reason: "repeated_attribute",
    detail: /"to" appears more than once/,
  },
  {
    name: "a Transfer with a repeated token",
    tx: transaction([
      gnoEvent(GRC20_GEN3, [
        ["token", gns],
        ["token", "gno.land/r/demo/wugnot.wugnot"],
        [
          "from",
          ALICE,
        ],
        ["to", BOB],
        ["value", "1"],
      ]),
    ]),
    reason: "repeated_attribute",
    detail: /"token" appears more than once/,
  },
  {
    name: "a Transfer with an extra memo attr",
    tx: transaction([
      gnoEvent("gno.land/r/demo/wugnot", [["from", ALICE], ["to", BOB], ["value", "1"], [
        "memo",
        "hi",
      ]]),
    ]),
    reason: "unknown_attribute",
    detail: /"memo"/,
  },
  {
    name: "an attribute key differing only in case",
    tx: transaction([gnoEvent(GRC20_GEN2, [["From", ALICE], ["to", BOB], ["value", "1"]])]),
    reason: "unknown_attribute",
    detail: /"From"/,
  },
  {
    name: "a token attr with an empty realm part",
    tx: transaction([gen3Transfer(".FOO", ALICE, BOB, "1")]),
    reason: "empty_token_realm",
    detail: /"\.FOO" has an empty realm part/,
  },
  {
    name: "an empty token attr",
    tx: transaction([gen3Transfer("", ALICE, BOB, "1")]),
    reason: "empty_token_realm",
    detail: /empty realm part/,
  },
  {
    name: "a token attr naming a /p/ package",
    tx: transaction([gen3Transfer("gno.land/p/demo/foo.FOO", ALICE, BOB, "1")]),
    reason: "invalid_token_path",
    detail: /gives "gno\.land\/p\/demo\/foo", which is not a realm path/,
  },
  {
    name: "a token attr whose realm ends with a slash",
    tx: transaction([gen3Transfer("gno.land/r/demo/.FOO", ALICE, BOB, "1")]),
    reason: "invalid_token_path",
    detail: /not a realm path/,
  },
  {
    name: "a gen-2 event whose only MsgCall targets a non-realm path",
    tx: transaction([gen2Transfer(ALICE, BOB, "1")], { calls: ["gno.land/p/demo/avl"] }),
    reason: "invalid_token_path",
    detail: /MsgCall path "gno\.land\/p\/demo\/avl" is not a realm path/,
  },
  {
    name: "a gen-2 event in a transaction with two MsgCalls",
    tx: transaction([gen2Transfer(ALICE, BOB, "1")], {
      calls: ["gno.land/r/demo/wugnot", "gno.land/r/gnoswap/v1/gns"],
    }),
    reason: "ambiguous_token",
    detail: /with 2 MsgCall messages/,
  },
  {
    name: "a gen-2 event in a MsgRun transaction",
    tx: transaction([gen2Transfer(ALICE, BOB, "1")], { calls: [], otherMessages: ["MsgRun"] }),
    reason: "ambiguous_token",
    detail: /with 0 MsgCall messages/,
  },
  ...["-1", "1.5", "", " 1", "1 ", "1e3", "0x10", "+5", "１", "1".repeat(79)].map((value) => ({
    name: `a value of ${JSON.stringify(value.length > 20 ? value.length + " digits" : value)}`,
    tx: transaction([gen3Transfer(gns, ALICE, BOB, value)]),
    reason: "invalid_value" as const,
    detail: /not an unsigned decimal integer of at most 78 digits/,
  })),
  {
    name: "a from address with a bad checksum",
    tx: transaction([gen3Transfer(gns, badChecksum, BOB, "1")]),
    reason: "invalid_address",
    detail: /^Attribute "from" .* checksum/,
  },
  {
    name: "a to address with another bech32 prefix",
    tx: transaction([gen3Transfer(gns, ALICE, otherPrefix, "1")]),
    reason: "invalid_address",
    detail: /^Attribute "to" "cosmos1.*does not start with "g1"/,
  },
  {
    name: "a to address with a 32-byte payload",
    tx: transaction([gen1Transfer("gno.land/r/demo/wugnot", ALICE, longPayload, "1")]),
    reason: "invalid_address",
    detail: /characters instead of 40/,
  },
  {
    name: "an uppercase from address",
    tx: transaction([gen2Transfer(ALICE.toUpperCase(), BOB, "1")]),
    reason: "invalid_address",
    detail: /is not lowercase/,
  },
  {
    name: "a from address that is a realm path",
    tx: transaction([gen2Transfer("gno.land/r/demo/wugnot", BOB, "1")]),
    reason: "invalid_address",
    detail: /^Attribute "from"/,
  },
  {
    name: "both addresses empty",
    tx: transaction([gen3Transfer(gns, "", "", "1")]),
    reason: "both_addresses_empty",
    detail: /Both "from" and "to" are empty/,
  },
  {
    name: "a NewToken whose decimals are not a small integer",
    tx: transaction([newToken([["token", `${FACTORY}.TST.0000001`], ["name", "Test"], [
      "symbol",
      "TST",
    ], ["decimals", "256"]])]),
    reason: "invalid_decimals",
    detail: /^Decimals "256" is not an integer from 0 to 255$/,
  },
  {
    name: "a NewToken whose name holds a NUL",
    tx: transaction([newToken([["token", `${FACTORY}.TST.0000001`], ["name", "a\u0000b"], [
      "symbol",
      "TST",
    ], ["decimals", "6"]])]),
    reason: "invalid_metadata",
    detail: /^Attribute "name" .* holds a NUL$/,
  },
];

for (const { name, tx, reason, detail } of rejectionCases) {
  Deno.test(`${name} is rejected as ${reason}`, () => {
    const rejection = onlyRejection(tx);
    assert.equal(rejection.reason, reason);
    assert.match(rejection.detail, detail);
    assert.deepEqual(
      [rejection.txHash, rejection.blockHeight, rejection.txIndex, rejection.eventIndex],
      [tx.hash, tx.block_height, tx.index, 0],
    );
  });
}

Deno.test("every rejection reason is reachable", () => {
  const covered = new Set(rejectionCases.map((c) => c.reason));
  assert.deepEqual([...REJECTION_REASONS].filter((r) => !covered.has(r)), []);
});

Deno.test("non-Transfer events of a failed transaction are not rejections", () => {
  const tx = transaction([
    gnoEvent(GRC20_GEN3, [["owner", ALICE], ["spender", BOB], ["value", "1"]], "Approval"),
    storageDeposit,
    gen3Transfer(gns, ALICE, BOB, "1"),
  ], { success: false });
  const { events, rejections } = parse(tx);
  assert.deepEqual(events, []);
  assert.deepEqual(rejections.map((r) => [r.eventIndex, r.reason]), [[2, "failed_transaction"]]);
});

Deno.test("a rejection detail stays short however long the offending value is", () => {
  const rejection = onlyRejection(
    transaction([gen3Transfer(gns, ALICE, BOB, "9".repeat(100_000))]),
  );
  assert.equal(rejection.reason, "invalid_value");
  assert.ok(rejection.detail.length < 250, `${rejection.detail.length} characters`);
});

Deno.test("many distinct valid addresses are all accepted", () => {
  const events = Array.from(
    { length: 200 },
    (_, i) => gen3Transfer(gns, address(i + 10), address(i + 11), String(i)),
  );
  const { events: parsed, rejections } = parse(transaction(events));
  assert.deepEqual(rejections, []);
  assert.equal(parsed.length, 200);
  assert.equal(parsed[199].amount, 199n);
});

Deno.test("the generation-2 library path alone identifies gen-2 events", () => {
  const tx = transaction([gen2Transfer(ALICE, BOB, "1")], { calls: ["gno.land/r/demo/wugnot"] });
  assert.deepEqual(parseTransaction(tx, { libraryPaths: [GRC20_GEN3] }), {
    events: [],
    tokens: [],
    rejections: [],
  });
  assert.equal(parseTransaction(tx, { libraryPaths: [GRC20_GEN2] }).events.length, 1);
});

Deno.test("a token id with a very long symbol still names its realm", () => {
  const token = "gno.land/r/demo/foo20." + "X".repeat(400);
  assert.equal(
    onlyEvent(transaction([gen3Transfer(token, ALICE, BOB, "1")])).tokenPath,
    "gno.land/r/demo/foo20",
  );
});

Deno.test("the same bad token id is rejected the same way every time", () => {
  const tx = transaction([
    gen3Transfer("gno.land/p/demo/foo.FOO", ALICE, BOB, "1"),
    gen3Transfer("gno.land/p/demo/foo.FOO", BOB, ALICE, "1"),
  ]);
  const { rejections } = parse(tx);
  assert.deepEqual(rejections.map((r) => [r.eventIndex, r.reason]), [
    [0, "invalid_token_path"],
    [1, "invalid_token_path"],
  ]);
  assert.equal(rejections[0].detail, rejections[1].detail);
});

// NewToken: token metadata, as gno master emits it (devnet/recorded/gno-master).

Deno.test("a NewToken gives the token's metadata and moves nothing", () => {
  const tx = transaction([
    newToken([["token", `${FACTORY}.TST.0000001`], ["name", "Test Token"], ["symbol", "TST"], [
      "decimals",
      "6",
    ]]),
    gen3Transfer(`${FACTORY}.TST.0000001`, "", ALICE, "1000000"),
  ]);
  const { events, tokens, rejections } = parse(tx);
  assert.deepEqual(rejections, []);
  assert.equal(events.length, 1);
  assert.deepEqual(tokens, [{
    txHash: tx.hash,
    blockHeight: tx.block_height,
    txIndex: tx.index,
    eventIndex: 0,
    tokenId: `${FACTORY}.TST.0000001`,
    tokenPath: FACTORY,
    name: "Test Token",
    symbol: "TST",
    decimals: 6,
  }]);
});

Deno.test("a NewToken is refused like a Transfer: forged, malformed, another library's", () => {
  const good: [string, string][] = [["token", `${FACTORY}.ALP.0000002`], ["name", "Alpha"], [
    "symbol",
    "ALP",
  ], ["decimals", "2"]];
  const reasons = (event: ReturnType<typeof newToken>) => {
    const parsed = parse(transaction([event]));
    assert.deepEqual(parsed.tokens, []);
    return parsed.rejections.map((r) => r.reason);
  };
  assert.deepEqual(reasons(newToken(good, "gno.land/r/evil/forger")), ["forged_token"]);
  assert.deepEqual(reasons(newToken(good.slice(0, 3))), ["missing_attribute"]);
  assert.deepEqual(reasons(newToken([...good, ["name", "again"]])), ["repeated_attribute"]);
  assert.deepEqual(reasons(newToken([...good, ["owner", ALICE]])), ["unknown_attribute"]);
  assert.deepEqual(reasons(newToken(good.with(0, ["token", ".ALP"]))), ["empty_token_realm"]);
  assert.deepEqual(reasons(newToken(good.with(3, ["decimals", "-1"]))), ["invalid_decimals"]);
  assert.deepEqual(reasons(newToken(good, "gno.land/p/demo/tokens/grc721")), []);
  assert.deepEqual(
    reasons(newToken([["token", "gno.land/r/demo/foo721.FNFT"]], "gno.land/p/demo/grc/grc721")),
    [],
  );
});

Deno.test("a NewToken of a failed transaction is refused as such", () => {
  const tx = transaction([newToken([["token", `${FACTORY}.TST.0000001`], ["name", "T"], [
    "symbol",
    "TST",
  ], ["decimals", "6"]])], { success: false });
  assert.deepEqual(parse(tx).rejections.map((r) => r.reason), ["failed_transaction"]);
});

Deno.test("the recorded gno master chain's NewToken events all parse", async () => {
  const chain = JSON.parse(
    await Deno.readTextFile(
      new URL("../../devnet/recorded/gno-master/chain.json", import.meta.url),
    ),
  );
  const tokens = chain.transactions.flatMap((tx: UpstreamTransaction) =>
    parseTransaction(tx, { libraryPaths: DEFAULT_GRC20_LIBRARY_PATHS }).tokens
  );
  assert.deepEqual(
    tokens.map((t: { blockHeight: number; tokenId: string; symbol: string; decimals: number }) =>
      `${t.blockHeight} ${t.tokenId} ${t.symbol} ${t.decimals}`
    ),
    [
      "0 gno.land/r/tests/vm/test20.TST.0000000 TST 4",
      "0 gno.land/r/demo/defi/foo20.FOO.0000000 FOO 4",
      "0 gno.land/r/gnoland/wugnot.wugnot.0000000 wugnot 0",
      "0 gno.land/r/demo/defi/bar20.BAR.0000000 BAR 4",
      `45 ${FACTORY}.TST.0000001 TST 6`,
      `53 ${FACTORY}.ALP.0000002 ALP 2`,
    ],
  );
  const rejections = chain.transactions.flatMap((tx: UpstreamTransaction) =>
    parseTransaction(tx, { libraryPaths: DEFAULT_GRC20_LIBRARY_PATHS }).rejections
  );
  assert.deepEqual(rejections, [], "no event of the real chain is refused");
});
