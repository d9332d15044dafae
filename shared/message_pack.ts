/**
 * Turns one window's token events into queue message bodies (sync/) and bodies back into typed
 * messages (processor/), in the wire format of `message.ts`.
 *
 * Packing is deterministic: the same events give the same parts in the same order, whatever
 * order they came in, so a republished window carries the same part numbering as the first
 * publication and `applied_parts` bookkeeping stays meaningful across republishing.
 */
import type { TokenEvent } from "./events/mod.ts";
import {
  ADDRESS_PATTERN,
  expandReferences,
  isStorableTokenId,
  isStorableTxHash,
  MAX_INDEX,
  MESSAGE_VERSION,
  SUPERSEDED_VERSIONS,
  type TokenEventsMessage,
  type WireEvent,
  wireEventsProblem,
  wireMessageSchema,
} from "./message.ts";
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
 * Serializes a window's events into message bodies (with per-message dictionaries),
 * each at most `limitBytes`, parts numbered 0..n-1 in chain order. No events give no messages:
 * the window is complete with 0 parts. Throws a RangeError for an event that the processor
 * would reject (a bug upstream of here): one bad event must not turn a whole part into a dead
 * letter.
 */
export function packMessages(
  window: Window,
  events: readonly TokenEvent[],
  limitBytes = PACK_LIMIT_BYTES,
): string[] {
  if (!Number.isSafeInteger(window.from) || window.from < 0 || window.from > window.to) {
    throw new RangeError(`Invalid window ${window.from}..${window.to}`);
  }
  if (events.length === 0) return [];
  const sorted = [...events].sort(byChainPosition);

  // Part numbers are not known until the end, so room is kept for the widest possible ones.
  const widest = String(events.length);
  const overhead = utf8Length(envelopeStart(window, widest, widest)) +
    utf8Length(DICTIONARIES_START + EVENTS_START + ENVELOPE_END);
  const parts: PartBuilder[] = [];
  let part = new PartBuilder(overhead);
  for (const event of sorted) {
    checked(event, window);
    if (part.tryAdd(event, limitBytes)) continue;
    if (part.isEmpty()) {
      throw new RangeError(
        `A token event at height ${event.blockHeight} cannot fit in one message`,
      );
    }
    parts.push(part);
    part = new PartBuilder(overhead);
    if (!part.tryAdd(event, limitBytes)) {
      throw new RangeError(
        `A token event at height ${event.blockHeight} cannot fit in one message`,
      );
    }
  }
  parts.push(part);

  const count = String(parts.length);
  return parts.map((p, index) => p.body(envelopeStart(window, String(index), count)));
}

/** One message under construction: its dictionaries, its events' text and its size so far. */
class PartBuilder {
  #tokens = new Map<string, number>();
  #addresses = new Map<string, number>();
  #tokenTexts: string[] = [];
  #addressTexts: string[] = [];
  #eventTexts: string[] = [];
  #bytes: number;

  constructor(overhead: number) {
    this.#bytes = overhead;
  }

  isEmpty(): boolean {
    return this.#eventTexts.length === 0;
  }

  /** Adds the event if it fits with the dictionary entries it needs; false if not. */
  tryAdd(event: TokenEvent, limitBytes: number): boolean {
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
      EVENTS_START + this.#eventTexts.join(",") + ENVELOPE_END;
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
    return { ok: false, reason: "invalid_json", error: `Body is not JSON: ${errorText(error)}` };
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
  const { v, window, part, events, tokens, addresses } = result.data;
  const problem = expandReferences(events, tokens, addresses) ?? wireEventsProblem(events);
  if (problem !== undefined) return { ok: false, reason: "invalid_message", error: problem };
  return { ok: true, message: { v, window, part, events } };
}

const DICTIONARIES_START = `"tokens":[],"addresses":[],`;
const EVENTS_START = `"events":[`;
const ENVELOPE_END = "]}";

function envelopeStart(window: Window, index: string, count: string): string {
  // Same bytes as JSON.stringify of the message object, built by hand to avoid re-serializing.
  return `{"v":${MESSAGE_VERSION},"window":{"from":${window.from},"to":${window.to}},` +
    `"part":{"index":${index},"count":${count}},`;
}

function byChainPosition(a: TokenEvent, b: TokenEvent): number {
  return a.blockHeight - b.blockHeight || a.txIndex - b.txIndex || a.eventIndex - b.eventIndex;
}

/**
 * The wire schema's limits, checked cheaply (sync packs tens of thousands of events a second).
 * Token paths and addresses are checked as they enter a part's dictionaries (PartBuilder).
 */
function checked(event: TokenEvent, window: Window): TokenEvent {
  const problem = event.blockHeight < window.from || event.blockHeight > window.to
    ? "is outside its window"
    : !isStorableTxHash(event.txHash)
    ? "has a bad transaction hash"
    : !isIndex(event.txIndex) || !isIndex(event.eventIndex)
    ? "has a bad index"
    : event.amount < 0n || event.amount >= AMOUNT_BOUND
    ? "has an amount out of range"
    : undefined;
  if (problem) throw invalidEvent(event, problem);
  return event;
}

function invalidEvent(event: TokenEvent, problem: string): RangeError {
  return new RangeError(
    `Token event ${event.txHash}#${event.eventIndex} at height ${event.blockHeight} ${problem}`,
  );
}

function isIndex(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_INDEX;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
