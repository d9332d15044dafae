/**
 * The wire format between sync/ and processor/: one SQS message body carries many token events
 * of one part of one published window (docs/architecture.md, "Messages").
 *
 * Version 3, the one written and read:
 *
 *     {"v":3,"window":{"from":F,"to":T},"part":{"index":I,"count":C},
 *      "tokens":["gno.land/r/demo/defi/grc20factory.TST.0000001",...],"addresses":["","g1...",...],
 *      "events":[[txHash,blockHeight,txIndex,eventIndex,token,from,to,amount],...],
 *      "newTokens":[[txHash,blockHeight,txIndex,eventIndex,token,name,symbol,decimals],...]}
 *
 * where `token`, `from` and `to` are indexes into the message's `tokens` (token ids) and
 * `addresses` dictionaries (addresses holds "" for the missing side of a mint or burn) and
 * `amount` is an unsigned decimal string (never a JS number). A token's realm path is derived
 * from its id. `newTokens` carries the metadata of the tokens created in the part's heights
 * (their NewToken events); it moves no balance. The dictionaries make an event about a third of its size with the strings inline,
 * so a message carries about three times as many events: fewer SQS calls, less JSON, larger
 * transactions. Decoding gives a {@link TokenEventsMessage} with the references resolved
 * ({@link WireEvent}).
 *
 * Versions 1 and 2 named tokens by realm path only, which merges the tokens of a realm that
 * holds several; the processor refuses them (superseded), and their windows are republished
 * from the stored transactions.
 *
 * The envelope is validated with zod; the events (thousands per message) by one hand-written
 * pass, {@link wireEventsProblem}, that rejects exactly what a zod tuple schema would: zod
 * costs about ten times the JSON.parse of the same body there, and was most of the processor's
 * CPU time.
 */
import { z } from "zod";

/** The version sync/ writes and processor/ reads. */
export const MESSAGE_VERSION = 3;
/** Versions that earlier releases wrote: recognised, and refused as superseded. */
export const SUPERSEDED_VERSIONS = [1, 2] as const;

/** PostgreSQL INTEGER bounds tx and event indexes; larger values could never be stored. */
export const MAX_INDEX = 2_147_483_647;
export const MAX_TX_HASH_LENGTH = 128;
export const MAX_TOKEN_ID_LENGTH = 512;
/** "" (mint or burn side) or a bech32 g1 address. */
export const ADDRESS_PATTERN = /^(|g1[02-9ac-hj-np-z]{38})$/;
/**
 * Nothing in the string needs escaping in JSON (no quote, backslash or control character). The
 * API writes stored hashes and token paths into its JSON as they are (api/routes/shape.ts), so
 * nothing else may be stored; real hashes (base64) and realm paths always pass.
 */
