import { createRandom } from "./random.ts";

/** The grc20 library paths whose events carry (gen 3) or imply (gen 2) the token identity. */
export const LIBRARY_PATHS = ["gno.land/p/demo/grc/grc20", "gno.land/p/demo/tokens/grc20"] as const;
export type LibraryPath = typeof LIBRARY_PATHS[number];

/**
 * How a token's events name it (the three grc20 generations of docs/upstream.md), fixed for the token's whole life: a token never mixes
 * styles, since two styles would split one balance over two tokenIds.
 * - `gen1`: the realm emits `Transfer` itself (pkg_path = realm, no `token` attr); tokenId = realm.
 * - `gen2`: library pkg_path, no `token` attr, only in txs whose single MsgCall is the realm;
 *   tokenId = realm.
 * - `gen3_symbol`: library pkg_path, `token` attr `<realm>.<SYMBOL>` (chains of 2025); no NewToken.
 * - `gen3_sequence`: library pkg_path, `token` attr `<realm>.<SYMBOL>.<7-digit sequence>` (gno
 *   from 2026-07); a `NewToken` event announces the token at its creation.
 */
export type TokenStyle = "gen1" | "gen2" | "gen3_symbol" | "gen3_sequence";

/** When a token comes to exist. */
export type TokenCreation =
  /** At height 0: a deployment (MsgAddPackage), a `Faucet` call (gen 2) or a factory `New`. */
  | { at: "genesis" }
  /**
   * A factory `New` tx at a height in [from, to] drawn from (seed, salt), followed in the same
   * block by the tx that mints the reserves.
   */
  | { at: "mid_chain"; from: number; to: number }
  /** Stray realms: never announced, they mint before they move funds. */
  | { at: "never" };

export interface TokenDefinition {
  /** The token id: the `token` attr for gen 3, else the realm path. */
  tokenId: string;
  /** The realm path (`tokenPath`). */
  realm: string;
  style: TokenStyle;
  symbol: string;
  name: string;
  decimals: number;
  /** The `token` attr of its events (gen 3 styles), else null. */
  tokenAttr: string | null;
  /** The grc20 library its events come from (gen 2 and 3; one per token, as on a real chain). */
  library: LibraryPath;
  creation: TokenCreation;
  /**
   * A reserve in [2^62, 2^63) is minted to every account at creation, and the random recipes
   * trade it. Untraded tokens are the strays (own recipe) and announce-only tokens.
   */
  traded: boolean;
  /** Its realm holds several tokens: calls take the symbol as their first argument. */
  multiToken: boolean;
}

interface Options {
  sequence?: number;
  library?: LibraryPath;
  creation?: TokenCreation;
  traded?: boolean;
  multiToken?: boolean;
}

function token(
  realm: string,
  style: TokenStyle,
  symbol: string,
  name: string,
  decimals: number,
  options: Options = {},
): TokenDefinition {
  const tokenAttr = style === "gen3_symbol"
    ? `${realm}.${symbol}`
    : style === "gen3_sequence"
    ? `${realm}.${symbol}.${String(options.sequence ?? 0).padStart(7, "0")}`
    : null;
  return {
    tokenId: tokenAttr ?? realm,
    realm,
    style,
    symbol,
    name,
    decimals,
    tokenAttr,
    library: options.library ?? "gno.land/p/demo/tokens/grc20",
    creation: options.creation ?? { at: "genesis" },
    traded: options.traded ?? true,
    multiToken: options.multiToken ?? false,
  };
}

/** The grc20factory-like realm: one realm, several tokens told apart by symbol and sequence. */
export const FACTORY_REALM = "gno.land/r/demo/defi/grc20factory";

/** Every token a chain can hold, in genesis order. */
export const TOKENS: readonly TokenDefinition[] = [
  token("gno.land/r/tests/vm/test20", "gen3_sequence", "TST", "Test20", 4, { traded: false }),
  token("gno.land/r/demo/defi/foo20", "gen3_sequence", "FOO", "Foo", 4),
  token("gno.land/r/demo/wugnot", "gen3_symbol", "wugnot", "wrapped GNOT", 0),
  token("gno.land/r/gnoswap/v1/gns", "gen2", "GNS", "Gnoswap", 6, {
    library: "gno.land/p/demo/grc/grc20",
  }),
  token("gno.land/r/gnoswap/v1/test_token/bar", "gen1", "BAR", "Bar", 6),
  token("gno.land/r/gnoswap/v1/test_token/baz", "gen2", "BAZ", "Baz", 6, {
    library: "gno.land/p/demo/grc/grc20",
  }),
  token("gno.land/r/onbloc/usdc", "gen3_symbol", "USDC", "USD Coin", 6, {
    library: "gno.land/p/demo/grc/grc20",
  }),
  token(FACTORY_REALM, "gen3_sequence", "TST", "Test Token", 6, { sequence: 1, multiToken: true }),
  token(FACTORY_REALM, "gen3_sequence", "ALP", "Alpha", 2, {
    sequence: 2,
    multiToken: true,
    creation: { at: "mid_chain", from: 2, to: 40 },
  }),
  token(FACTORY_REALM, "gen3_sequence", "GLD", "Gold", 8, {
    sequence: 3,
    multiToken: true,
    creation: { at: "mid_chain", from: 300, to: 1200 },
  }),
  // Realms outside any registry that emit gen-1 Transfers: the emitting realm is the
  // token. They only ever mint before moving funds.
  token("gno.land/r/demo/games/dice_coin", "gen1", "DICE", "Dice Coin", 0, {
    creation: { at: "never" },
    traded: false,
  }),
  token("gno.land/r/demo/users/points", "gen1", "PTS", "User Points", 0, {
    creation: { at: "never" },
    traded: false,
  }),
];

