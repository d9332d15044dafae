/**
 * The wire format between sync/ and processor/: one SQS message body carries many token events
 * of one part of one published window (ARCHITECTURE invariant 4).
 *
 * Events are positional tuples to pack as many as possible under the 256 KiB SQS limit:
 * `[txHash, blockHeight, txIndex, eventIndex, tokenPath, from, to, amount]`, where `amount` is
 * an unsigned decimal string (never a JS number) and `from`/`to` are "" for mints/burns.
 *
 * The envelope is validated with zod; the events (thousands per message) by one hand-written
 * pass, {@link wireEventsProblem}, that rejects exactly what a zod tuple schema would: zod
 * costs about ten times the JSON.parse of the same body there, and was most of the processor's
 * CPU time.
 */
import { z } from "zod";

export const MESSAGE_VERSION = 1;

/** PostgreSQL INTEGER bounds tx and event indexes; larger values could never be stored. */
export const MAX_INDEX = 2_147_483_647;
export const MAX_TX_HASH_LENGTH = 128;
export const MAX_TOKEN_PATH_LENGTH = 512;
/** "" (mint or burn side) or a bech32 g1 address. */
export const ADDRESS_PATTERN = /^(|g1[02-9ac-hj-np-z]{38})$/;
/** An unsigned decimal of at most 78 digits: NUMERIC(78, 0). */
export const AMOUNT_PATTERN = /^[0-9]{1,78}$/;

const height = z.number().int().nonnegative();
const index = z.number().int().nonnegative();

export type WireEvent = [
  txHash: string,
  blockHeight: number,
  txIndex: number,
  eventIndex: number,
  tokenPath: string,
  from: string,
  to: string,
  amount: string,
];

export const tokenEventsMessageSchema = z.object({
  v: z.literal(MESSAGE_VERSION),
  window: z.object({ from: height, to: height }).refine((w) => w.from <= w.to, {
    message: "window from must not exceed to",
  }),
  part: z.object({ index, count: z.number().int().positive() }).refine(
    (p) => p.index < p.count,
    { message: "part index must be below part count" },
  ),
  // Checked element by element by wireEventsProblem after the envelope.
  events: z.custom<WireEvent[]>(Array.isArray, { message: "Invalid input: expected array" }),
});

export type TokenEventsMessage = z.infer<typeof tokenEventsMessageSchema>;

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
  const [txHash, blockHeight, txIndex, eventIndex, tokenPath, from, to, amount] = event;
  if (!isBoundedString(txHash, MAX_TX_HASH_LENGTH)) {
    return [0, "expected a transaction hash of 1 to 128 characters"];
  }
  if (!Number.isSafeInteger(blockHeight) || (blockHeight as number) < 0) {
    return [1, "expected a block height (a non-negative safe integer)"];
  }
  if (!isIndex(txIndex)) return [2, INDEX_OUT_OF_RANGE];
  if (!isIndex(eventIndex)) return [3, INDEX_OUT_OF_RANGE];
  if (!isBoundedString(tokenPath, MAX_TOKEN_PATH_LENGTH)) {
    return [4, "expected a token path of 1 to 512 characters"];
  }
  if (typeof from !== "string" || !ADDRESS_PATTERN.test(from)) return [5, "not a g address"];
  if (typeof to !== "string" || !ADDRESS_PATTERN.test(to)) return [6, "not a g address"];
  if (typeof amount !== "string" || !AMOUNT_PATTERN.test(amount)) {
    return [7, "not an unsigned decimal amount"];
  }
  return undefined;
}

const INDEX_OUT_OF_RANGE = "Index out of range (expected an integer from 0 to 2^31-1)";

function isBoundedString(value: unknown, maxLength: number): boolean {
  return typeof value === "string" && value.length >= 1 && value.length <= maxLength;
}

function isIndex(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_INDEX;
}

/** SQS's maximum message size; bodies are packed to stay below it. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
