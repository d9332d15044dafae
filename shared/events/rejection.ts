/**
 * Why a `Transfer` or `NewToken` event is not a token event (docs/architecture.md, "Token events"). Rejected
 * events are never applied; they are counted by reason, so every reason is a stable metric
 * label. Transfers of other token libraries (a `/p/` package that is not a grc20 library, such
 * as grc721) are not candidates at all: neither applied nor rejected.
 */
export const REJECTION_REASONS = [
  /** The transaction failed; its events changed nothing on chain. */
  "failed_transaction",
  /** A `token` attr on an event not emitted by a grc20 library: any realm can emit "Transfer". */
  "forged_token",
  /** No `token` attr and the emitter is neither a realm nor a package (e.g. a `/e/` run). */
  "not_a_realm",
  /** `from`, `to` or `value` is absent (or `attrs` is null). */
  "missing_attribute",
  /** An attribute key appears more than once. */
  "repeated_attribute",
  /** A key other than `from`, `to`, `value`, `token`. */
  "unknown_attribute",
  /** A `token` attr whose realm part is empty (e.g. `.FOO`). */
  "empty_token_realm",
  /**
   * The token path derived from a `token` attr or a MsgCall does not look like a realm path, or
   * the token id could not be stored (too long, or characters JSON escapes).
   */
  "invalid_token_path",
  /** A library event without `token` attr in a transaction without exactly one MsgCall. */
  "ambiguous_token",
  /** `value` is not an unsigned decimal integer of at most 78 digits. */
  "invalid_value",
  /** `from` or `to` is neither "" nor a valid lowercase `g` bech32 address. */
  "invalid_address",
  /** Both `from` and `to` are "": neither a mint, a burn nor a transfer. */
  "both_addresses_empty",
  /** A NewToken whose `decimals` is not an integer from 0 to 255. */
  "invalid_decimals",
  /** A NewToken whose `name` or `symbol` is too long or holds a NUL. */
  "invalid_metadata",
] as const;

export type RejectionReason = typeof REJECTION_REASONS[number];

/** A rejected `Transfer` or `NewToken` event, identified like a token event. */
export interface Rejection {
  txHash: string;
  blockHeight: number;
  txIndex: number;
  eventIndex: number;
  reason: RejectionReason;
  /** Human-readable, sentence case, bounded in length (offending values are truncated). */
  detail: string;
}
