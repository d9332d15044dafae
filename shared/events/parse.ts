/**
 * Picks GRC20 token events out of one upstream transaction (docs/architecture.md, "Token
 * events"): the balance movements (`Transfer`) and the token metadata (`NewToken`, read by
 * new_token.ts). Pure: no I/O, no clock.
 *
 * Every GnoEvent of type "Transfer" or "NewToken" ends up either as a parsed event or as a
 * {@link Rejection} with a named reason, so rejected events can be counted, unless another
 * token library (a `/p/` package that is not a grc20 library, such as grc721) emitted it; all
 * other events are not candidates and are skipped silently. A token event of a failed
 * transaction is reported as `failed_transaction`: on chain it changed nothing, and tx-indexer
 * serves failed transactions without events, so one that has them is worth counting.
 *
 * When a Transfer has several problems, the first in this order is reported:
 * failed transaction; who emitted it (`forged_token`, `not_a_realm`); attribute structure
 * (`unknown_attribute` / `repeated_attribute` in attr order, then `missing_attribute`); token
 * path (`empty_token_realm`, `invalid_token_path`, `ambiguous_token`); `invalid_value`;
 * `invalid_address` (from, then to); `both_addresses_empty`. Emitter checks come first so that
 * a forgery is named for what it is.
 */
import { addressProblem, isAddress } from "./address.ts";
import { readNewToken, type TokenMetadata } from "./new_token.ts";
import type { Rejection } from "./rejection.ts";
import {
  type Cause,
  emitterProblem,
  isRealmPathMemoised,
  missingAttributes,
  NOT_GRC20,
  quote,
  repeated,
  tokenPathOf,
  unknownAttribute,
} from "./rules.ts";
import type { TokenEvent } from "./token_event.ts";
import {
  type GnoEvent,
  type GnoEventAttribute,
  isGnoEvent,
  isMsgCall,
  type UpstreamTransaction,
} from "./transaction.ts";

export interface ParseOptions {
  /** Package paths of the grc20 library, e.g. {@link DEFAULT_GRC20_LIBRARY_PATHS}. */
  libraryPaths: readonly string[];
}

export interface ParsedTransaction {
  /** Balance movements (Transfer events), in `response.events` order. */
  events: TokenEvent[];
  /** Token metadata (NewToken events), in `response.events` order. */
  tokens: TokenMetadata[];
  /** In `response.events` order. */
  rejections: Rejection[];
}

/** 2^256 has 78 digits: anything longer is no amount a realm can hold. */
export const MAX_VALUE_DIGITS = 78;

const NO_ATTRIBUTES: readonly GnoEventAttribute[] = [];

const failedTransaction: Cause = {
  reason: "failed_transaction",
  detail: "The transaction failed, so its token event changed nothing",
};

export function parseTransaction(
  tx: UpstreamTransaction,
  options: ParseOptions,
): ParsedTransaction {
  const events: TokenEvent[] = [];
  const tokens: TokenMetadata[] = [];
  const rejections: Rejection[] = [];
  const upstreamEvents = tx.response.events;
  if (upstreamEvents == null) return { events, tokens, rejections };

  const { libraryPaths } = options;
  for (let eventIndex = 0; eventIndex < upstreamEvents.length; eventIndex++) {
    const event = upstreamEvents[eventIndex];
    if (event == null || !isGnoEvent(event)) continue;
    let result: TokenEvent | TokenMetadata | Cause | typeof NOT_GRC20;
    if (event.type === "Transfer") {
      result = tx.success
        ? readTransfer(tx, event, eventIndex, libraryPaths)
        : failed(event, libraryPaths);
      if (result !== NOT_GRC20 && "amount" in result) events.push(result);
    } else if (event.type === "NewToken") {
      result = tx.success
        ? readNewToken(tx, event, eventIndex, libraryPaths)
        : failed(event, libraryPaths);
      if (result !== NOT_GRC20 && "decimals" in result) tokens.push(result);
    } else {
      continue;
    }
    if (result !== NOT_GRC20 && "reason" in result) {
      rejections.push({
        txHash: tx.hash,
        blockHeight: tx.block_height,
        txIndex: tx.index,
        eventIndex,
        reason: result.reason,
        detail: result.detail,
      });
    }
  }
  return { events, tokens, rejections };
}

