/**
 * The response bodies as zod schemas. They document the API (openapi.ts) and the tests check
 * real responses against them; handlers do not re-validate their own output.
 */
import { z } from "zod";

/** Amounts are JSON numbers with their exact digits, of any size (json_page.ts). */
const amount = z.number().meta({
  type: "integer",
  description: "Exact amount in the token's smallest unit, written with all its digits; it may " +
    "exceed 2^64, so parse it with an arbitrary-precision JSON reader.",
  example: 1000000,
});

const address = z.string().meta({
  description: "A g bech32 address.",
  example: "g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5",
});
const tokenId = z.string().meta({
  description: "The token: its `token` attr as the chain emits it, or the realm path for " +
    "tokens of the older grc20 generations. One realm may hold several tokens.",
  example: "gno.land/r/demo/defi/grc20factory.TST.0000001",
});
const tokenPath = z.string().meta({
  description: "The token's realm path (the realm that holds it).",
  example: "gno.land/r/demo/defi/grc20factory",
});

const page = {
  nextCursor: z.string().nullable().meta({
    description: "Pass as `cursor` to get the next page; null on the last page.",
  }),
  consistentThrough: z.number().int().meta({
    description: "Every block up to this height is fully applied in this response's data " +
      "(-1 before the first window is applied).",
  }),
};

export const balance = z.object({ address, tokenId, tokenPath, amount });

export const balancesResponse = z.object({ balances: z.array(balance), ...page });

export const accountBalancesResponse = z.object({ accountBalances: z.array(balance), ...page });

export const transfer = z.object({
  fromAddress: z.string().meta({ description: "The sender; empty for a mint." }),
  toAddress: z.string().meta({ description: "The receiver; empty for a burn." }),
  tokenId,
  tokenPath,
  amount,
  kind: z.enum(["mint", "burn", "transfer"]),
  blockHeight: z.number().int(),
  txIndex: z.number().int().meta({ description: "Index of the transaction in its block." }),
  eventIndex: z.number().int().meta({
    description: "Index of the event in the transaction's response.events.",
  }),
  txHash: z.string().meta({ description: "Transaction hash, base64 as the chain serves it." }),
  time: z.string().meta({ format: "date-time" }).nullable().meta({
    description: "Block time; null when the block is not stored.",
  }),
});

export const transfersResponse = z.object({ transfers: z.array(transfer), ...page });

export const errorResponse = z.object({
  error: z.object({
    code: z.enum([
      "invalid_parameter",
      "invalid_cursor",
      "not_found",
      "internal_error",
      "service_unavailable",
    ]),
    message: z.string(),
    param: z.string().optional().meta({ description: "The offending parameter." }),
  }),
});
