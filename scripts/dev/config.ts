/** The settings only `deno task dev` reads; the services' own settings come from their schemas. */
import { z } from "zod";
import { commaList, httpUrl, nonNegativeInt, positiveInt } from "../../shared/config/fields.ts";

export const devConfigSchema = z.object({
  DEVNET_BLOCKS: positiveInt(20_000),
  DEVNET_LIVE_MS: nonNegativeInt(2_000),
  TX_INDEXER_URLS: commaList(httpUrl).optional(),
  // The services read TX_INDEXER_URLS only; a singular name would be silently ignored.
  TX_INDEXER_URL: z.undefined({ message: "is not a setting: use TX_INDEXER_URLS" }).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"], {
    message: "must be one of debug, info, warn, error",
  }).optional(),
});

export type DevConfig = z.infer<typeof devConfigSchema>;
