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

/** A balance change the generator intended: one valid token event (SPEC §3). */
export interface Movement {
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

/** Why the generator expects a Transfer-typed GnoEvent NOT to be applied. */
export type RejectionReason =
  | "failed_tx"
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
}
