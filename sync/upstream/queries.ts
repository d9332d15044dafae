/**
 * Every GraphQL document the synchronizer sends to tx-indexer, as constant strings (so that a
 * test can validate each against the upstream schema, and the server can cache them). They select
 * only the fields sync/ needs; unions select `__typename` (unselected members come back as `{}`)
 * and `GnoEvent` never selects `func` (removed in v0.7.0).
 *
 * How they page, and why, is docs/upstream.md: heights only, strict `gt`/`lt` (there is no
 * `gte`/`lte`), never a negative bound (tx-indexer casts bounds to unsigned integers, so `gt: -1`
 * matches nothing; a null `$after` means no lower bound), and an `index` bound only in a query
 * for one block, because tx-indexer applies an index range at every height it scans.
 */

export const LATEST_BLOCK_HEIGHT_QUERY = "query LatestBlockHeight { latestBlockHeight }";

const BLOCK_FIELDS = "height hash last_block_hash time num_txs chain_id";

/** Blocks with `after < height < before` (`after` null: from height 0), ascending. */
export const BLOCKS_QUERY = `query Blocks($after: Int, $before: Int!) {
  getBlocks(where: { height: { gt: $after, lt: $before } }, order: { height: ASC }) {
    ${BLOCK_FIELDS}
  }
}`;

const TRANSACTION_FIELDS = `hash index block_height success
    messages { value { __typename ... on MsgCall { pkg_path } } }
    response { events { __typename ... on GnoEvent { type pkg_path attrs { key value } } } }`;

/** Transactions with `after < block_height < before` (`after` null: from 0), in chain order. */
export const TRANSACTIONS_QUERY = `query Transactions($after: Int, $before: Int!) {
  getTransactions(
    where: { block_height: { gt: $after, lt: $before } }
    order: { heightAndIndex: ASC }
  ) {
    ${TRANSACTION_FIELDS}
  }
}`;

/**
 * The transactions of one block after index `after`, in order: the continuation for a block
 * that alone holds more than the upstream's 10,000-element cap. Exact only because the query
 * names a single height.
 */
export const BLOCK_TRANSACTIONS_AFTER_QUERY =
  `query BlockTransactionsAfter($height: Int!, $after: Int!) {
  getTransactions(
    where: { block_height: { eq: $height }, index: { gt: $after } }
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
  BLOCK_TRANSACTIONS_AFTER_QUERY,
  NEW_BLOCKS_SUBSCRIPTION,
] as const;

/**
 * The variables of BLOCKS_QUERY and TRANSACTIONS_QUERY for heights `from..to` (inclusive):
 * height 0 is asked without a lower bound, never with `gt: -1`.
 */
export function heightRangeVariables(
  from: number,
  to: number,
): { after: number | null; before: number } {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from) {
    throw new RangeError(`Invalid height range ${from}..${to}`);
  }
  return { after: from === 0 ? null : from - 1, before: to + 1 };
}
