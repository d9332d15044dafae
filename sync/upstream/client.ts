/**
 * The tx-indexer GraphQL client of the synchronizer: graphql-request with errorPolicy "all" (the
 * cap's partial answers are data), responses checked before use, and failover across several
 * upstream URLs. Each call is one request, retried a few times (the next URL after each failure);
 * paging is the caller's, by height windows (docs/upstream.md).
 *
 * Errors: 429, 5xx, timeouts, network failures and malformed answers are RetryableError (after
 * the call's retries); a query the upstream refuses as invalid (4xx) is a FatalError, since
 * retrying a schema mismatch cannot help.
 */
import { ClientError, GraphQLClient } from "graphql-request";
import { z } from "zod";
import type { UpstreamTransaction } from "../../shared/events/mod.ts";
import { FatalError, isRetryable, retry, RetryableError } from "../../shared/retry.ts";
import type { HeightRange } from "../plan.ts";
import {
  BLOCK_TRANSACTIONS_AFTER_QUERY,
  BLOCKS_QUERY,
  heightRangeVariables,
  LATEST_BLOCK_HEIGHT_QUERY,
  TRANSACTIONS_QUERY,
} from "./queries.ts";
import { isUpstreamTransaction, transactionProblem } from "./transaction_guard.ts";

export const CAP_ERROR_PATTERN = /max elements per query reached/i;

export const upstreamBlockSchema = z.object({
  height: z.number().int().nonnegative(),
  hash: z.string(),
  last_block_hash: z.string(),
  time: z.string(),
  num_txs: z.number().int().nonnegative(),
  chain_id: z.string(),
});
export type UpstreamBlock = z.infer<typeof upstreamBlockSchema>;

const blocksDataSchema = z.object({ getBlocks: z.array(upstreamBlockSchema).nullable() });
const latestDataSchema = z.object({ latestBlockHeight: z.number().int() });

/** One answer's list. */
export interface Page<T> {
  /** In the order asked for. When capped, the first 10,000 matches and nothing after them. */
  items: T[];
  /** The answer hit the upstream's 10,000-element cap: the range was too wide. */
  capped: boolean;
}

export type RequestOutcome =
  | "ok"
  | "capped"
  | "rate_limited"
  | "server_error"
  | "timeout"
  | "network_error"
  | "bad_response"
  | "rejected";

export interface TxIndexerClientOptions {
  /** Base URLs (`<base>/graphql/query` is appended), tried in order. */
  urls: readonly string[];
  timeoutMs: number;
  /** Attempts per call across all URLs before giving up with a RetryableError. */
  attemptsPerCall?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  fetch?: typeof fetch;
  /** Called after every HTTP request (metrics). */
  onRequest?: (event: { url: string; outcome: RequestOutcome; seconds: number }) => void;
  /** Called when the client moves to the next URL. */
  onFailover?: (event: { from: string; to: string; reason: string }) => void;
}

export interface TxIndexerClient {
  latestBlockHeight(signal?: AbortSignal): Promise<number>;
  /** Blocks of the heights, ascending, as the upstream has them (gaps included): one request. */
  blocks(range: HeightRange, signal?: AbortSignal): Promise<Page<UpstreamBlock>>;
  /** Transactions of the heights, in chain order: one request. */
  transactions(range: HeightRange, signal?: AbortSignal): Promise<Page<UpstreamTransaction>>;
  /** Every transaction of one block, in as many requests as the cap asks for. */
  blockTransactions(height: number, signal?: AbortSignal): Promise<UpstreamTransaction[]>;
  /** Moves to the next URL (the current one is down or lacks data). */
  failover(reason: string): void;
}

/** An error class for an upstream answer that says something about the request itself. */
class UpstreamAnswerError extends RetryableError {
  constructor(message: string, readonly outcome: RequestOutcome, readonly retryAfterMs = 0) {
    super(message);
  }
}

interface GraphQLAnswer {
  data: unknown;
  capped: boolean;
}

export function graphqlEndpoint(base: string): string {
  const trimmed = base.replace(/\/+$/, "");
  return trimmed.endsWith("/graphql/query") ? trimmed : `${trimmed}/graphql/query`;
}