/** A token event of a failed transaction; another library's event is none of ours either way. */
function failed(event: GnoEvent, libraryPaths: readonly string[]): Cause | typeof NOT_GRC20 {
  return emitterProblem(event.pkg_path, false, libraryPaths, true) === NOT_GRC20
    ? NOT_GRC20
    : failedTransaction;
}

function readTransfer(
  tx: UpstreamTransaction,
  event: GnoEvent,
  eventIndex: number,
  libraryPaths: readonly string[],
): TokenEvent | Cause | typeof NOT_GRC20 {
  let from: string | undefined;
  let to: string | undefined;
  let value: string | undefined;
  let token: string | undefined;
  let hasToken = false;
  let malformed: Cause | undefined;
  for (const attr of event.attrs ?? NO_ATTRIBUTES) {
    switch (attr.key) {
      case "from":
        if (from === undefined) from = attr.value;
        else malformed ??= repeated("from");
        break;
      case "to":
        if (to === undefined) to = attr.value;
        else malformed ??= repeated("to");
        break;
      case "value":
        if (value === undefined) value = attr.value;
        else malformed ??= repeated("value");
        break;
      case "token":
        hasToken = true;
        if (token === undefined) token = attr.value;
        else malformed ??= repeated("token");
        break;
      default:
        malformed ??= unknownAttribute(attr.key);
    }
  }

  const pkgPath = event.pkg_path;
  const emitter = emitterProblem(pkgPath, hasToken, libraryPaths, true);
  if (emitter !== undefined) return emitter;
  if (malformed !== undefined) return malformed;
  if (from === undefined || to === undefined || value === undefined) {
    const missing = [["from", from], ["to", to], ["value", value]] as const;
    return missingAttributes(missing.filter(([, v]) => v === undefined).map(([key]) => key));
  }

  let tokenPath: string;
  if (token !== undefined) {
    const derived = tokenPathOf(token);
    if (typeof derived !== "string") return derived;
    tokenPath = derived;
  } else if (libraryPaths.includes(pkgPath)) {
    const callPath = singleMsgCallPath(tx);
    if (typeof callPath === "number") {
      return {
        reason: "ambiguous_token",
        detail: `A grc20 library event without token attribute in a transaction with ${callPath} ` +
          `MsgCall messages instead of exactly one`,
      };
    }
    if (!isRealmPathMemoised(callPath)) {
      return {
        reason: "invalid_token_path",
        detail: `The transaction's MsgCall path ${quote(callPath)} is not a realm path`,
      };
    }
    tokenPath = callPath;
  } else {
    tokenPath = pkgPath;
  }

  if (!isUnsignedDecimal(value)) {
    return {
      reason: "invalid_value",
      detail: `Value ${quote(value)} is not an unsigned decimal integer of at most ` +
        `${MAX_VALUE_DIGITS} digits`,
    };
  }
  if (from !== "" && !isAddress(from)) return invalidAddress("from", from);
  if (to !== "" && !isAddress(to)) return invalidAddress("to", to);
  if (from === "" && to === "") {
    return { reason: "both_addresses_empty", detail: `Both "from" and "to" are empty` };
  }

  return {
    txHash: tx.hash,
    blockHeight: tx.block_height,
    txIndex: tx.index,
    eventIndex,
    tokenId: token ?? tokenPath,
    tokenPath,
    from,
    to,
    amount: BigInt(value),
    kind: from === "" ? "mint" : to === "" ? "burn" : "transfer",
  };
}

/** The pkg_path of the transaction's only MsgCall, or how many MsgCalls it has otherwise. */
function singleMsgCallPath(tx: UpstreamTransaction): string | number {
  let path: string | undefined;
  let count = 0;
  for (const message of tx.messages) {
    if (message != null && isMsgCall(message.value)) {
      count++;
      path = message.value.pkg_path;
    }
  }
  return count === 1 ? path! : count;
}

/** Equivalent to /^[0-9]{1,78}$/, without a regex on the hot path. */
function isUnsignedDecimal(value: string): boolean {
  const length = value.length;
  if (length === 0 || length > MAX_VALUE_DIGITS) return false;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function invalidAddress(key: "from" | "to", address: string): Cause {
  return {
    reason: "invalid_address",
    detail: `Attribute "${key}" ${quote(address)} ${addressProblem(address) ?? "is invalid"}`,
  };
}