export const TOKENS_BY_ID: ReadonlyMap<string, TokenDefinition> = new Map(
  TOKENS.map((t) => [t.tokenId, t]),
);

/** The stray gen-1 realms (never announced, no reserves). */
export const STRAY_TOKENS: readonly TokenDefinition[] = TOKENS.filter((t) =>
  t.creation.at === "never"
);

/** Which tokens exist when, for one chain (seed and salt). */
export interface TokenSchedule {
  /** The creation height of every token that is created (genesis 0, mid-chain > 0). */
  createdAt: ReadonlyMap<string, number>;
  /** The mid-chain tokens whose creation txs open the block at `height` (usually none). */
  createdIn(height: number): readonly TokenDefinition[];
  /** Traded tokens that exist at `height` (created at or before it), by style. */
  tradedAt(height: number): TokenPools;
}

export interface TokenPools {
  all: readonly TokenDefinition[];
  /** gen-2 tokens: their events need the token's realm as the tx's single MsgCall. */
  gen2: readonly TokenDefinition[];
  /** Tokens whose events name them in any tx (gen 1 and 3). */
  anyTx: readonly TokenDefinition[];
  /** Tokens with a `token` attr (gen 3). */
  withAttr: readonly TokenDefinition[];
}

function pools(tokens: readonly TokenDefinition[]): TokenPools {
  return {
    all: tokens,
    gen2: tokens.filter((t) => t.style === "gen2"),
    anyTx: tokens.filter((t) => t.style !== "gen2"),
    withAttr: tokens.filter((t) => t.tokenAttr !== null),
  };
}

/** Draws the mid-chain creation heights from (seed, salt): a pure function of the chain key. */
export function createTokenSchedule(chainKey: string): TokenSchedule {
  const createdAt = new Map<string, number>();
  const byHeight = new Map<number, TokenDefinition[]>();
  for (const t of TOKENS) {
    if (t.creation.at === "genesis") createdAt.set(t.tokenId, 0);
    if (t.creation.at !== "mid_chain") continue;
    const { from, to } = t.creation;
    const height = createRandom(`${chainKey}\u0000created\u0000${t.tokenId}`).int(from, to);
    createdAt.set(t.tokenId, height);
    byHeight.set(height, [...(byHeight.get(height) ?? []), t]);
  }
  // The traded set only changes at mid-chain creation heights: one pool per epoch.
  const epochs = [...new Set([0, ...byHeight.keys()])].sort((a, b) => a - b).map((start) => ({
    start,
    pools: pools(
      TOKENS.filter((t) => t.traded && (createdAt.get(t.tokenId) ?? Infinity) <= start),
    ),
  }));
  return {
    createdAt,
    createdIn: (height) => (height > 0 && byHeight.get(height)) || [],
    tradedAt(height) {
      let i = epochs.length - 1;
      while (i > 0 && epochs[i].start > height) i--;
      return epochs[i].pools;
    },
  };
}

/** Realms holding a grc721 NFT collection (its events come from the grc721 library). */
export const NFT_REALM = "gno.land/r/demo/foo721";
/** The `token` attr grc721 events carry on gno master (no sequence). */
export const NFT_TOKEN_ATTR = "gno.land/r/demo/foo721.FNFT";

/**
 * `/p/` packages other than the grc20 libraries that emit Transfer-shaped (or `token`-carrying)
 * events. They are not GRC20 events at all: neither movements nor rejections.
 */
export const NON_TOKEN_PACKAGES = [
  "gno.land/p/demo/tokens/grc721",
  "gno.land/p/demo/grc/grc721",
  "gno.land/p/demo/avl/events",
] as const;

/** The token registry realm whose `register` events accompany token creation (noise). */
export const REGISTRY_REALM = "gno.land/r/demo/defi/grc20reg";

/** A realm that forges grc20-looking events with a `token` attr. */
export const FORGER_REALM = "gno.land/r/evil/forger";

/** Realms that emit non-token events (noise). */
export const NOISE_REALMS = [
  "gno.land/r/gnoswap/v1/pool",
  "gno.land/r/gnoswap/v1/router",
  "gno.land/r/demo/boards",
] as const;

export const INT64_MAX = 9223372036854775807n;
