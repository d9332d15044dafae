/**
 * The wire format between sync/ and processor/: one SQS message body carries many token events
 * of one part of one published window (ARCHITECTURE invariant 4).
 *
 * Events are positional tuples to pack as many as possible under the 256 KiB SQS limit:
 * `[txHash, blockHeight, txIndex, eventIndex, tokenPath, from, to, amount]`, where `amount` is
 * an unsigned decimal string (never a JS number) and `from`/`to` are "" for mints/burns.
 */
import { z } from "zod";

export const MESSAGE_VERSION = 1;

const height = z.number().int().nonnegative();
const index = z.number().int().nonnegative();
const address = z.string().regex(/^(|g1[02-9ac-hj-np-z]{38})$/, "not a g address");

export const wireEventSchema = z.tuple([
  z.string().min(1).max(128), // txHash (base64)
  height, // blockHeight
  index, // txIndex
  index, // eventIndex
  z.string().min(1).max(512), // tokenPath
  address, // from
  address, // to
  z.string().regex(/^[0-9]{1,78}$/, "not an unsigned decimal amount"), // amount
]);

export const tokenEventsMessageSchema = z.object({
  v: z.literal(MESSAGE_VERSION),
  window: z.object({ from: height, to: height }).refine((w) => w.from <= w.to, {
    message: "window from must not exceed to",
  }),
  part: z.object({ index, count: z.number().int().positive() }).refine(
    (p) => p.index < p.count,
    { message: "part index must be below part count" },
  ),
  events: z.array(wireEventSchema),
});

export type WireEvent = z.infer<typeof wireEventSchema>;
export type TokenEventsMessage = z.infer<typeof tokenEventsMessageSchema>;

/** SQS's maximum message size; bodies are packed to stay below it. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
