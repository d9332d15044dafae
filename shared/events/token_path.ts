/**
 * Realm paths identify tokens (`tokenPath`). Shared by the event parser and the API.
 */

/** Gno's own limit on package path length. */
export const MAX_REALM_PATH_LENGTH = 256;

/**
 * A domain (`gno.land`), `/r/`, then one or more segments of lowercase letters, digits and `_`.
 * No dots after the domain: Gno forbids them, and token ids rely on it (`<realm>.<symbol>`).
 * Each repeated group starts with a character its neighbour cannot match, so matching is linear.
 */
const REALM_PATH = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+\/r(?:\/[a-z0-9_]+)+$/;

/** A package path (`gno.land/p/...`): a library, never a token. */
const PACKAGE_PATH = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+\/p\//;

/** True when `path` names a `/p/` package, such as the grc721 library. */
export function isPackagePath(path: string): boolean {
  return PACKAGE_PATH.test(path);
}

/** True when `path` looks like a realm path such as `gno.land/r/gnoswap/v1/gns`. */
export function isRealmPath(path: string): boolean {
  return path.length <= MAX_REALM_PATH_LENGTH && REALM_PATH.test(path);
}

/**
 * The realm path inside a grc20 token id: the last path segment cut at its first `.`, so
 * `gno.land/r/demo/defi/foo20.FOO` and `gno.land/r/demo/defi/foo20.FOO.0000000` both give
 * `gno.land/r/demo/defi/foo20`. The result is not validated; see {@link isRealmPath}.
 */
export function realmOfTokenId(tokenId: string): string {
  const lastSegmentStart = tokenId.lastIndexOf("/") + 1;
  const dot = tokenId.indexOf(".", lastSegmentStart);
  return dot === -1 ? tokenId : tokenId.slice(0, dot);
}

/**
 * The symbol a token id names: `TST` of `gno.land/r/demo/defi/grc20factory.TST.0000001` and of
 * `...grc20factory.TST`; null for a realm path (the older generations name no symbol).
 */
export function symbolOfTokenId(tokenId: string): string | null {
  const realm = realmOfTokenId(tokenId);
  if (realm === tokenId) return null;
  const symbol = tokenId.slice(realm.length + 1).replace(/\.[0-9]{7}$/, "");
  return symbol === "" ? null : symbol;
}
