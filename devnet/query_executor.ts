import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  getArgumentValues,
  getVariableValues,
  GraphQLError,
  type GraphQLInputObjectType,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  parse,
  validate,
} from "graphql";
import type { Chain } from "./chain.ts";
import { deprecatedBlockFilter, deprecatedTransactionFilter } from "./deprecated.ts";
import { compileFilter } from "./filter.ts";
import {
  checkVariables,
  type GqlgenError,
  gqlgenRules,
  parseError,
  type Rejection,
  rejection,
  selectOperation,
  VALIDATION_FAILED,
  validationError,
  variableCoercionError,
} from "./gqlgen.ts";
import type { Int64 } from "./int64.ts";
import { type OperationPlan, planOperation, type Projector, type RootField } from "./projection.ts";
import {
  blockScan,
  deprecatedBlockScan,
  deprecatedTransactionScan,
  type HeightScan,
  plainRange,
  transactionScan,
} from "./scan.ts";
import { txIndexerSchema } from "./schema.ts";
import type { Block, Transaction } from "./types.ts";

/** tx-indexer returns at most this many elements per query, then partial data AND an error. */
export const MAX_ELEMENTS_PER_QUERY = 10_000;
export const MAX_ELEMENTS_MESSAGE = `max elements per query reached (${MAX_ELEMENTS_PER_QUERY})`;
/** tx-indexer's storage error for a hash it does not hold. */
export const NOT_FOUND_MESSAGE = "item not found in storage";

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
  /** 200; 422 when the query does not parse or validate, or its variables do not fit. */
  status: number;
  body: { errors?: unknown[]; data?: unknown };
}

/** Errors added while resolving (`graphql.AddError` in gqlgen), in the order they happen. */
interface QueryContext {
  errors: GqlgenError[];
}

type Order = "ASC" | "DESC";
type Where = Record<string, unknown>;

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
  /**
   * The server's clock in ms since the epoch (default Date.now): the deprecated `blocks` field
   * drops blocks whose time is not before it when no `to_time` is given.
   */
  now?: () => number;
}

type Prepared =
  | { document: DocumentNode }
  | { errors: readonly GraphQLError[]; rejection: Rejection };