// deno-lint-ignore no-control-regex -- control characters are exactly what JSON escapes
export const JSON_SAFE_PATTERN = /^[^"\\\u0000-\u001f]*$/;

/** A transaction hash that may be stored: 1 to 128 characters, JSON-safe. */
export function isStorableTxHash(value: unknown): value is string {
  return isStorableString(value, MAX_TX_HASH_LENGTH);
}

/** A token id (or a realm path) that may be stored: 1 to 512 characters, JSON-safe. */
export function isStorableTokenId(value: unknown): value is string {
  return isStorableString(value, MAX_TOKEN_ID_LENGTH);
}

function isStorableString(value: unknown, maxLength: number): boolean {
  return typeof value === "string" && value.length >= 1 && value.length <= maxLength &&
    JSON_SAFE_PATTERN.test(value);
}
/** An unsigned decimal of at most 78 digits: NUMERIC(78, 0). */
export const AMOUNT_PATTERN = /^[0-9]{1,78}$/;

const height = z.number().int().nonnegative();
const index = z.number().int().nonnegative();

export type WireEvent = [
  txHash: string,
  blockHeight: number,
  txIndex: number,
  eventIndex: number,
  tokenId: string,
  from: string,
  to: string,
  amount: string,
];

/** A token's metadata from its NewToken event, its token reference resolved. */
export type WireNewToken = [
  txHash: string,
  blockHeight: number,
  txIndex: number,
  eventIndex: number,
  tokenId: string,
  name: string,
  symbol: string,
  decimals: number,
];

const metadataText = z.string().max(256).refine((value) => !value.includes("\u0000"), {
  message: "expected text of at most 256 characters without NUL",
});

/** NewToken metadata are few per window: zod checks them after their references resolve. */
const wireNewTokenSchema = z.tuple([
  z.string().refine(isStorableTxHash, { message: "expected a transaction hash" }),
  z.number().int().nonnegative().refine(Number.isSafeInteger),
  z.number().int().nonnegative().max(MAX_INDEX),
  z.number().int().nonnegative().max(MAX_INDEX),
  z.string().refine(isStorableTokenId, { message: "expected a token id" }),
  metadataText,
  metadataText,
  z.number().int().min(0).max(255),
]);

const dictionary = z.custom<unknown[]>(Array.isArray, { message: "Invalid input: expected array" });

/** The body as parsed: events still hold dictionary references. */
export const wireMessageSchema = z.object({
  v: z.literal(MESSAGE_VERSION),
  window: z.object({ from: height, to: height }).refine((w) => w.from <= w.to, {
    message: "window from must not exceed to",
  }),
  part: z.object({ index, count: z.number().int().positive() }).refine(
    (p) => p.index < p.count,
    { message: "part index must be below part count" },
  ),
  // Checked element by element by expandReferences after the envelope.
  tokens: dictionary,
  addresses: dictionary,
  events: z.custom<WireEvent[]>(Array.isArray, { message: "Invalid input: expected array" }),
  newTokens: z.custom<unknown[]>(Array.isArray, { message: "Invalid input: expected array" }),
});

/** A decoded message: events with their dictionary references resolved. */
export interface TokenEventsMessage {
  v: typeof MESSAGE_VERSION;
  window: { from: number; to: number };
  part: { index: number; count: number };
  events: WireEvent[];
  newTokens: WireNewToken[];
}

/**
 * Resolves the token references of a message's NewToken items in place and checks them; the
 * first problem, or undefined.
 */
export function newTokensProblem(newTokens: unknown[], tokens: unknown[]): string | undefined {
  for (let i = 0; i < newTokens.length; i++) {
    const item = newTokens[i];
    if (!Array.isArray(item) || item.length !== 8) {
      return `Invalid input: expected a tuple of 8 items at newTokens.${i}`;
    }
    if (!isReference(item[4], tokens.length)) return `not a token reference at newTokens.${i}.4`;
    item[4] = tokens[item[4]];
    const result = wireNewTokenSchema.safeParse(item);
    if (!result.success) {
      const issue = result.error.issues[0];
      return `${issue.message} at newTokens.${i}.${issue.path.join(".")}`;
    }
  }
  return undefined;
}

/**
 * Replaces a message's dictionary references by the strings they name, in place. Returns the
 * first problem (a bad dictionary entry or reference) or undefined; the expanded events are then
 * checked by {@link wireEventsProblem}.
 */
export function expandReferences(
  events: unknown[],
  tokens: unknown[],
  addresses: unknown[],
): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (!isStorableTokenId(tokens[i])) {
      return `${TOKEN_ID_EXPECTED} at tokens.${i}`;
    }
  }
  for (let i = 0; i < addresses.length; i++) {
    const address = addresses[i];
    if (typeof address !== "string" || !ADDRESS_PATTERN.test(address)) {
      return `not a g address at addresses.${i}`;
    }
  }
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    // Shape errors are reported by wireEventsProblem.
    if (!Array.isArray(event) || event.length !== 8) continue;
    if (!isReference(event[4], tokens.length)) return `not a token reference at events.${i}.4`;
    if (!isReference(event[5], addresses.length)) {
      return `not an address reference at events.${i}.5`;
    }
    if (!isReference(event[6], addresses.length)) {
      return `not an address reference at events.${i}.6`;
    }
    event[4] = tokens[event[4]];
    event[5] = addresses[event[5]];
    event[6] = addresses[event[6]];
  }
  return undefined;
}

function isReference(value: unknown, size: number): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < size;
}

/**
 * The first reason the events are not all valid wire events, with the offending position
 * (`... at events.3.7`), or undefined when all are. Heights must be safe integers, indexes fit
 * PostgreSQL INTEGER.
 */
export function wireEventsProblem(events: readonly unknown[]): string | undefined {
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (!Array.isArray(event)) return `Invalid input: expected tuple at events.${i}`;
    if (event.length !== 8) {
      return `Invalid input: expected a tuple of 8 items, got ${event.length} at events.${i}`;
    }
    const problem = fieldProblem(event);
    if (problem) return `${problem[1]} at events.${i}.${problem[0]}`;
  }
  return undefined;
}

/** The first invalid field of an 8-tuple: its position and what is wrong. */
function fieldProblem(event: unknown[]): [number, string] | undefined {
  const [txHash, blockHeight, txIndex, eventIndex, tokenId, from, to, amount] = event;
  if (!isStorableTxHash(txHash)) {
    return [0, "expected a transaction hash of 1 to 128 characters, none escaped in JSON"];
  }
  if (!Number.isSafeInteger(blockHeight) || (blockHeight as number) < 0) {
    return [1, "expected a block height (a non-negative safe integer)"];
  }
  if (!isIndex(txIndex)) return [2, INDEX_OUT_OF_RANGE];
  if (!isIndex(eventIndex)) return [3, INDEX_OUT_OF_RANGE];
  if (!isStorableTokenId(tokenId)) return [4, TOKEN_ID_EXPECTED];
  if (typeof from !== "string" || !ADDRESS_PATTERN.test(from)) return [5, "not a g address"];
  if (typeof to !== "string" || !ADDRESS_PATTERN.test(to)) return [6, "not a g address"];
  if (typeof amount !== "string" || !AMOUNT_PATTERN.test(amount)) {
    return [7, "not an unsigned decimal amount"];
  }
  return undefined;
}

const INDEX_OUT_OF_RANGE = "Index out of range (expected an integer from 0 to 2^31-1)";
const TOKEN_ID_EXPECTED = "expected a token id of 1 to 512 characters, none escaped in JSON";

/** A transaction or event index PostgreSQL INTEGER can store. */
export function isIndex(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_INDEX;
}
