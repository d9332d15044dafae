/**
 * The devnet's data model. Objects are shaped exactly like the tx-indexer GraphQL output types
 * (same field names; unions carry `__typename`) so they can be served and filtered as they are.
 */

export interface Coin {
  amount: number;
  denom: string;
}

export interface GnoEventAttribute {
  key: string;
  value: string;
}

export interface GnoEvent {
  __typename: "GnoEvent";
  type: string;
  pkg_path: string;
  attrs: GnoEventAttribute[] | null;
}

export interface StorageDepositEvent {
  __typename: "StorageDepositEvent";
  type: string;
  bytes_delta: number;
  fee_delta: Coin;
  pkg_path: string;
}

export interface StorageUnlockEvent {
  __typename: "StorageUnlockEvent";
  type: string;
  bytes_delta: number;
  fee_refund: Coin;
  pkg_path: string;
}

export interface UnknownEvent {
  __typename: "UnknownEvent";
  value: string;
}

export type TxEvent = GnoEvent | StorageDepositEvent | StorageUnlockEvent | UnknownEvent;

export interface MemFile {
  name: string;
  body: string;
}

export interface MemPackage {
  name: string;
  path: string;
  files: MemFile[] | null;
}

export interface MsgCall {
  __typename: "MsgCall";
  caller: string;
  send: string;
  pkg_path: string;
  func: string;
  args: string[] | null;
  max_deposit: string;
}

export interface BankMsgSend {
  __typename: "BankMsgSend";
  from_address: string;
  to_address: string;
  amount: string;
}

export interface MsgRun {
  __typename: "MsgRun";
  caller: string;
  send: string;
  package: MemPackage;
  max_deposit: string;
}

export interface MsgAddPackage {
  __typename: "MsgAddPackage";
  creator: string;
  package: MemPackage;
  deposit: string;
  send: string;
  max_deposit: string;
}

export type MessageValue = MsgCall | BankMsgSend | MsgRun | MsgAddPackage;

export interface TransactionMessage {
  typeUrl: string;
  route: string;
  value: MessageValue;
}

export interface TransactionResponse {
  log: string;
  info: string;
  error: string;
  data: string;
  events: TxEvent[] | null;
}

export interface Transaction {
  index: number;
  hash: string;
  success: boolean;
  block_height: number;
  gas_wanted: number;
  gas_used: number;
  gas_fee: Coin | null;
  content_raw: string;
  messages: TransactionMessage[];
  memo: string;
  response: TransactionResponse;
}

export interface BlockTransaction {
  hash: string;
  fee: { gas_wanted: number; gas_fee: Coin };
  memo: string;
  content_raw: string;
}

export interface Block {
  hash: string;
  height: number;
  version: string;
  chain_id: string;
  time: string;
  num_txs: number;
  total_txs: number;
  app_version: string;
  last_block_hash: string;
  last_commit_hash: string;
  validators_hash: string;
  next_validators_hash: string;
  consensus_hash: string;
  app_hash: string;
  last_results_hash: string;
  proposer_address_raw: string;
  txs: BlockTransaction[];
}

/** A balance change the generator intended: one valid token event. */
export interface Movement {
  /** The token id: the `token` attr as emitted, else the realm path. */
  tokenId: string;
  /** The realm path. */
  tokenPath: string;
  /** "" for a mint. */
  from: string;
  /** "" for a burn. */
  to: string;
  amount: bigint;
  blockHeight: number;
  txIndex: number;
  eventIndex: number;
  txHash: string;
}

/** A token's metadata the generator intended: one valid `NewToken` event (library pkg_path). */
export interface TokenAnnouncement {
  tokenId: string;
  tokenPath: string;
  symbol: string;
  name: string;
  decimals: number;
  blockHeight: number;
  txIndex: number;
  eventIndex: number;
  txHash: string;
}

/** What the truth knows about a token at some height. */
export interface TokenInfo {
  tokenId: string;
  /** The realm path. */
  tokenPath: string;
  /**
   * From the `NewToken` event, else from the `token` attr (`TST` of
   * `gno.land/r/demo/defi/grc20factory.TST.0000001`); null for gen 1/2 tokens (no attr).
   */
  symbol: string | null;
  /** From the `NewToken` event only. */
  name: string | null;
  /** From the `NewToken` event only. */
  decimals: number | null;
  /** The height of the `NewToken` event, when there was one. */
  createdHeight?: number;
}

/**
 * Why the generator expects a Transfer-typed GnoEvent NOT to be applied. Failed transactions
 * carry no events (as on the real tx-indexer), so there is no `failed_tx` reason; Transfer events
 * of `/p/` packages other than the grc20 libraries (grc721, ...) are not GRC20 events at all and
 * are not rejections either.
 */
export type RejectionReason =
  | "forged_token_attr"
  | "empty_token_realm"
  | "missing_attr"
  | "repeated_attr"
  | "extra_attr"
  | "bad_value"
  | "bad_address"
  | "both_empty"
  | "ambiguous_no_msgcall"
  | "ambiguous_many_msgcalls"
  /** A gen-1 shaped Transfer from a package that is neither a `/r/` realm nor a `/p/` package
   * (a MsgRun script's `gno.land/e/<caller>/run`). */
  | "not_a_realm";

export interface Rejection {
  reason: RejectionReason;
  blockHeight: number;
  txIndex: number;
  eventIndex: number;
  txHash: string;
}

export interface GeneratedBlock {
  block: Block;
  transactions: Transaction[];
  movements: Movement[];
  rejections: Rejection[];
  /** Valid `NewToken` events, in (tx, event) order. */
  newTokens: TokenAnnouncement[];
}
