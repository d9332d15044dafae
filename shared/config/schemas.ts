/**
 * One zod schema per service over environment variables (README lists them all). Each service
 * loads its own schema at start; the common parts are shared here.
 */
import { z } from "zod";
import { DEFAULT_GRC20_LIBRARY_PATHS } from "../events/library_paths.ts";
import {
  booleanFlag,
  commaList,
  httpUrl,
  logLevel,
  nonNegativeInt,
  port,
  positiveInt,
  postgresUrl,
} from "./fields.ts";

const database = {
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: positiveInt(10, 500),
};

const queue = {
  /** Omit to use AWS SQS's regional endpoint. */
  SQS_ENDPOINT: httpUrl.optional(),
  SQS_REGION: z.string().default("us-east-1"),
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  SQS_QUEUE_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, "must be a valid SQS queue name")
    .default("grc20-token-events"),
  SQS_DLQ_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, "must be a valid SQS queue name")
    .default("grc20-token-events-dlq"),
  SQS_MAX_RECEIVE_COUNT: positiveInt(5, 1000),
  SQS_VISIBILITY_TIMEOUT_SECONDS: positiveInt(60, 43200),
};

const common = { LOG_LEVEL: logLevel };

export const syncConfigSchema = z.object({
  ...common,
  ...database,
  ...queue,
  /** One or more tx-indexer base URLs, tried in order (failover). */
  TX_INDEXER_URLS: commaList(httpUrl),
  SYNC_PORT: port(8081),
  SYNC_WINDOW_BLOCKS: positiveInt(1000, 100_000),
  SYNC_CONCURRENCY: positiveInt(2, 64),
  SYNC_POLL_INTERVAL_MS: positiveInt(1000, 600_000),
  SYNC_REQUEST_TIMEOUT_MS: positiveInt(30_000, 600_000),
  SYNC_REPUBLISH_AFTER_SECONDS: positiveInt(120, 86_400),
  SYNC_START_HEIGHT: nonNegativeInt(0),
  SYNC_USE_WEBSOCKET: booleanFlag(true),
  /** Deno KV file of the retry schedule (":memory:" keeps it in memory only). */
  SYNC_KV_PATH: z.string().min(1).default(".grc20-sync/retries.kv"),
  GRC20_LIBRARY_PATHS: commaList(
    z.string().regex(/^[a-z0-9.\-]+(\/[A-Za-z0-9_.\-]+)+$/, {
      message: "must be package paths such as gno.land/p/demo/grc/grc20",
    }),
  ).default([...DEFAULT_GRC20_LIBRARY_PATHS]),
});

export const processorConfigSchema = z.object({
  ...common,
  ...database,
  ...queue,
  PROCESSOR_PORT: port(8082),
  PROCESSOR_POLLERS: positiveInt(1, 64),
  PROCESSOR_WAIT_SECONDS: nonNegativeInt(20).refine((v) => v <= 20, "must be at most 20"),
  PROCESSOR_MAX_MESSAGES: positiveInt(10, 10),
});

export const apiConfigSchema = z.object({
  ...common,
  ...database,
  API_HOST: z.string().default("0.0.0.0"),
  API_PORT: port(8080),
  API_DEFAULT_LIMIT: positiveInt(100, 10_000),
  API_MAX_LIMIT: positiveInt(1000, 10_000),
  /** Signs pagination cursors; set the same value on every replica in production. */
  API_CURSOR_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** /ready answers 503 while the synchronizer trails the head by more blocks than this. */
  API_READY_MAX_LAG_BLOCKS: nonNegativeInt(50),
});

export type SyncConfig = z.infer<typeof syncConfigSchema>;
export type ProcessorConfig = z.infer<typeof processorConfigSchema>;
export type ApiConfig = z.infer<typeof apiConfigSchema>;
