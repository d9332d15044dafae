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

Deno.test("the fast path answers byte for byte like graphql-js", () => {
  const chain = createChain({
    seed: "projection",
    chainId: "dev",
    accounts: deriveAccounts("projection", 10),
    txsPerBlock: { min: 0, max: 5 },
    dense: null,
    genesisTimeMs: Date.UTC(2025, 0, 1),
    blockTimeMs: 5000,
    head: 50,
  });
  const view = { head: () => chain.head(), isMissing: () => false };
  const fast = createQueryExecutor(chain, view);
  const reference = createQueryExecutor(chain, view, { fastPath: false });
  for (const [query, variables] of QUERIES) {
    const a = fast.run({ query, variables });
    const b = reference.run({ query, variables });
    assert.equal(JSON.stringify(a), JSON.stringify(b), query);
  }
});
