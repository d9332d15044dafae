/**
 * The upstream transaction as the synchronizer fetches it from tx-indexer GraphQL, reduced to the
 * fields the event parser needs. Lenient wherever the upstream schema allows null (`attrs`,
 * `events`, list elements) and wherever a union member is selected with `__typename` only.
 */
import { z } from "zod";
import { isStorableTxHash } from "../message.ts";

const typenameOtherThan = <T extends string>(name: T) =>
  z.string().refine((value) => value !== name, { message: `expected a type other than ${name}` });

export const gnoEventAttributeSchema = z.object({ key: z.string(), value: z.string() });

export const gnoEventSchema = z.object({
  __typename: z.literal("GnoEvent"),
  type: z.string(),
  pkg_path: z.string(),
  attrs: z.array(gnoEventAttributeSchema).nullish(),
});

/** StorageDepositEvent, StorageUnlockEvent, UnknownEvent, or a member added later. */
export const otherEventSchema = z.object({ __typename: typenameOtherThan("GnoEvent") });

export const eventSchema = z.union([gnoEventSchema, otherEventSchema]);

export const msgCallSchema = z.object({
  __typename: z.literal("MsgCall"),
  pkg_path: z.string(),
  func: z.string().optional(),
  caller: z.string().optional(),
});

/** BankMsgSend, MsgAddPackage, MsgRun, UnexpectedMessage, or a member added later. */
export const otherMessageValueSchema = z.object({ __typename: typenameOtherThan("MsgCall") });

export const transactionMessageSchema = z.object({
  value: z.union([msgCallSchema, otherMessageValueSchema]),
});

export const upstreamTransactionSchema = z.object({
  hash: z.string().refine(isStorableTxHash, {
    message: "expected a hash of 1 to 128 characters without quotes, backslashes or control " +
      "characters",
  }),
  index: z.number().int().nonnegative(),
  block_height: z.number().int().nonnegative(),
  success: z.boolean(),
  messages: z.array(transactionMessageSchema.nullable()),
  response: z.object({ events: z.array(eventSchema.nullable()).nullish() }),
});

export type GnoEventAttribute = z.infer<typeof gnoEventAttributeSchema>;
export type GnoEvent = z.infer<typeof gnoEventSchema>;
export type UpstreamEvent = z.infer<typeof eventSchema>;
export type MsgCall = z.infer<typeof msgCallSchema>;
export type UpstreamMessageValue = z.infer<typeof transactionMessageSchema>["value"];
export type UpstreamTransaction = z.infer<typeof upstreamTransactionSchema>;

export function isGnoEvent(event: UpstreamEvent): event is GnoEvent {
  return event.__typename === "GnoEvent";
}

export function isMsgCall(value: UpstreamMessageValue): value is MsgCall {
  return value.__typename === "MsgCall";
}
