/**
 * What the parsers of Transfer and NewToken events share (docs/architecture.md, "Token events"):
 * who may emit a token event, how a token id names its realm, and how a refusal is worded.
 * Pure: no I/O, no clock.
 */
import { isStorableTokenId, MAX_TOKEN_ID_LENGTH } from "../message.ts";
import { boundedMemo } from "./bounded_memo.ts";
import type { RejectionReason } from "./rejection.ts";
import { isPackagePath, isRealmPath, MAX_REALM_PATH_LENGTH, realmOfTokenId } from "./token_path.ts";

/** Why an event is refused. */
export interface Cause {
  reason: RejectionReason;
  detail: string;
}

/** An event of another token library (grc721...): not a candidate at all. */
export const NOT_GRC20 = Symbol("not a grc20 event");

/**
 * A few hundred tokens and realms emit nearly every event, so path checks are memoised. Paths
 * longer than Gno allows never reach a memo: they are rejected (or derived) without it.
 */
const MEMO_LIMIT = 4_096;
const MAX_MEMOISED_TOKEN_ID = MAX_REALM_PATH_LENGTH + 64;
const realmPathMemo = boundedMemo(isRealmPath, MEMO_LIMIT);
const tokenPathMemo = boundedMemo(deriveTokenPath, MEMO_LIMIT);

export const isRealmPathMemoised = (path: string) =>
  path.length <= MAX_REALM_PATH_LENGTH && realmPathMemo(path);

/** The realm path a grc20 token id names, or why it names none. */
export function tokenPathOf(token: string): string | Cause {
  return token.length <= MAX_MEMOISED_TOKEN_ID ? tokenPathMemo(token) : deriveTokenPath(token);
}

/**
 * Whether `pkgPath` may emit a token event: a grc20 library always; another library never (not
 * a grc20 event, and not a forgery either: grc721 on gno master emits `token` attrs too); a
 * realm only without a `token` attr (`realmMay`: the generation that emitted its own events).
 * Undefined when it may.
 */
export function emitterProblem(
  pkgPath: string,
  hasToken: boolean,
  libraryPaths: readonly string[],
  realmMay: boolean,
): Cause | typeof NOT_GRC20 | undefined {
  if (libraryPaths.includes(pkgPath)) return undefined;
  if (isPackagePath(pkgPath)) return NOT_GRC20;
  if (hasToken || !realmMay) {
    return {
      reason: "forged_token",
      detail: hasToken
        ? `A token attribute emitted by ${quote(pkgPath)}, which is not a grc20 library`
        : `A token event emitted by ${quote(pkgPath)}, which is not a grc20 library`,
    };
  }
  if (!isRealmPathMemoised(pkgPath)) {
    return {
      reason: "not_a_realm",
      detail: `Emitted by ${quote(pkgPath)}, which is not a realm path`,
    };
  }
  return undefined;
}

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

export function repeated(key: string): Cause {
  return { reason: "repeated_attribute", detail: `Attribute ${quote(key)} appears more than once` };
}

export function unknownAttribute(key: string): Cause {
  return { reason: "unknown_attribute", detail: `Unknown attribute ${quote(key)}` };
}

export function missingAttributes(missing: readonly string[]): Cause {
  const names = missing.map((key) => `"${key}"`).join(", ");
  return {
    reason: "missing_attribute",
    detail: `Missing attribute${missing.length > 1 ? "s" : ""} ${names}`,
  };
}

/** Values come from arbitrary realms: keep details short enough for one log line. */
const QUOTE_LIMIT = 100;

export function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_LIMIT ? text.slice(0, QUOTE_LIMIT) + "…" : text);
}
