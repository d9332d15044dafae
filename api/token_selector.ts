/**
 * What the `{tokenPath}` segment of a token route names (docs/architecture.md, "Token
 * identity"): a realm path names all of that realm's tokens; anything longer names one token,
 * by its token id (`gno.land/r/demo/defi/grc20factory.TST.0000001`) or by `<realm>.<SYMBOL>`,
 * which also finds that symbol's token id with a sequence number. Pure.
 */
import { isRealmPath, realmOfTokenId } from "../shared/events/mod.ts";
import { isStorableTokenId } from "../shared/message.ts";

export type TokenSelector =
  /** Every token of a realm. */
  | { kind: "realm"; realm: string }
  /**
   * One token: `tokenId` exactly, or, when `bySymbol`, also the realm's token whose id is
   * `tokenId` followed by a sequence number (`.0000001`).
   */
  | { kind: "token"; realm: string; tokenId: string; bySymbol: boolean };

/** A token id's sequence number: a dot and seven digits at its end. */
const SEQUENCE = /\.[0-9]{7}$/;

/** The selector a segment names, or null when it names none (a bad parameter). */
export function tokenSelector(segment: string): TokenSelector | null {
  if (isRealmPath(segment)) return { kind: "realm", realm: segment };
  const realm = realmOfTokenId(segment);
  if (realm === segment || !isRealmPath(realm) || !isStorableTokenId(segment)) return null;
  const symbol = segment.slice(realm.length + 1);
  if (symbol === "" || /\s/.test(symbol)) return null;
  return { kind: "token", realm, tokenId: segment, bySymbol: !SEQUENCE.test(segment) };
}

/** Whether a token id is one the selector names. */
export function selects(selector: TokenSelector, tokenId: string): boolean {
  if (selector.kind === "realm") return realmOfTokenId(tokenId) === selector.realm;
  if (tokenId === selector.tokenId) return true;
  return selector.bySymbol && tokenId.length === selector.tokenId.length + 8 &&
    tokenId.startsWith(selector.tokenId) && SEQUENCE.test(tokenId);
}
