import type { Faults, FaultState } from "./faults.ts";
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
    if (request.method === "GET") {
      const params = new URL(request.url).searchParams;
      const variables = params.get("variables");
      body = {
        query: params.get("query") ?? undefined,
        operationName: params.get("operationName") ?? undefined,
        variables: variables ? JSON.parse(variables) : undefined,
      };
    } else if (request.method === "POST") {
      try {
        body = await request.json();
      } catch {
        return json(
          { errors: [{ message: "json request body could not be decoded" }], data: null },
          400,
        );
      }
    } else {
      return new Response("method not allowed", { status: 405 });
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
            const [tokenPath, address] = key.split("\u0000");
            return { tokenPath, address, amount: amount.toString() };
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
