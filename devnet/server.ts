import type { Faults, FaultState } from "./faults.ts";
import { type DecodedBody, decodeRequestBody } from "./go_json.ts";
import type { GraphQLRequest, QueryExecutor } from "./query_executor.ts";
import type { SubscriptionHub } from "./subscriptions.ts";

/** Operations a test harness can drive over HTTP when the devnet runs as a child process. */
export interface DevnetControl {
  head(): number;
  advance(count: number): number;
  reset(salt?: string): string;
  setFaults(changes: Partial<Faults>): Faults;
  faults(): Faults;
  dropWebsockets(): number;
  balancesAt(height?: number): Map<string, bigint>;
  visibleAt(height: number): number | undefined;
}

export interface ServerDependencies {
  executor: QueryExecutor;
  hub: SubscriptionHub;
  faults: FaultState;
  control: DevnetControl;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

/** gqlgen's `{"errors":[{"message"}],"data":null}` for a request it cannot take. */
const gqlgenError = (message: string, status: number) =>
  json({ errors: [{ message }], data: null }, status);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createServerHandler(deps: ServerDependencies) {
  const { executor, hub, faults, control } = deps;

  const graphql = async (request: Request): Promise<Response> => {
    const latency = faults.current().latencyMs;
    if (latency > 0) await sleep(latency);
    const failure = faults.drawFailure();
    if (failure === 500) return new Response("internal server error", { status: 500 });
    if (failure === 429) {
      return new Response("rate limit exceeded", { status: 429, headers: { "retry-after": "1" } });
    }
    let body: GraphQLRequest;
    const mediaType = (request.headers.get("content-type") ?? "").split(";")[0].trim()
      .toLowerCase();
    if (request.method === "GET") {
      const params = new URL(request.url).searchParams;
      const variables = params.get("variables");
      let decoded: DecodedBody | null = null;
      if (variables) {
        decoded = decodeRequestBody(new TextEncoder().encode(`{"variables":${variables}}`));
        if (decoded.kind !== "params") return gqlgenError("variables could not be decoded", 400);
      }
      body = {
        query: params.get("query") ?? "",
        operationName: params.get("operationName") ?? "",
        variables: decoded?.kind === "params" ? decoded.params.variables : undefined,
      };
    } else if (request.method === "POST" && mediaType === "application/json") {
      // gqlgen's POST transport: Go's encoding/json into graphql.RawParams.
      const bytes = new Uint8Array(await request.arrayBuffer());
      const decoded = decodeRequestBody(bytes);
      if (decoded.kind === "error") {
        const text = new TextDecoder().decode(bytes);
        return gqlgenError(
          `json request body could not be decoded: ${decoded.message} body:${text}`,
          400,
        );
      }
      // A `null` body leaves gqlgen a nil *RawParams; its recover answers this.
      if (decoded.kind === "null") return gqlgenError("internal system error", 422);
      body = decoded.params;
    } else if (request.method === "OPTIONS") {
      return new Response(null, { status: 200, headers: { allow: "OPTIONS, GET, POST" } });
    } else {
      return gqlgenError("transport not supported", 400);
    }
    const result = executor.runText(body);
    return new Response(result.text, {
      status: result.status,
      headers: { "content-type": "application/json" },
    });
  };

  const controlRoute = async (request: Request, path: string): Promise<Response> => {
    const url = new URL(request.url);
    const input = request.method === "POST" ? await request.json().catch(() => ({})) : {};
    switch (path) {
      case "/_devnet/head":
        return json({ head: control.head() });
      case "/_devnet/advance":
        return json({ head: control.advance(Number(input.count ?? 1)) });
      case "/_devnet/reset":
        return json({ salt: control.reset(input.salt) });
      case "/_devnet/faults":
        try {
          return json(request.method === "POST" ? control.setFaults(input) : control.faults());
        } catch (error) {
          return json({ error: (error as Error).message }, 400);
        }
      case "/_devnet/drop-websockets":
        return json({ dropped: control.dropWebsockets() });
      case "/_devnet/balances": {
        const height = url.searchParams.get("height");
        const balances = control.balancesAt(height === null ? undefined : Number(height));
        return json({
          balances: [...balances].map(([key, amount]) => {
            const [tokenId, address] = key.split("\u0000");
            // tokenPath: the tokenId's last path segment cut at its first "." (docs/architecture.md, "Token identity").
            const tokenPath = tokenId.replace(/\.[^/]*$/, "");
            return { tokenId, tokenPath, address, amount: amount.toString() };
          }),
        });
      }
      case "/_devnet/visible-at": {
        return json({
          visibleAt: control.visibleAt(Number(url.searchParams.get("height"))) ?? null,
        });
      }
      default:
        return json({ error: "unknown devnet route" }, 404);
    }
  };

  return async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === "/health") return json({ status: "ok" });
    if (path === "/graphql/query") {
      if (request.headers.get("upgrade")?.toLowerCase() === "websocket") return hub.accept(request);
      return await graphql(request);
    }
    if (path.startsWith("/_devnet/")) {
      try {
        return await controlRoute(request, path);
      } catch (error) {
        return json({ error: (error as Error).message }, 400);
      }
    }
    return json({ error: "not found" }, 404);
  };
}
