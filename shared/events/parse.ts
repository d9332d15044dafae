/**
 * Picks GRC20 token events out of one upstream transaction (docs/architecture.md, "Token
 * events"). Pure: no I/O, no clock.
 *
 * Every GnoEvent of type "Transfer" ends up either as a {@link TokenEvent} or as a
 * {@link Rejection} with a named reason, so rejected events can be counted, unless another
 * token library (a `/p/` package that is not a grc20 library, such as grc721) emitted it; all
 * other events are not candidates and are skipped silently. A Transfer in a failed transaction is reported
 * as `failed_transaction`: on chain it changed nothing, but counting it keeps such events
 * visible (a devnet or upstream that stores events of failed transactions shows up in metrics).
 *
 * When an event has several problems, the first in this order is reported:
 * failed transaction; who emitted it (`forged_token`, `not_a_realm`); attribute structure
 * (`unknown_attribute` / `repeated_attribute` in attr order, then `missing_attribute`); token
 * path (`empty_token_realm`, `invalid_token_path`, `ambiguous_token`); `invalid_value`;
 * `invalid_address` (from, then to); `both_addresses_empty`. Emitter checks come first so that
 * a forgery or a non-token Transfer (grc721's has a `tokenId` attr) is named for what it is.
 */
import { addressProblem, isAddress } from "./address.ts";
import { boundedMemo } from "./bounded_memo.ts";
import type { Rejection, RejectionReason } from "./rejection.ts";
import type { TokenEvent } from "./token_event.ts";
import { isStorableTokenId, MAX_TOKEN_ID_LENGTH } from "../message.ts";
import { isPackagePath, isRealmPath, MAX_REALM_PATH_LENGTH, realmOfTokenId } from "./token_path.ts";
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
  /** In `response.events` order. */
  events: TokenEvent[];
  /** In `response.events` order. */
  rejections: Rejection[];
}

/** 2^256 has 78 digits: anything longer is no amount a realm can hold. */
export const MAX_VALUE_DIGITS = 78;

interface Cause {
  reason: RejectionReason;
  detail: string;
}

const NO_ATTRIBUTES: readonly GnoEventAttribute[] = [];

const failedTransaction: Cause = {
  reason: "failed_transaction",
  detail: "The transaction failed, so its Transfer changed nothing",
};

/**
 * A few hundred tokens and realms emit nearly every event, so path checks are memoised. Paths
 * longer than Gno allows never reach a memo: they are rejected (or derived) without it.
 */
const MEMO_LIMIT = 4_096;
const MAX_MEMOISED_TOKEN_ID = MAX_REALM_PATH_LENGTH + 64;
const realmPathMemo = boundedMemo(isRealmPath, MEMO_LIMIT);
const isRealmPathMemoised = (path: string) =>
  path.length <= MAX_REALM_PATH_LENGTH && realmPathMemo(path);
const tokenPathOfId = boundedMemo(deriveTokenPath, MEMO_LIMIT);

export function parseTransaction(
  tx: UpstreamTransaction,
  options: ParseOptions,
): ParsedTransaction {
  const events: TokenEvent[] = [];
  const rejections: Rejection[] = [];
  const upstreamEvents = tx.response.events;
  if (upstreamEvents == null) return { events, rejections };

  for (let eventIndex = 0; eventIndex < upstreamEvents.length; eventIndex++) {
    const event = upstreamEvents[eventIndex];
    if (event == null || !isGnoEvent(event) || event.type !== "Transfer") continue;
    const result = tx.success
      ? readTransfer(tx, event, eventIndex, options.libraryPaths)
      : failedTransaction;
    if (result === NOT_GRC20) continue;
    if ("reason" in result) {
      rejections.push({
        txHash: tx.hash,
        blockHeight: tx.block_height,
        txIndex: tx.index,
        eventIndex,
        reason: result.reason,
        detail: result.detail,
      });
    } else {
      events.push(result);
    }
  }
  return { events, rejections };
}

/** A Transfer from another token library (grc721...): not a candidate at all. */
const NOT_GRC20 = Symbol("not a grc20 event");

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
        malformed ??= {
          reason: "unknown_attribute",
          detail: `Unknown attribute ${quote(attr.key)}`,
        };
    }
  }

  const pkgPath = event.pkg_path;
  const fromLibrary = libraryPaths.includes(pkgPath);
  if (!fromLibrary) {
    // Other libraries (grc721 on gno master carries a token attr too) emit Transfers of their
    // own: neither a token event nor a forgery.
    if (isPackagePath(pkgPath)) return NOT_GRC20;
    if (hasToken) {
      return {
        reason: "forged_token",
        detail: `A token attribute emitted by ${quote(pkgPath)}, which is not a grc20 library`,
      };
    }
    if (!isRealmPathMemoised(pkgPath)) {
      return {
        reason: "not_a_realm",
        detail: `Emitted by ${quote(pkgPath)}, which is not a realm path`,
      };
    }
  }
  if (malformed !== undefined) return malformed;
  if (from === undefined || to === undefined || value === undefined) {
    return { reason: "missing_attribute", detail: missingDetail(from, to, value) };
  }

  let tokenPath: string;
  if (token !== undefined) {
    const derived = token.length <= MAX_MEMOISED_TOKEN_ID
      ? tokenPathOfId(token)
      : deriveTokenPath(token);
    if (typeof derived !== "string") return derived;
    tokenPath = derived;
  } else if (fromLibrary) {
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

/** The realm path a grc20 token id names, or why it names none. */
function deriveTokenPath(token: string): string | Cause {
  const tokenPath = realmOfTokenId(token);
  if (tokenPath === "") {
    return {
      reason: "empty_token_realm",
      detail: `Token ${quote(token)} has an empty realm part`,
    };
  }
  if (!isStorableTokenId(token)) {
    return {
      reason: "invalid_token_path",
      detail: `Token ${quote(token)} is not a token id that can be stored (at most ` +
        `${MAX_TOKEN_ID_LENGTH} characters, none escaped in JSON)`,
    };
  }
  if (!isRealmPath(tokenPath)) {
    return {
      reason: "invalid_token_path",
      detail: `Token ${quote(token)} gives ${quote(tokenPath)}, which is not a realm path`,
    };
  }
  return tokenPath;
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

function repeated(key: string): Cause {
  return { reason: "repeated_attribute", detail: `Attribute ${quote(key)} appears more than once` };
}

function missingDetail(from?: string, to?: string, value?: string): string {
  const missing = [];
  if (from === undefined) missing.push(`"from"`);
  if (to === undefined) missing.push(`"to"`);
  if (value === undefined) missing.push(`"value"`);
  return `Missing attribute${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`;
}

function invalidAddress(key: "from" | "to", address: string): Cause {
  return {
    reason: "invalid_address",
    detail: `Attribute "${key}" ${quote(address)} ${addressProblem(address) ?? "is invalid"}`,
  };
}

/** Values come from arbitrary realms: keep details short enough for one log line. */
const QUOTE_LIMIT = 100;

function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_LIMIT ? text.slice(0, QUOTE_LIMIT) + "…" : text);
}