export function createTxIndexerClient(options: TxIndexerClientOptions): TxIndexerClient {
  if (options.urls.length === 0) throw new FatalError("At least one tx-indexer URL is required");
  const endpoints = options.urls.map(graphqlEndpoint);
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attemptsPerCall ?? Math.max(3, endpoints.length * 2);
  let current = 0;

  const failover = (reason: string) => {
    if (endpoints.length < 2) return;
    const from = endpoints[current];
    current = (current + 1) % endpoints.length;
    options.onFailover?.({ from, to: endpoints[current], reason });
  };

  const once = async (
    url: string,
    query: string,
    variables: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<GraphQLAnswer> => {
    const started = performance.now();
    let outcome: RequestOutcome = "ok";
    // A timer cleared when the request ends, and a listener removed then: AbortSignal.timeout and
    // AbortSignal.any kept every request (and its answer) reachable until the timeout fired,
    // hundreds of megabytes during a backfill.
    const request = new AbortController();
    const timeout = { aborted: false };
    const timer = setTimeout(() => {
      timeout.aborted = true;
      request.abort(new DOMException("The upstream request timed out", "TimeoutError"));
    }, options.timeoutMs);
    const onAbort = () => request.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    // errorPolicy "all": the 10,000 cap comes as partial data plus an error, and both are needed.
    const client = new GraphQLClient(url, {
      fetch: doFetch,
      errorPolicy: "all",
      signal: request.signal,
    });
    try {
      let result: { data?: unknown; errors?: ReadonlyArray<{ message?: unknown }> };
      try {
        result = await client.rawRequest<unknown>(query, variables);
      } catch (error) {
        if (signal?.aborted) throw error;
        if (error instanceof ClientError) {
          const { status, headers } = error.response;
          if (status === 429) {
            outcome = "rate_limited";
            const retryAfter = Number(headers?.get("retry-after"));
            throw new UpstreamAnswerError(
              `Upstream ${url} is rate limiting (HTTP 429)`,
              outcome,
              Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0,
            );
          }
          if (status >= 500 || status === 408) {
            outcome = "server_error";
            throw new UpstreamAnswerError(`Upstream ${url} failed with HTTP ${status}`, outcome);
          }
          outcome = "rejected";
          const detail = error.response.errors?.[0]?.message ?? "no detail";
          throw new FatalError(`Upstream ${url} rejected a query with HTTP ${status}: ${detail}`);
        }
        outcome = timeout.aborted
          ? "timeout"
          : error instanceof TypeError
          ? "network_error"
          : "bad_response";
        throw new UpstreamAnswerError(
          outcome === "timeout"
            ? `Upstream ${url} did not answer within ${options.timeoutMs} ms`
            : outcome === "network_error"
            ? `Upstream ${url} is unreachable: ${(error as Error).message}`
            : `Upstream ${url} sent an answer that is not GraphQL: ${
              (error as Error).message.split("\n")[0]
            }`,
          outcome,
        );
      }
      const messages = (result.errors ?? []).map((e) => String(e?.message ?? "unknown error"));
      const capped = messages.length > 0 && messages.every((m) => CAP_ERROR_PATTERN.test(m));
      if (messages.length > 0 && !capped) {
        outcome = "bad_response";
        throw new UpstreamAnswerError(
          `Upstream ${url} answered with an error: ${messages[0]}`,
          outcome,
        );
      }
      if (result.data == null) {
        outcome = "bad_response";
        throw new UpstreamAnswerError(`Upstream ${url} answered without data`, outcome);
      }
      if (capped) outcome = "capped";
      return { data: result.data, capped };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      options.onRequest?.({ url, outcome, seconds: (performance.now() - started) / 1000 });
    }
  };

  /** One GraphQL call with short retries, moving to the next URL after each failure. */
  const call = (
    query: string,
    variables: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<GraphQLAnswer> =>
    retry(() => once(endpoints[current], query, variables, signal), {
      maxAttempts: attempts,
      baseMs: options.backoffBaseMs ?? 100,
      maxMs: options.backoffMaxMs ?? 2_000,
      signal,
      minDelayMs: (error) => error instanceof UpstreamAnswerError ? error.retryAfterMs : 0,
      onRetry: (error) => failover((error as Error).message),
    }).catch((error) => {
      if (signal?.aborted || !isRetryable(error)) throw error;
      throw new RetryableError(
        `Upstream unavailable after ${attempts} attempts: ${(error as Error).message}`,
        { cause: error },
      );
    });

  const shaped = <T>(schema: z.ZodType<T>, data: unknown, what: string): T => {
    const result = schema.safeParse(data);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new RetryableError(
      `Upstream ${endpoints[current]} sent malformed ${what}: ${issue.message} at ${
        issue.path.join(".")
      }`,
    );
  };

  return {
    async latestBlockHeight(signal) {
      const answer = await call(LATEST_BLOCK_HEIGHT_QUERY, {}, signal);
      return shaped(latestDataSchema, answer.data, "latestBlockHeight").latestBlockHeight;
    },

    async blocks(range, signal) {
      const answer = await call(BLOCKS_QUERY, heightRangeVariables(range.from, range.to), signal);
      const items = shaped(blocksDataSchema, answer.data, "blocks").getBlocks ?? [];
      return { items, capped: answer.capped };
    },

    async transactions(range, signal) {
      const variables = heightRangeVariables(range.from, range.to);
      const answer = await call(TRANSACTIONS_QUERY, variables, signal);
      return { items: transactionsOf(answer.data, endpoints[current]), capped: answer.capped };
    },

    async blockTransactions(height, signal) {
      const range = { from: height, to: height };
      let answer = await call(TRANSACTIONS_QUERY, heightRangeVariables(height, height), signal);
      const items: UpstreamTransaction[] = [];
      for (;;) {
        const page = transactionsOf(answer.data, endpoints[current]);
        for (const tx of page) {
          if (tx.block_height !== height) {
            throw new RetryableError(
              `Upstream ${endpoints[current]} answered for block ${range.from} with a ` +
                `transaction of block ${tx.block_height}`,
            );
          }
          items.push(tx);
        }
        if (!answer.capped || page.length === 0) return items;
        answer = await call(BLOCK_TRANSACTIONS_AFTER_QUERY, {
          height,
          after: page[page.length - 1].index,
        }, signal);
      }
    },

    failover,
  };
}

function transactionsOf(data: unknown, url: string): UpstreamTransaction[] {
  const list = (data as { getTransactions?: unknown })?.getTransactions;
  if (list == null) return [];
  if (!Array.isArray(list)) {
    throw new RetryableError(`Upstream ${url} sent malformed transactions: not a list`);
  }
  for (let i = 0; i < list.length; i++) {
    if (!isUpstreamTransaction(list[i])) {
      throw new RetryableError(
        `Upstream ${url} sent a malformed transaction: ${transactionProblem(list[i])}`,
      );
    }
  }
  return list as UpstreamTransaction[];
}
