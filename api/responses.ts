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

const asOfHeight = z.number().int().meta({
  description: "With `height`: the block height the balances are as of.",
});

export const balancesResponse = z.object({
  balances: z.array(balance),
  height: asOfHeight.optional(),
  ...page,
});

export const accountBalancesResponse = z.object({
  accountBalances: z.array(balance),
  height: asOfHeight.optional(),
  ...page,
});

const count = (description: string) => z.number().meta({ type: "integer", description });

export const token = z.object({
  tokenId,
  tokenPath,
  symbol: z.string().nullable().meta({
    description: "From the token's NewToken event, else from its token id (`realm.SYMBOL`); " +
      "null for tokens named by their realm path alone.",
  }),
  name: z.string().nullable().meta({ description: "From the NewToken event only; null without." }),
  decimals: z.number().int().nullable().meta({
    description: "From the NewToken event only; null without.",
  }),
  totalSupply: amount.meta({
    description: "Mints minus burns, exact, in the smallest unit; the sum of all balances.",
  }),
  holders: count("Accounts with a non-zero balance."),
  transfers: count("Movements: mints, burns and transfers."),
  firstHeight: z.number().int().nullable().meta({
    description: "The lowest height of a movement or of the NewToken event.",
  }),
  lastHeight: z.number().int().nullable().meta({
    description: "The highest height of a movement or of the NewToken event.",
  }),
});

export const tokensResponse = z.object({ tokens: z.array(token), ...page });

export const tokenResponse = z.object({
  token,
  consistentThrough: page.consistentThrough,
});

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
      "height_not_consistent",
      "internal_error",
      "service_unavailable",
    ]),
    message: z.string(),
    param: z.string().optional().meta({ description: "The offending parameter." }),
    consistentThrough: z.number().int().optional().meta({
      description: "With height_not_consistent (409): the height the data is consistent through.",
    }),
  }),
});
