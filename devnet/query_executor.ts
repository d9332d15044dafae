import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  getArgumentValues,
  getVariableValues,
  GraphQLError,
  type GraphQLInputObjectType,
  parse,
  validate,
} from "graphql";
import type { Chain } from "./chain.ts";
import { compileFilter, fieldBounds } from "./filter.ts";
import { type OperationPlan, planOperation, type Projector, type RootField } from "./projection.ts";
import { txIndexerSchema } from "./schema.ts";
import type { Block, Transaction } from "./types.ts";

/** tx-indexer returns at most this many elements per query, then partial data AND an error. */
export const MAX_ELEMENTS_PER_QUERY = 10_000;
export const MAX_ELEMENTS_MESSAGE = `max elements per query reached (${MAX_ELEMENTS_PER_QUERY})`;

/** What queries can see of the chain: its visible head and the heights silently missing. */
export interface ChainView {
  head(): number;
  isMissing(height: number): boolean;
}

export interface GraphQLRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphQLResponse {
  /** 200, or 422 when the query does not parse or validate (as gqlgen answers). */
  status: number;
  body: { errors?: unknown[]; data?: unknown };
}

interface QueryContext {
  errors: { message: string; path: string[] }[];
}

type Order = "ASC" | "DESC";

export interface QueryExecutor {
  run(request: GraphQLRequest): GraphQLResponse;
  /** The same answer as `run`, as the JSON text sent over HTTP. */
  runText(request: GraphQLRequest): { status: number; text: string };
  /** Parses and validates a document (cached), or returns the errors. */
  prepare(query: string): DocumentNode | readonly GraphQLError[];
  /** Root value for executing against the chain. */
  rootValue: Record<string, unknown>;
}

export interface ExecutorOptions {
  /** Execute plain queries with compiled projections instead of graphql-js (default true). */
  fastPath?: boolean;
  /**
   * Keep up to this many list items' JSON (blocks, transactions) per query shape, so that a
   * repeated or pre-warmed query is answered by concatenation (default 0: none). A benchmark
   * uses it to keep the simulated upstream's generation cost out of the measurement.
   */
  cachedItems?: number;
}