export function createQueryExecutor(
  chain: Chain,
  view: ChainView,
  options: ExecutorOptions = {},
): QueryExecutor {
  const fastPath = options.fastPath ?? true;
  const clock = options.now ?? Date.now;
  const nowNanos = () => BigInt(Math.floor(clock())) * 1_000_000n;
  const plans = new Map<string, OperationPlan | null>();
  const schema = txIndexerSchema();
  const filterType = (name: string) => schema.getType(name) as GraphQLInputObjectType;
  const blockFilter = filterType("FilterBlock");
  const transactionFilter = filterType("FilterTransaction");
  const documents = new Map<string, Prepared>();
  const selected = new WeakMap<DocumentNode, Map<string, OperationDefinitionNode | Rejection>>();

  const prepareDocument = (query: string): Prepared => {
    const cached = documents.get(query);
    if (cached) return cached;
    let prepared: Prepared;
    try {
      const document = parse(query);
      const errors = validate(schema, document, gqlgenRules);
      prepared = errors.length > 0
        ? { errors, rejection: { status: 422, errors: errors.map(validationError) } }
        : { document };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      prepared = { errors: [error], rejection: { status: 422, errors: [parseError(error)] } };
    }
    if (documents.size >= 200) documents.delete(documents.keys().next().value!);
    documents.set(query, prepared);
    return prepared;
  };

  const prepare = (query: string): DocumentNode | readonly GraphQLError[] => {
    const prepared = prepareDocument(query);
    return "document" in prepared ? prepared.document : prepared.errors;
  };

  /** Heights the store would read, within the visible chain, in the requested order. */
  const heights = function* (scan: HeightScan, order: Order) {
    const from = Math.max(0, scan.low);
    const to = Math.min(view.head(), scan.high);
    if (order === "DESC") {
      for (let h = to; h >= from; h--) if (!view.isMissing(h)) yield h;
    } else {
      for (let h = from; h <= to; h++) if (!view.isMissing(h)) yield h;
    }
  };

  const capReached = (ctx: QueryContext, key: string) =>
    ctx.errors.push({ message: MAX_ELEMENTS_MESSAGE, path: [key] });
  const notFound = (ctx: QueryContext, key: string) => {
    ctx.errors.push({ message: NOT_FOUND_MESSAGE, path: [key] });
    return null;
  };

  /** The resolvers' loop: evaluate in scan order, stop at the cap (checked before reading on). */
  const collectBlocks = (
    scan: HeightScan,
    order: Order,
    keep: (block: Block) => boolean,
    ctx: QueryContext,
    key: string,
  ): Block[] | null => {
    const out: Block[] = [];
    for (const h of heights(scan, order)) {
      const block = chain.block(h).block;
      if (!keep(block)) continue;
      out.push(block);
      if (out.length === MAX_ELEMENTS_PER_QUERY) {
        capReached(ctx, key);
        break;
      }
    }
    return out.length > 0 ? out : null;
  };

  const collectTransactions = (
    scan: HeightScan & { indexFrom: number; indexTo: number },
    order: Order,
    keep: (tx: Transaction) => boolean,
    ctx: QueryContext,
    key: string,
  ): Transaction[] | null => {
    const out: Transaction[] = [];
    for (const h of heights(scan, order)) {
      const txs = chain.block(h).transactions;
      for (let k = 0; k < txs.length; k++) {
        const tx = txs[order === "DESC" ? txs.length - 1 - k : k];
        if (tx.index < scan.indexFrom || tx.index >= scan.indexTo || !keep(tx)) continue;
        out.push(tx);
        if (out.length === MAX_ELEMENTS_PER_QUERY) {
          capReached(ctx, key);
          return out;
        }
      }
    }
    return out.length > 0 ? out : null;
  };

  const getBlocks = (
    args: { where: Where; order?: { height: Order } | null },
    ctx: QueryContext,
    key: string,
  ): Block[] | null => {
    const matches = compileFilter(schema, blockFilter, args.where);
    return collectBlocks(blockScan(args.where), args.order?.height ?? "ASC", matches, ctx, key);
  };

  const visibleTx = (tx: Transaction | null): tx is Transaction =>
    tx !== null && tx.block_height <= view.head() && !view.isMissing(tx.block_height);

  const getTransactions = (
    args: { where: Where; order?: { heightAndIndex: Order } | null },
    ctx: QueryContext,
    key: string,
  ): Transaction[] | null => {
    const where = args.where;
    const matches = compileFilter(schema, transactionFilter, where);
    const hashEq = (where.hash as { eq?: string | null } | null)?.eq;
    const or = where._or as unknown[] | null | undefined;
    if (hashEq !== undefined && hashEq !== null && !(or && or.length > 0)) {
      // tx-indexer answers an exact hash from its hash index, then applies the whole filter.
      const tx = chain.findTransaction(hashEq);
      if (!visibleTx(tx)) return notFound(ctx, key);
      return matches(tx) ? [tx] : null;
    }
    const order = args.order?.heightAndIndex ?? "ASC";
    return collectTransactions(transactionScan(where), order, matches, ctx, key);
  };

  // The deprecated fields, with their own inclusive ranges and hand-written filters.
  const blocks = (args: { filter: Where }, ctx: QueryContext, key: string) => {
    const f = args.filter;
    const scan = deprecatedBlockScan(f.from_height, f.to_height);
    return collectBlocks(scan, "ASC", deprecatedBlockFilter(f, nowNanos), ctx, key);
  };
  const transactions = (args: { filter: Where }, ctx: QueryContext, key: string) => {
    const f = args.filter;
    if (typeof f.hash === "string") {
      const tx = chain.findTransaction(f.hash);
      return visibleTx(tx) ? [tx] : notFound(ctx, key);
    }
    const scan = deprecatedTransactionScan(
      f.from_block_height,
      f.to_block_height,
      f.from_index,
      f.to_index,
    );
    return collectTransactions(scan, "ASC", deprecatedTransactionFilter(f), ctx, key);
  };

  type Resolver = (args: never, ctx: QueryContext, key: string) => unknown;
  const resolvers: Record<string, Resolver> = {
    latestBlockHeight: () => view.head(),
    getBlocks,
    getTransactions,
    blocks,
    transactions,
  };
  const rootValue = Object.fromEntries(
    Object.entries(resolvers).map(([name, resolver]) => [
      name,
      (args: never, ctx: QueryContext, info: GraphQLResolveInfo) =>
        resolver(args, ctx, String(info.path.key)),
    ]),
  );

  const resolve = (field: RootField, args: unknown, ctx: QueryContext): unknown =>
    resolvers[field.node.name.value](args as never, ctx, field.responseKey);

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
   * field or filter. Same scan, filter, order and cap as the resolvers above.
   */
  const cachedRangeJson = (
    field: RootField,
    args: { where?: Where; order?: Record<string, Order> | null },
    ctx: QueryContext,
  ): string | null => {
    const name = field.node.name.value;
    const key = name === "getBlocks" ? "height" : name === "getTransactions" ? "block_height" : "";
    const project = field.projectItem;
    if (cacheLimit === 0 || key === "" || !project || !args.where) return null;
    const filters = Object.keys(args.where);
    if (filters.length !== 1 || filters[0] !== key) return null;
    const range = args.where[key] as { gt?: Int64 | null; lt?: Int64 | null } | null;
    if (range === null || Object.keys(range).some((k) => k !== "gt" && k !== "lt")) return null;
    const order = (args.order ? Object.values(args.order)[0] : null) ?? "ASC";
    const scan = key === "height" ? blockScan(args.where) : transactionScan(args.where);
    let text = "[";
    let count = 0;
    for (const h of heights(plainRange(range, scan), order)) {
      const items = heightItems(field, project, h);
      for (let k = 0; k < items.length; k++) {
        if (count > 0) text += ",";
        text += items[order === "DESC" ? items.length - 1 - k : k];
        if (++count === MAX_ELEMENTS_PER_QUERY) {
          capReached(ctx, field.responseKey);
          return text + "]";
        }
      }
    }
    return count > 0 ? text + "]" : "null";
  };

  const fieldJson = (field: RootField, args: unknown, ctx: QueryContext): string => {
    const cached = cachedRangeJson(field, args as Parameters<typeof cachedRangeJson>[1], ctx);
    return cached ?? JSON.stringify(field.project(resolve(field, args, ctx)));
  };

  /**
   * gqlgen's steps before executing: a query, a document that parses and validates, an
   * operation, variables that fit. Returns what run() and runText() share, or the rejection.
   */
  const begin = (
    request: GraphQLRequest,
  ):
    | { failed: GraphQLResponse }
    | {
      document: DocumentNode;
      operation: OperationDefinitionNode;
      variables: Record<string, unknown>;
      plan: OperationPlan | null;
    } => {
    const rejected = (r: Rejection) => ({
      failed: { status: r.status, body: { errors: r.errors, data: null } },
    });
    if (typeof request.query !== "string" || request.query === "") {
      return rejected(rejection(422, "no operation provided", VALIDATION_FAILED));
    }
    const prepared = prepareDocument(request.query);
    if (!("document" in prepared)) return rejected(prepared.rejection);
    const operationName = typeof request.operationName === "string" ? request.operationName : "";
    let operations = selected.get(prepared.document);
    if (!operations) selected.set(prepared.document, operations = new Map());
    let operation = operations.get(operationName);
    if (!operation) {
      operations.set(operationName, operation = selectOperation(prepared.document, operationName));
    }
    if (!("kind" in operation)) return rejected(operation);
    const checked = checkVariables(
      schema,
      operation,
      request.variables as Record<string, unknown> | null | undefined,
    );
    if (!("values" in checked)) return rejected(checked);
    const coerced = getVariableValues(
      schema,
      operation.variableDefinitions ?? [],
      checked.values,
    );
    if (coerced.errors) {
      return rejected({ status: 422, errors: coerced.errors.map(variableCoercionError) });
    }
    let plan: OperationPlan | null = null;
    if (fastPath) {
      const planKey = `${request.query}\u0000${operationName}`;
      const known = plans.get(planKey);
      if (known === undefined) {
        plan = planOperation(schema, prepared.document, operation.name?.value ?? null);
        if (plans.size >= 200) plans.delete(plans.keys().next().value!);
        plans.set(planKey, plan);
      } else {
        plan = known;
      }
    }
    return { document: prepared.document, operation, variables: coerced.coerced, plan };
  };

  const resetCacheOnChainReset = () => {
    if (chain.salt() !== cacheSalt) {
      cacheSalt = chain.salt();
      heightCaches = new WeakMap();
      cachedCount = 0;
    }
  };

  const runText = (request: GraphQLRequest): { status: number; text: string } => {
    const started = begin(request);
    if ("failed" in started) {
      return { status: started.failed.status, text: JSON.stringify(started.failed.body) };
    }
    if (started.plan) {
      resetCacheOnChainReset();
      const context: QueryContext = { errors: [] };
      const data = runPlan(started.plan, started.variables, context, fieldJson);
      // The same bytes JSON.stringify would write for { errors?, data }.
      let text = "{";
      for (const [key, json] of Object.entries(data)) {
        if (text.length > 1) text += ",";
        text += `${JSON.stringify(key)}:${json ?? "null"}`;
      }
      text += "}";
      const errors = context.errors.length > 0 ? `"errors":${JSON.stringify(context.errors)},` : "";
      return { status: 200, text: `{${errors}"data":${text}}` };
    }
    const result = run(request);
    return { status: result.status, text: JSON.stringify(result.body) };
  };

  const run = (request: GraphQLRequest): GraphQLResponse => {
    const started = begin(request);
    if ("failed" in started) return started.failed;
    const { document, operation, variables, plan } = started;
    const context: QueryContext = { errors: [] };
    if (plan) {
      const data = runPlan(
        plan,
        variables,
        context,
        (field, args, ctx) => field.project(resolve(field, args, ctx)),
      );
      const errors = context.errors;
      return { status: 200, body: errors.length > 0 ? { errors, data } : { data } };
    }
    const result = execute({
      schema,
      document,
      rootValue,
      contextValue: context,
      variableValues: variables,
      operationName: operation.name?.value,
    }) as ExecutionResult;
    const errors: GqlgenError[] = [
      ...context.errors,
      ...(result.errors ?? []).map((e) => ({ message: e.message, path: e.path?.slice() })),
    ];
    const data = result.data ?? null;
    return { status: 200, body: errors.length > 0 ? { errors, data } : { data } };
  };

  /**
   * Runs a compiled plan; `render` turns each root field's resolved value into what `data` holds
   * (the projected value, or its JSON text when answering as text).
   */
  const runPlan = <T>(
    plan: OperationPlan,
    variables: Record<string, unknown>,
    context: QueryContext,
    render: (field: RootField, args: unknown, context: QueryContext) => T,
  ): Record<string, T | null> => {
    const data: Record<string, T | null> = {};
    for (const field of plan.rootFields) {
      try {
        const args = getArgumentValues(field.definition, field.node, variables);
        data[field.responseKey] = render(field, args, context);
      } catch (error) {
        data[field.responseKey] = null;
        context.errors.push({ message: (error as Error).message, path: [field.responseKey] });
      }
    }
    return data;
  };

  return { run, runText, prepare, rootValue };
}
