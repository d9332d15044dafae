/**
 * Turns one window's token events and token metadata into queue message bodies (sync/) and
 * bodies back into typed messages (processor/), in the wire format of `message.ts`.
 *
 * Packing is deterministic: the same events give the same parts in the same order, whatever
 * order they came in, so a republished window carries the same part numbering as the first
 * publication and `applied_parts` bookkeeping stays meaningful across republishing.
 */
import type { EventPosition, TokenEvent, TokenMetadata } from "./events/mod.ts";
import {
  ADDRESS_PATTERN,
  expandReferences,
  isIndex,
  isStorableTokenId,
  isStorableTxHash,
  MESSAGE_VERSION,
  newTokensProblem,
  SUPERSEDED_VERSIONS,
  type TokenEventsMessage,
  wireEventsProblem,
  wireMessageSchema,
} from "./message.ts";
import { errorMessage } from "./errors.ts";
import { utf8Length } from "./queue/queue.ts";

/**
 * Below the 256 KiB SQS limit with headroom for the SDK's attributes and encoding; the queue
 * adapter also keeps every send batch under 256 KiB in total.
 */
export const PACK_LIMIT_BYTES = 250 * 1024;

/** 10^78: amounts must stay below it to fit NUMERIC(78, 0). */
const AMOUNT_BOUND = 10n ** 78n;

export interface Window {
  from: number;
  to: number;
}

/**
 * Serializes a window's events and token metadata into message bodies (with per-message
 * dictionaries), each at most `limitBytes`, parts numbered 0..n-1 in chain order. Nothing gives
 * no messages: the window is complete with 0 parts. Throws a RangeError for an item that the
 * processor would reject (a bug upstream of here): one bad item must not turn a whole part into
 * a dead letter.
 */
export function packMessages(
  window: Window,
  events: readonly TokenEvent[],
  options: { tokens?: readonly TokenMetadata[]; limitBytes?: number } = {},
): string[] {
  const { tokens = [], limitBytes = PACK_LIMIT_BYTES } = options;
  if (!Number.isSafeInteger(window.from) || window.from < 0 || window.from > window.to) {
    throw new RangeError(`Invalid window ${window.from}..${window.to}`);
  }
  if (events.length === 0 && tokens.length === 0) return [];
  const items: Item[] = [
    ...events.map((event) => ({ event, at: event })),
    ...tokens.map((metadata) => ({ metadata, at: metadata })),
  ].sort((a, b) => byChainPosition(a.at, b.at));

  // Part numbers are not known until the end, so room is kept for the widest possible ones.
  const widest = String(items.length);
  const overhead = utf8Length(envelopeStart(window, widest, widest)) +
    utf8Length(DICTIONARIES_START + EVENTS_START + NEW_TOKENS_START + ENVELOPE_END);
  const parts: PartBuilder[] = [];
  let part = new PartBuilder(overhead);
  for (const item of items) {
    checked(item.at, window);
    if (part.tryAdd(item, limitBytes)) continue;
    if (part.isEmpty()) throw tooLarge(item.at);
    parts.push(part);
    part = new PartBuilder(overhead);
    if (!part.tryAdd(item, limitBytes)) throw tooLarge(item.at);
  }
  parts.push(part);

  const count = String(parts.length);
  return parts.map((p, index) => p.body(envelopeStart(window, String(index), count)));
}

type Item =
  | { event: TokenEvent; metadata?: undefined; at: Position }
  | { metadata: TokenMetadata; event?: undefined; at: Position };

type Position = EventPosition;

function tooLarge(at: Position): RangeError {
  return new RangeError(`A token event at height ${at.blockHeight} cannot fit in one message`);
}

/** One message under construction: its dictionaries, its events' text and its size so far. */
class PartBuilder {
  #tokens = new Map<string, number>();
  #addresses = new Map<string, number>();
  #tokenTexts: string[] = [];
  #addressTexts: string[] = [];
  #eventTexts: string[] = [];
  #newTokenTexts: string[] = [];
  #bytes: number;

  constructor(overhead: number) {
    this.#bytes = overhead;
  }

  isEmpty(): boolean {
    return this.#eventTexts.length === 0 && this.#newTokenTexts.length === 0;
  }

  /** Adds the item if it fits with the dictionary entries it needs; false if not. */
  tryAdd(item: Item, limitBytes: number): boolean {
    return item.event
      ? this.#tryAddEvent(item.event, limitBytes)
      : this.#tryAddMetadata(item.metadata, limitBytes);
  }

  #tryAddMetadata(metadata: TokenMetadata, limitBytes: number): boolean {
    const knownToken = this.#tokens.get(metadata.tokenId);
    if (knownToken === undefined && !isStorableTokenId(metadata.tokenId)) {
      throw invalidEvent(metadata, "has a bad token id");
    }
    const tokenText = knownToken === undefined ? JSON.stringify(metadata.tokenId) : undefined;
    const token = knownToken ?? this.#tokens.size;
    const text = JSON.stringify([
      metadata.txHash,
      metadata.blockHeight,
      metadata.txIndex,
      metadata.eventIndex,
      token,
      metadata.name,
      metadata.symbol,
      metadata.decimals,
    ]);
    let bytes = utf8Length(text) + 1;
    if (tokenText !== undefined) bytes += utf8Length(tokenText) + 1;
    if (this.#bytes + bytes > limitBytes) return false;
    this.#bytes += bytes;
    if (tokenText !== undefined) {
      this.#tokens.set(metadata.tokenId, token);
      this.#tokenTexts.push(tokenText);
    }
    this.#newTokenTexts.push(text);
    return true;
  }

