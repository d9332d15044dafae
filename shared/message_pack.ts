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
  MAX_INDEX,
  MESSAGE_VERSION,
  type TokenEventsMessage,
  tokenEventsMessageSchema,
  type WireEvent,
  wireEventsProblem,
} from "./message.ts";
import { utf8Length } from "./queue/queue.ts";

/**
 * Below the 256 KiB SQS limit with headroom for the SDK's attributes and encoding; the queue
 * adapter also keeps every send batch under 256 KiB in total.
 */
export const PACK_LIMIT_BYTES = 250 * 1024;

const MAX_AMOUNT_DIGITS = 78;

export interface Window {
  from: number;
  to: number;
}

export function toWireEvent(event: TokenEvent): WireEvent {
  return [
    event.txHash,
    event.blockHeight,
    event.txIndex,
    event.eventIndex,
    event.tokenPath,
    event.from,
    event.to,
    event.amount.toString(),
  ];
}

/**
 * Serializes a window's events into message bodies, each at most `limitBytes`, parts numbered
 * 0..n-1 in chain order. No events give no messages: the window is complete with 0 parts.
 * Throws a RangeError for an event that the processor would reject (a bug upstream of here):
 * one bad event must not turn a whole part into a dead letter.
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
  const serialized = sorted.map((event) => JSON.stringify(toWireEvent(checked(event, window))));

  // Part numbers are not known until the end, so room is kept for the widest possible ones.
  const widest = String(events.length);
  const overhead = utf8Length(envelopeStart(window, widest, widest)) + utf8Length(ENVELOPE_END);
  const groups: string[][] = [];
  let group: string[] = [];
  let size = overhead;
  for (const text of serialized) {
    const bytes = utf8Length(text) + 1; // the separating comma
    if (overhead + bytes > limitBytes) {
      throw new RangeError(`A token event of ${bytes} bytes cannot fit in one message`);
    }
    if (group.length > 0 && size + bytes > limitBytes) {
      groups.push(group);
      group = [];
      size = overhead;
    }
    group.push(text);
    size += bytes;
  }
  groups.push(group);

  const count = String(groups.length);
  return groups.map((texts, index) =>
    envelopeStart(window, String(index), count) + texts.join(",") + ENVELOPE_END
  );
}

export type DecodeResult =
  | { ok: true; message: TokenEventsMessage }
  | { ok: false; reason: DecodeFailure; error: string };

export type DecodeFailure = "invalid_json" | "invalid_message";

/** Parses and validates one message body; never throws. */
export function decodeMessage(body: string): DecodeResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: "invalid_json", error: `Body is not JSON: ${errorText(error)}` };
  }
  const result = tokenEventsMessageSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    return { ok: false, reason: "invalid_message", error: `${issue.message}${where}` };
  }
  const message = result.data;
  const problem = wireEventsProblem(message.events);
  if (problem !== undefined) return { ok: false, reason: "invalid_message", error: problem };
  return { ok: true, message };
}

const ENVELOPE_END = "]}";

function envelopeStart(window: Window, index: string, count: string): string {
  // Same bytes as JSON.stringify of the message object, built by hand to avoid re-serializing.
  return `{"v":${MESSAGE_VERSION},"window":{"from":${window.from},"to":${window.to}},` +
    `"part":{"index":${index},"count":${count}},"events":[`;
}

function byChainPosition(a: TokenEvent, b: TokenEvent): number {
  return a.blockHeight - b.blockHeight || a.txIndex - b.txIndex || a.eventIndex - b.eventIndex;
}

/** The wire schema's limits, checked cheaply (sync packs tens of thousands of events a second). */
function checked(event: TokenEvent, window: Window): TokenEvent {
  const problem = event.blockHeight < window.from || event.blockHeight > window.to
    ? "is outside its window"
    : !(event.txHash.length >= 1 && event.txHash.length <= 128)
    ? "has a bad transaction hash"
    : !(event.tokenPath.length >= 1 && event.tokenPath.length <= 512)
    ? "has a bad token path"
    : !isIndex(event.txIndex) || !isIndex(event.eventIndex)
    ? "has a bad index"
    : !ADDRESS_PATTERN.test(event.from) || !ADDRESS_PATTERN.test(event.to)
    ? "has a bad address"
    : event.amount < 0n || event.amount.toString().length > MAX_AMOUNT_DIGITS
    ? "has an amount out of range"
    : undefined;
  if (problem) {
    throw new RangeError(
      `Token event ${event.txHash}#${event.eventIndex} at height ${event.blockHeight} ${problem}`,
    );
  }
  return event;
}

function isIndex(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_INDEX;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
