/**
 * Every GraphQL document the synchronizer sends to tx-indexer, as constant strings (so that a
 * test can validate each against the upstream schema, and the server can cache them). They select
 * only the fields sync/ needs; unions select `__typename` (unselected members come back as `{}`)
 * and `GnoEvent` never selects `func` (removed in v0.7.0). Ranges use `gt`/`lt` only: the
 * upstream has no `gte`/`lte`.
 */

export const LATEST_BLOCK_HEIGHT_QUERY = "query LatestBlockHeight { latestBlockHeight }";

const BLOCK_FIELDS = "height hash last_block_hash time num_txs chain_id";

/** Blocks with `after < height < before`, ascending. */
export const BLOCKS_QUERY = `query Blocks($after: Int!, $before: Int!) {
  getBlocks(where: { height: { gt: $after, lt: $before } }, order: { height: ASC }) {
    ${BLOCK_FIELDS}
  }
}`;

const TRANSACTION_FIELDS = `hash index block_height success
    messages { value { __typename ... on MsgCall { pkg_path } } }
    response { events { __typename ... on GnoEvent { type pkg_path attrs { key value } } } }`;

/** Transactions with `after < block_height < before`, in chain order. */
export const TRANSACTIONS_QUERY = `query Transactions($after: Int!, $before: Int!) {
  getTransactions(
    where: { block_height: { gt: $after, lt: $before } }
    order: { heightAndIndex: ASC }
  ) {
    ${TRANSACTION_FIELDS}
  }
}`;

/**
 * The continuation after a capped answer: transactions strictly after the cursor
 * (`cursorHeight`, `cursorIndex`) and below `before`, in chain order. Works even inside one block
 * that holds more than 10,000 transactions.
 */
export const TRANSACTIONS_AFTER_CURSOR_QUERY =
  `query TransactionsAfterCursor($cursorHeight: Int!, $cursorIndex: Int!, $before: Int!) {
  getTransactions(
    where: {
      block_height: { lt: $before }
      _or: [
        { block_height: { gt: $cursorHeight } }
        { block_height: { eq: $cursorHeight }, index: { gt: $cursorIndex } }
      ]
    }
    order: { heightAndIndex: ASC }
  ) {
    ${TRANSACTION_FIELDS}
  }
}`;

/** New blocks as they are indexed: used only as a wake-up signal, the data is re-queried. */
export const NEW_BLOCKS_SUBSCRIPTION = "subscription NewBlocks { getBlocks(where: {}) { height } }";

export const ALL_DOCUMENTS = [
  LATEST_BLOCK_HEIGHT_QUERY,
  BLOCKS_QUERY,
  TRANSACTIONS_QUERY,
  TRANSACTIONS_AFTER_CURSOR_QUERY,
  NEW_BLOCKS_SUBSCRIPTION,
] as const;
