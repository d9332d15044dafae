/**
 * Reads a grc20 `NewToken` event, the metadata the library emits when a token is created
 * (attrs `token`, `name`, `symbol`, `decimals`). The rules are the Transfer's: only a grc20
 * library may emit it (anything else is a forgery, another library's event is none of ours),
 * every attr exactly once, and the token id must name a realm. Pure: no I/O, no clock.
 */
import {
  type Cause,
  emitterProblem,
  missingAttributes,
  NOT_GRC20,
  quote,
  repeated,
  tokenPathOf,
  unknownAttribute,
} from "./rules.ts";
import type { EventPosition } from "./token_event.ts";
import type { GnoEvent, UpstreamTransaction } from "./transaction.ts";

/** A token's metadata from its NewToken event, identified like a token event. */
export interface TokenMetadata extends EventPosition {
  /** The `token` attr as emitted. */
  tokenId: string;
  tokenPath: string;
  name: string;
  symbol: string;
  /** 0 to 255. */
  decimals: number;
}

/** Longer names and symbols are no token's: they are refused, not cut. */
export const MAX_METADATA_LENGTH = 256;

const KEYS = ["token", "name", "symbol", "decimals"] as const;
type Key = typeof KEYS[number];

export function readNewToken(
  tx: UpstreamTransaction,
  event: GnoEvent,
  eventIndex: number,
  libraryPaths: readonly string[],
): TokenMetadata | Cause | typeof NOT_GRC20 {
  const values: Partial<Record<Key, string>> = {};
  let malformed: Cause | undefined;
  for (const attr of event.attrs ?? []) {
    const key = attr.key as Key;
    if (!KEYS.includes(key)) malformed ??= unknownAttribute(attr.key);
    else if (values[key] !== undefined) malformed ??= repeated(key);
    else values[key] = attr.value;
  }
  const emitter = emitterProblem(event.pkg_path, values.token !== undefined, libraryPaths, false);
  if (emitter !== undefined) return emitter;
  if (malformed !== undefined) return malformed;
  const { token, name, symbol, decimals } = values;
  if (token === undefined || name === undefined || symbol === undefined || decimals === undefined) {
    return missingAttributes(KEYS.filter((key) => values[key] === undefined));
  }
  const tokenPath = tokenPathOf(token);
  if (typeof tokenPath !== "string") return tokenPath;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(decimals) || Number(decimals) > 255) {
    return {
      reason: "invalid_decimals",
      detail: `Decimals ${quote(decimals)} is not an integer from 0 to 255`,
    };
  }
  for (const [key, value] of [["name", name], ["symbol", symbol]] as const) {
    if (value.length > MAX_METADATA_LENGTH || value.includes("\u0000")) {
      return {
        reason: "invalid_metadata",
        detail: `Attribute "${key}" ${quote(value)} is longer than ${MAX_METADATA_LENGTH} ` +
          `characters or holds a NUL`,
      };
    }
  }
  return {
    txHash: tx.hash,
    blockHeight: tx.block_height,
    txIndex: tx.index,
    eventIndex,
    tokenId: token,
    tokenPath,
    name,
    symbol,
    decimals: Number(decimals),
  };
}