export function createQueryExecutor(
  chain: Chain,
  view: ChainView,
  options: ExecutorOptions = {},
): QueryExecutor {
  const fastPath = options.fastPath ?? true;
  const plans = new Map<string, OperationPlan | null>();
  const schema = txIndexerSchema();
  const filterType = (name: string) => schema.getType(name) as GraphQLInputObjectType;
  const blockFilter = filterType("FilterBlock");
  const transactionFilter = filterType("FilterTransaction");
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

  const prepare = (query: string): DocumentNode | readonly GraphQLError[] => {
    const cached = documents.get(query);
    if (cached) return cached;
    let prepared: DocumentNode | readonly GraphQLError[];
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      prepared = errors.length > 0 ? errors : document;
    } catch (error) {
      prepared = [error as GraphQLError];
    }
    if (documents.size >= 200) documents.delete(documents.keys().next().value!);
    documents.set(query, prepared);
    return prepared;
  };

  const heights = function* (low: number, high: number, order: Order) {
    const from = Math.max(0, low);
    const to = Math.min(view.head(), high);
    if (order === "DESC") {
      for (let h = to; h >= from; h--) if (!view.isMissing(h)) yield h;
    } else {
      for (let h = from; h <= to; h++) if (!view.isMissing(h)) yield h;
    }
  };

  const capReached = (ctx: QueryContext, field: string) =>
    ctx.errors.push({ message: MAX_ELEMENTS_MESSAGE, path: [field] });

  const getBlocks = (
    args: { where: Record<string, unknown>; order?: { height: Order } | null },
    ctx: QueryContext,
  ): Block[] => {
    const matches = compileFilter(schema, blockFilter, args.where);
    const bounds = fieldBounds(args.where, "height");
    const out: Block[] = [];
    for (const h of heights(bounds.low, bounds.high, args.order?.height ?? "ASC")) {
      const block = chain.block(h).block;
      if (!matches(block)) continue;
      out.push(block);
      if (out.length === MAX_ELEMENTS_PER_QUERY) {
        capReached(ctx, "getBlocks");
        break;
      }
    }
    return out;
  };

  const visibleTx = (tx: Transaction | null) =>
    tx !== null && tx.block_height <= view.head() && !view.isMissing(tx.block_height);

  const getTransactions = (
    args: { where: Record<string, unknown>; order?: { heightAndIndex: Order } | null },
    ctx: QueryContext,
  ): Transaction[] | null => {
    const where = args.where;
    const matches = compileFilter(schema, transactionFilter, where);
    const hashEq = (where.hash as { eq?: string | null } | null)?.eq;
    const or = where._or as unknown[] | null | undefined;
    if (hashEq !== undefined && hashEq !== null && !(or && or.length > 0)) {
      // tx-indexer answers an exact hash from its hash index, then applies the rest.
      const tx = chain.findTransaction(hashEq);
      if (!visibleTx(tx)) throw new GraphQLError("not found");
      return matches(tx) ? [tx!] : null;
    }
    const bounds = fieldBounds(where, "block_height");
    const order = args.order?.heightAndIndex ?? "ASC";
    const out: Transaction[] = [];
    for (const h of heights(bounds.low, bounds.high, order)) {
      const txs = chain.block(h).transactions;
      for (let k = 0; k < txs.length; k++) {
        const tx = txs[order === "DESC" ? txs.length - 1 - k : k];
        if (!matches(tx)) continue;
        out.push(tx);
        if (out.length === MAX_ELEMENTS_PER_QUERY) {
          capReached(ctx, "getTransactions");
          return out;
        }
      }
    }
    return out;
  };

  // The deprecated queries, with their range filters only.
  const blocks = (args: { filter: Record<string, number | null> }, ctx: QueryContext) => {
    const { from_height, to_height } = args.filter;
    const where = {
      height: { gt: from_height ? from_height - 1 : null, lt: to_height || null },
    };
    return getBlocks({ where }, ctx);
  };
  const transactions = (args: { filter: Record<string, unknown> }, ctx: QueryContext) => {
    const f = args.filter as Record<string, number | string | boolean | null>;
    if (typeof f.hash === "string") {
      const tx = chain.findTransaction(f.hash);
      if (!visibleTx(tx)) throw new GraphQLError("not found");
      return [tx];
    }
    const where: Record<string, unknown> = {
      block_height: {
        gt: f.from_block_height ? (f.from_block_height as number) - 1 : null,
        lt: f.to_block_height || null,
      },
      index: { gt: f.from_index ? (f.from_index as number) - 1 : null, lt: f.to_index || null },
    };
    if (typeof f.success === "boolean") where.success = { eq: f.success };
    if (typeof f.memo === "string") where.memo = { eq: f.memo };
    return getTransactions({ where }, ctx);
  };

  const rootValue = {
    latestBlockHeight: () => view.head(),
    getBlocks,
    getTransactions,
    blocks,
    transactions,
  };

  const resolve = (field: RootField, args: unknown, context: QueryContext): unknown =>
    (rootValue[field.node.name.value as keyof typeof rootValue] as (
      args: unknown,
      context: QueryContext,
    ) => unknown)(args, context);

  const cacheLimit = options.cachedItems ?? 0;
  let cacheSalt = chain.salt();
  let heightCaches = new WeakMap<RootField, Map<number, string[]>>();
  let cachedCount = 0;

  /** The JSON of the items a height holds for a list field (blocks: one; transactions: all). */
  const heightItems = (field: RootField, project: Projector, height: number): string[] => {
    let cache = heightCaches.get(field);
    if (!cache) heightCaches.set(field, cache = new Map());
    let items = cache.get(height);
    if (items === undefined) {
      const generated = chain.block(height);
      const values = field.node.name.value === "getBlocks"
        ? [generated.block]
        : generated.transactions;
      items = values.map((value) => JSON.stringify(project(value)));
      if (cachedCount < cacheLimit) {
        cache.set(height, items);
        cachedCount += items.length + 1;
      }
    }
    return items;
  };

  /**
   * A plain height range of getBlocks or getTransactions (the synchronizer's queries), answered
   * from the cache of each height's items without generating or projecting; null for any other
   * field or filter. Same order and cap as the resolvers above.
   */
  const cachedRangeJson = (
    field: RootField,
    args: { where?: Record<string, unknown>; order?: Record<string, Order> | null },
    ctx: QueryContext,
  ): string | null => {
    const name = field.node.name.value;
    const key = name === "getBlocks" ? "height" : name === "getTransactions" ? "block_height" : "";
    const project = field.projectItem;
    if (cacheLimit === 0 || key === "" || !project || !args.where) return null;
    const filters = Object.keys(args.where);
    if (filters.length !== 1 || filters[0] !== key) return null;
    const range = args.where[key] as Record<string, unknown> | null;
    if (range === null || Object.keys(range).some((k) => k !== "gt" && k !== "lt")) return null;
    const order = (args.order ? Object.values(args.order)[0] : null) ?? "ASC";
    const bounds = fieldBounds(args.where, key);
    let text = "[";
    let count = 0;
    for (const h of heights(bounds.low, bounds.high, order)) {
      const items = heightItems(field, project, h);
      for (let k = 0; k < items.length; k++) {
        if (count > 0) text += ",";
        text += items[order === "DESC" ? items.length - 1 - k : k];
        if (++count === MAX_ELEMENTS_PER_QUERY) {
          capReached(ctx, name);
          return text + "]";
        }
      }
    }
    return text + "]";
  };

  const fieldJson = (field: RootField, args: unknown, ctx: QueryContext): string => {
    const cached = cachedRangeJson(field, args as Parameters<typeof cachedRangeJson>[1], ctx);
    return cached ?? JSON.stringify(field.project(resolve(field, args, ctx)));
  };

  /** What run() and runText() share: a validated document and its plan, or a failure. */
  const begin = (
    request: GraphQLRequest,
  ):
    | { failed: GraphQLResponse }
    | { prepared: DocumentNode; operationName: string | null; plan: OperationPlan | null } => {
    if (typeof request.query !== "string" || request.query === "") {
      return { failed: failure(422, "no operation provided", "GRAPHQL_PARSE_FAILED") };
    }
    const prepared = prepare(request.query);
    if (!("kind" in prepared)) {
      const code = prepared.some((e) => e.message.startsWith("Syntax Error"))
        ? "GRAPHQL_PARSE_FAILED"
        : "GRAPHQL_VALIDATION_FAILED";
      return {
        failed: {
          status: 422,
          body: {
            errors: prepared.map((e) => ({ ...e.toJSON(), extensions: { code } })),
            data: null,
          },
        },
      };
    }
    const operationName = typeof request.operationName === "string" ? request.operationName : null;
    let plan: OperationPlan | null = null;
    if (fastPath) {
      const planKey = `${request.query}\u0000${operationName ?? ""}`;
      const known = plans.get(planKey);
      if (known === undefined) {
        plan = planOperation(schema, prepared, operationName);
        if (plans.size >= 200) plans.delete(plans.keys().next().value!);
        plans.set(planKey, plan);
      } else {
        plan = known;
      }
    }
    return { prepared, operationName, plan };
  };

  const runText = (request: GraphQLRequest): { status: number; text: string } => {
    const started = begin(request);
    if (!("failed" in started) && started.plan) {
      if (chain.salt() !== cacheSalt) {
        cacheSalt = chain.salt();
        heightCaches = new WeakMap();
        cachedCount = 0;
      }
      const answer = runPlan(started.plan, request.variables, { errors: [] }, fieldJson);
      if (!("data" in answer)) return { status: answer.status, text: JSON.stringify(answer.body) };
      // The same bytes JSON.stringify would write for { errors?, data }.
      let data = "{";
      for (const [key, json] of Object.entries(answer.data)) {
        if (data.length > 1) data += ",";
        data += `${JSON.stringify(key)}:${json ?? "null"}`;
      }
      data += "}";
      const errors = answer.errors.length > 0 ? `"errors":${JSON.stringify(answer.errors)},` : "";
      return { status: 200, text: `{${errors}"data":${data}}` };
    }
    const result = run(request);
    return { status: result.status, text: JSON.stringify(result.body) };
  };

  const run = (request: GraphQLRequest): GraphQLResponse => {
    const started = begin(request);
    if ("failed" in started) return started.failed;
    const { prepared, operationName, plan } = started;
    const context: QueryContext = { errors: [] };
    if (plan) {
      const answer = runPlan(
        plan,
        request.variables,
        context,
        (field, args, ctx) => field.project(resolve(field, args, ctx)),
      );
      if (!("data" in answer)) return answer;
      const { data, errors } = answer;
      return { status: 200, body: errors.length > 0 ? { errors, data } : { data } };
    }
    const result = execute({
      schema,
      document: prepared,
      rootValue,
      contextValue: context,
      variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
      operationName,
    }) as ExecutionResult;
    const errors = [...(result.errors?.map((e) => e.toJSON()) ?? []), ...context.errors];
    if (!("data" in result) || result.data === undefined) {
      return { status: 422, body: { errors, data: null } };
    }
    return {
      status: 200,
      body: errors.length > 0 ? { errors, data: result.data } : { data: result.data },
    };
  };

  /**
   * Runs a compiled plan; `render` turns each root field's resolved value into what `data` holds
   * (the projected value, or its JSON text when answering as text).
   */
  const runPlan = <T>(
    plan: OperationPlan,
    variables: unknown,
    context: QueryContext,
    render: (field: RootField, args: unknown, context: QueryContext) => T,
  ): { status: 200; data: Record<string, T | null>; errors: unknown[] } | GraphQLResponse => {
    const coerced = getVariableValues(
      schema,
      plan.operation.variableDefinitions ?? [],
      (variables ?? {}) as Record<string, unknown>,
    );
    if (coerced.errors) {
      return { status: 422, body: { errors: coerced.errors.map((e) => e.toJSON()), data: null } };
    }
    const data: Record<string, T | null> = {};
    const errors: unknown[] = [];
    for (const field of plan.rootFields) {
      try {
        const args = getArgumentValues(field.definition, field.node, coerced.coerced);
        data[field.responseKey] = render(field, args, context);
      } catch (error) {
        data[field.responseKey] = null;
        const location = field.node.loc
          ? [{ line: field.node.loc.startToken.line, column: field.node.loc.startToken.column }]
          : undefined;
        errors.push({
          message: (error as Error).message,
          locations: location,
          path: [field.responseKey],
        });
      }
    }
    errors.push(...context.errors);
    return { status: 200, data, errors };
  };

  return { run, runText, prepare, rootValue };
}

function failure(status: number, message: string, code: string): GraphQLResponse {
  return { status, body: { errors: [{ message, extensions: { code } }], data: null } };
}