  #tryAddEvent(event: TokenEvent, limitBytes: number): boolean {
    const tokens = this.#tokens;
    const addresses = this.#addresses;
    const knownToken = tokens.get(event.tokenId);
    let from = addresses.get(event.from);
    let to = addresses.get(event.to);
    // A dictionary entry is checked once, when it enters the part, not with every event.
    if (knownToken === undefined && !isStorableTokenId(event.tokenId)) {
      throw invalidEvent(event, "has a bad token id");
    }
    if (
      (from === undefined && !ADDRESS_PATTERN.test(event.from)) ||
      (to === undefined && !ADDRESS_PATTERN.test(event.to))
    ) {
      throw invalidEvent(event, "has a bad address");
    }
    const tokenText = knownToken === undefined ? JSON.stringify(event.tokenId) : undefined;
    // New dictionary entries get the next indexes; the address alphabet needs no escapes.
    let next = addresses.size;
    const newFrom = from === undefined;
    if (newFrom) from = next++;
    const newTo = to === undefined && event.to !== event.from;
    if (newTo) to = next++;
    else if (to === undefined) to = from;
    const token = knownToken ?? tokens.size;
    // The hash needs no escapes: checked() let only JSON-safe hashes through.
    const text = `["${event.txHash}",${event.blockHeight},${event.txIndex},` +
      `${event.eventIndex},${token},${from},${to},"${event.amount}"]`;
    // Each item but a list's first is preceded by a comma; counting one per item is the bound.
    let bytes = utf8Length(text) + 1;
    if (tokenText !== undefined) bytes += utf8Length(tokenText) + 1;
    if (newFrom) bytes += event.from.length + 3;
    if (newTo) bytes += event.to.length + 3;
    if (this.#bytes + bytes > limitBytes) return false;
    this.#bytes += bytes;
    if (tokenText !== undefined) {
      tokens.set(event.tokenId, token);
      this.#tokenTexts.push(tokenText);
    }
    if (newFrom) {
      addresses.set(event.from, from!);
      this.#addressTexts.push(`"${event.from}"`);
    }
    if (newTo) {
      addresses.set(event.to, to!);
      this.#addressTexts.push(`"${event.to}"`);
    }
    this.#eventTexts.push(text);
    return true;
  }

  body(start: string): string {
    return start + `"tokens":[${this.#tokenTexts.join(",")}],` +
      `"addresses":[${this.#addressTexts.join(",")}],` +
      EVENTS_START + this.#eventTexts.join(",") + NEW_TOKENS_START +
      this.#newTokenTexts.join(",") + ENVELOPE_END;
  }
}

export type DecodeResult =
  | { ok: true; message: TokenEventsMessage }
  | { ok: false; reason: DecodeFailure; error: string };

export type DecodeFailure = "invalid_json" | "invalid_message" | "superseded_version";

/** Parses and validates one message body; never throws. */
export function decodeMessage(body: string): DecodeResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: "invalid_json", error: `Body is not JSON: ${errorMessage(error)}` };
  }
  const version = (json as { v?: unknown } | null)?.v;
  if ((SUPERSEDED_VERSIONS as readonly unknown[]).includes(version)) {
    return {
      ok: false,
      reason: "superseded_version",
      error: `Version ${version} names tokens by realm path, not by token id; the synchronizer ` +
        `republishes its window from the stored transactions`,
    };
  }
  const result = wireMessageSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    return { ok: false, reason: "invalid_message", error: `${issue.message}${where}` };
  }
  const { v, window, part, events, tokens, addresses, newTokens } = result.data;
  const problem = expandReferences(events, tokens, addresses) ?? wireEventsProblem(events) ??
    newTokensProblem(newTokens, tokens);
  if (problem !== undefined) return { ok: false, reason: "invalid_message", error: problem };
  return {
    ok: true,
    message: { v, window, part, events, newTokens: newTokens as TokenEventsMessage["newTokens"] },
  };
}

const DICTIONARIES_START = `"tokens":[],"addresses":[],`;
const EVENTS_START = `"events":[`;
const NEW_TOKENS_START = `],"newTokens":[`;
const ENVELOPE_END = "]}";

function envelopeStart(window: Window, index: string, count: string): string {
  // Same bytes as JSON.stringify of the message object, built by hand to avoid re-serializing.
  return `{"v":${MESSAGE_VERSION},"window":{"from":${window.from},"to":${window.to}},` +
    `"part":{"index":${index},"count":${count}},`;
}

function byChainPosition(a: Position, b: Position): number {
  return a.blockHeight - b.blockHeight || a.txIndex - b.txIndex || a.eventIndex - b.eventIndex;
}

/**
 * The wire schema's limits, checked cheaply (sync packs tens of thousands of events a second).
 * Token ids and addresses are checked as they enter a part's dictionaries (PartBuilder).
 */
function checked(item: TokenEvent | TokenMetadata | Position, window: Window): void {
  const problem = item.blockHeight < window.from || item.blockHeight > window.to
    ? "is outside its window"
    : !isStorableTxHash(item.txHash)
    ? "has a bad transaction hash"
    : !isIndex(item.txIndex) || !isIndex(item.eventIndex)
    ? "has a bad index"
    : "amount" in item && (item.amount < 0n || item.amount >= AMOUNT_BOUND)
    ? "has an amount out of range"
    : "decimals" in item && newTokensProblem([[
          item.txHash,
          item.blockHeight,
          item.txIndex,
          item.eventIndex,
          0,
          item.name,
          item.symbol,
          item.decimals,
        ]], [item.tokenId]) !== undefined
    ? "has metadata the processor would refuse"
    : undefined;
  if (problem) throw invalidEvent(item, problem);
}

function invalidEvent(event: Position, problem: string): RangeError {
  return new RangeError(
    `Token event ${event.txHash}#${event.eventIndex} at height ${event.blockHeight} ${problem}`,
  );
}
