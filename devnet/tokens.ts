/** The grc20 library paths whose events carry (gen 3) or imply (gen 2) the token identity. */
export const LIBRARY_PATHS = ["gno.land/p/demo/grc/grc20", "gno.land/p/demo/tokens/grc20"] as const;

export interface TokenDefinition {
  /** The realm path: the token's identity (`tokenPath`). */
  realm: string;
  symbol: string;
}

export const TOKENS: readonly TokenDefinition[] = [
  { realm: "gno.land/r/demo/defi/foo20", symbol: "FOO" },
  { realm: "gno.land/r/demo/wugnot", symbol: "WUGNOT" },
  { realm: "gno.land/r/gnoswap/v1/gns", symbol: "GNS" },
  { realm: "gno.land/r/gnoswap/v1/test_token/bar", symbol: "BAR" },
  { realm: "gno.land/r/gnoswap/v1/test_token/baz", symbol: "BAZ" },
  { realm: "gno.land/r/onbloc/usdc", symbol: "USDC" },
];

/**
 * Realms outside the catalogue that emit gen-1 style Transfer events. By SPEC §3 the emitting
 * realm is the token, so these are tokens too (they only ever mint before moving funds).
 */
export const STRAY_REALMS = [
  "gno.land/r/demo/games/dice_coin",
  "gno.land/r/demo/users/points",
] as const;

/** Non-library packages that emit Transfer-shaped events which are not token events. */
export const NON_TOKEN_PACKAGES = [
  "gno.land/p/demo/grc/grc721",
  "gno.land/p/demo/avl/events",
] as const;

/** A realm that forges grc20-looking events with a `token` attr. */
export const FORGER_REALM = "gno.land/r/evil/forger";

/** Realms that emit non-token events (noise). */
export const NOISE_REALMS = [
  "gno.land/r/gnoswap/v1/pool",
  "gno.land/r/gnoswap/v1/router",
  "gno.land/r/demo/boards",
] as const;

export const INT64_MAX = 9223372036854775807n;
