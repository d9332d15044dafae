import assert from "node:assert/strict";
import { deriveAccounts } from "./addresses.ts";
import { createChain } from "./chain.ts";
import { createQueryExecutor } from "./query_executor.ts";

const QUERIES: [string, Record<string, unknown>?][] = [
  ["{ latestBlockHeight }"],
  [
    `query ($from: Int!, $to: Int!) {
      getTransactions(where: { block_height: { gt: $from, lt: $to } }) {
        hash index block_height success gas_fee { amount denom }
        messages { typeUrl route value { __typename ... on MsgCall { pkg_path func args caller }
          ... on BankMsgSend { amount } ... on MsgRun { package { path files { name } } } } }
        response { log error events { __typename ... on GnoEvent { type pkg_path attrs { key value } }
          ... on StorageDepositEvent { bytes_delta fee_delta { amount } } } } } }`,
    {
      from: 2,
      to: 30,
    },
  ],
  [`{ a: getBlocks(where: { height: { lt: 4 } }, order: { height: DESC }) { ...B }
      b: latestBlockHeight
      getTransactions(where: { response: { events: { UnknownEvent: {} } } }) {
        response { events { ... on UnknownEvent { value } ... on GnoEvent { __typename } } } } }
    fragment B on Block { height hash num_txs txs { hash fee { gas_fee { denom } } } }`],
  [`{ getTransactions(where: { hash: { eq: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" } }) { hash } }`],
  [`query Q { getBlocks(where: { _or: [{ height: { eq: 1 } }, { num_txs: { gt: 3 } }] }) {
      height __typename h2: height } }`],
];

const RANGE_QUERIES: [string, Record<string, unknown>?][] = [
  ["{ getBlocks(where: { height: { gt: 1, lt: 40 } }, order: { height: DESC }) { height hash } }"],
  [
    `query ($after: Int!, $before: Int!) {
      getTransactions(where: { block_height: { gt: $after, lt: $before } },
        order: { heightAndIndex: DESC }) { hash index block_height } }`,
    { after: 3, before: 20 },
  ],
  ["{ getTransactions(where: { block_height: { lt: 60 } }) { hash index block_height } }"],
  // The same scan semantics on the cached path: uint64 casts, lt 0 unbounded, empty is null.
  ["{ getBlocks(where: { height: { gt: -1, lt: 4 } }) { height } }"],
  ["{ getBlocks(where: { height: { lt: 1 } }) { height } }"],
  ["{ getBlocks(where: { height: { lt: 0 } }) { height } }"],
  ["{ getBlocks(where: { height: { gt: 99999999999 } }) { height } }"],
  ["{ getBlocks(where: { height: { gt: 10, lt: 11 } }, order: { height: DESC }) { height } }"],
  ["{ getTransactions(where: { block_height: { gt: -1 } }) { hash } }"],
  ["{ getTransactions(where: { block_height: { lt: 0 } }) { hash } }"],
  ["{ a: getTransactions(where: { block_height: { gt: 45 } }) { hash } b: latestBlockHeight }"],
  [
    `query ($after: Int!, $before: Int!) {
      getBlocks(where: { height: { gt: $after, lt: $before } }) { height } }`,
    { after: -1, before: 3 },
  ],
];

function testChain(txsPerBlock = { min: 0, max: 5 }) {
  return createChain({
    seed: "projection",
    chainId: "dev",
    accounts: deriveAccounts("projection", 10),
    txsPerBlock,
    dense: null,
    genesisTimeMs: Date.UTC(2025, 0, 1),
    blockTimeMs: 5000,
    head: 50,
  });
}

Deno.test("the fast path answers byte for byte like graphql-js", () => {
  const chain = testChain();
  const view = { head: () => chain.head(), isMissing: () => false };
  const fast = createQueryExecutor(chain, view);
  const reference = createQueryExecutor(chain, view, { fastPath: false });
  for (const [query, variables] of QUERIES) {
    const a = fast.run({ query, variables });
    const b = reference.run({ query, variables });
    assert.equal(JSON.stringify(a), JSON.stringify(b), query);
  }
});

Deno.test("answers as text, cached or not, are the bytes of graphql-js's answers", () => {
  const chain = testChain();
  const view = { head: () => chain.head(), isMissing: () => false };
  const uncached = createQueryExecutor(chain, view);
  const cached = createQueryExecutor(chain, view, { cachedItems: 1_000 });
  const reference = createQueryExecutor(chain, view, { fastPath: false });
  for (const [query, variables] of [...QUERIES, ...RANGE_QUERIES]) {
    const expected = JSON.stringify(reference.run({ query, variables }).body);
    assert.equal(uncached.runText({ query, variables }).text, expected, query);
    assert.equal(cached.runText({ query, variables }).text, expected, query);
    assert.equal(cached.runText({ query, variables }).text, expected, `${query} (cached)`);
  }
});

Deno.test("cached answers follow a chain reset", () => {
  const chain = testChain();
  const view = { head: () => chain.head(), isMissing: () => false };
  const cached = createQueryExecutor(chain, view, { cachedItems: 1_000 });
  const query = "{ getBlocks(where: { height: { lt: 5 } }) { height hash } }";
  const before = cached.runText({ query }).text;
  chain.reset("another");
  const after = cached.runText({ query }).text;
  assert.notEqual(after, before);
  const reference = createQueryExecutor(chain, view, { fastPath: false });
  assert.equal(after, JSON.stringify(reference.run({ query }).body));
});

Deno.test("a cached range answer stops at the element cap like the resolver", () => {
  const chain = testChain({ min: 300, max: 300 });
  const view = { head: () => chain.head(), isMissing: (h: number) => h === 7 };
  const cached = createQueryExecutor(chain, view, { cachedItems: 100_000 });
  const reference = createQueryExecutor(chain, view, { fastPath: false });
  const query = "{ getTransactions(where: { block_height: { gt: 0 } }) { hash index } }";
  const expected = JSON.stringify(reference.run({ query }).body);
  assert.match(expected, /max elements per query reached/);
  assert.equal(cached.runText({ query }).text, expected);
  assert.equal(cached.runText({ query }).text, expected);
});
