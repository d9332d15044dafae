import {
  type DocumentNode,
  execute,
  type FieldNode,
  getArgumentValues,
  getVariableValues,
  type GraphQLError,
  type GraphQLInputObjectType,
  type OperationDefinitionNode,
} from "graphql";
import { compileFilter, type Predicate } from "./filter.ts";
import type { QueryExecutor } from "./query_executor.ts";
import { txIndexerSchema } from "./schema.ts";
import type { GeneratedBlock } from "./types.ts";

/**
 * GraphQL subscriptions over websockets, both `graphql-transport-ws` and the legacy
 * `graphql-ws` (subscriptions-transport-ws) subprotocols. Only blocks published after a
 * subscription starts are delivered, like tx-indexer.
 */
export interface SubscriptionHub {
  accept(request: Request): Response;
  publish(generated: GeneratedBlock): void;
  /** Closes every open websocket abruptly; returns how many were open. */
  dropAll(): number;
  /** Active subscriptions across all connections. */
  count(): number;
}

type Protocol = "graphql-transport-ws" | "graphql-ws";

interface Subscription {
  field: "getBlocks" | "getTransactions" | "other";
  matches: Predicate;
  document: DocumentNode;
  variables: Record<string, unknown>;
  operationName: string | null;
}

interface Connection {
  socket: WebSocket;
  protocol: Protocol;
  subscriptions: Map<string, Subscription>;
}

export function createSubscriptionHub(executor: QueryExecutor): SubscriptionHub {
  const schema = txIndexerSchema();
  const connections = new Set<Connection>();

  const send = (c: Connection, message: unknown) => {
    if (c.socket.readyState === WebSocket.OPEN) c.socket.send(JSON.stringify(message));
  };
  const dataType = (c: Connection) => (c.protocol === "graphql-ws" ? "data" : "next");
  const errorPayload = (c: Connection, errors: readonly GraphQLError[]) =>
    c.protocol === "graphql-ws" ? { message: errors[0]?.message } : errors.map((e) => e.toJSON());

  const start = (c: Connection, id: string, payload: Record<string, unknown>) => {
    const prepared = executor.prepare(String(payload?.query ?? ""));
    if (!("kind" in prepared)) {
      send(c, { type: "error", id, payload: errorPayload(c, prepared) });
      return;
    }
    const operationName = typeof payload.operationName === "string" ? payload.operationName : null;
    const operation = prepared.definitions.find((d): d is OperationDefinitionNode =>
      d.kind === "OperationDefinition" &&
      (operationName === null || d.name?.value === operationName)
    );
    if (!operation) {
      send(c, { type: "error", id, payload: errorPayload(c, []) });
      return;
    }
    const coerced = getVariableValues(
      schema,
      operation.variableDefinitions ?? [],
      (payload.variables ?? {}) as Record<string, unknown>,
    );
    if (coerced.errors) {
      send(c, { type: "error", id, payload: errorPayload(c, coerced.errors) });
      return;
    }
    const variables = coerced.coerced;
    if (operation.operation !== "subscription") {
      const result = executor.run({ query: payload.query, variables, operationName });
      send(c, { type: dataType(c), id, payload: result.body });
      send(c, { type: "complete", id });
      return;
    }
    const fieldNode = operation.selectionSet.selections[0] as FieldNode;
    const fieldName = fieldNode.name.value;
    const fieldDef = schema.getSubscriptionType()!.getFields()[fieldName];
    const args = getArgumentValues(fieldDef, fieldNode, variables);
    const filterTypeName = fieldName === "getBlocks" ? "FilterBlock" : "FilterTransaction";
    const field = fieldName === "getBlocks" || fieldName === "getTransactions"
      ? fieldName
      : "other";
    c.subscriptions.set(id, {
      field,
      matches: field === "other" ? () => false : compileFilter(
        schema,
        schema.getType(filterTypeName) as GraphQLInputObjectType,
        args.where as Record<string, unknown>,
      ),
      document: prepared,
      variables,
      operationName,
    });
  };

  const deliver = (c: Connection, id: string, s: Subscription, fieldValue: unknown) => {
    const result = execute({
      schema,
      document: s.document,
      rootValue: { [s.field]: fieldValue },
      variableValues: s.variables,
      operationName: s.operationName,
    }) as { data?: unknown; errors?: readonly GraphQLError[] };
    const body = result.errors
      ? { errors: result.errors.map((e) => e.toJSON()), data: result.data }
      : { data: result.data };
    send(c, { type: dataType(c), id, payload: body });
  };

  const onMessage = (c: Connection, raw: string) => {
    let message: { type?: string; id?: string; payload?: Record<string, unknown> };
    try {
      message = JSON.parse(raw);
    } catch {
      c.socket.close(4400, "Invalid message received");
      return;
    }
    const id = String(message.id ?? "");
    switch (message.type) {
      case "connection_init":
        send(c, { type: "connection_ack" });
        if (c.protocol === "graphql-ws") send(c, { type: "ka" });
        return;
      case "ping":
        send(c, { type: "pong" });
        return;
      case "pong":
        return;
      case "subscribe":
      case "start":
        start(c, id, message.payload ?? {});
        return;
      case "complete":
      case "stop":
        c.subscriptions.delete(id);
        if (message.type === "stop") send(c, { type: "complete", id });
        return;
      case "connection_terminate":
        c.socket.close(1000, "Terminated");
        return;
      default:
        c.socket.close(4400, `Unexpected message type ${message.type}`);
    }
  };

  return {
    accept(request) {
      const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",")
        .map((p) => p.trim());
      const protocol: Protocol = offered.includes("graphql-transport-ws")
        ? "graphql-transport-ws"
        : "graphql-ws";
      const { socket, response } = Deno.upgradeWebSocket(
        request,
        offered.includes(protocol) ? { protocol } : {},
      );
      const connection: Connection = { socket, protocol, subscriptions: new Map() };
      connections.add(connection);
      socket.onmessage = (event) => onMessage(connection, String(event.data));
      socket.onclose = () => connections.delete(connection);
      socket.onerror = () => connections.delete(connection);
      return response;
    },
    publish(generated) {
      for (const c of connections) {
        for (const [id, s] of c.subscriptions) {
          if (s.field === "getBlocks") {
            if (s.matches(generated.block)) deliver(c, id, s, generated.block);
          } else if (s.field === "getTransactions") {
            for (const tx of generated.transactions) if (s.matches(tx)) deliver(c, id, s, tx);
          }
        }
      }
    },
    dropAll() {
      const count = connections.size;
      for (const c of connections) {
        try {
          c.socket.close(1011, "Dropped by devnet fault");
        } catch {
          // Already closing.
        }
      }
      connections.clear();
      return count;
    },
    count: () => [...connections].reduce((sum, c) => sum + c.subscriptions.size, 0),
  };
}
