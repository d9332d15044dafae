/**
 * Scenario 8: the API under bad requests (every one answers 400 with a JSON error body, no 5xx)
 * and under a burst of load (no failure), against a database the pipeline filled.
 */
import assert from "node:assert/strict";
import { bySize } from "./size.ts";
import { startChaos, until } from "./harness.ts";
import { runScenario } from "./report.ts";
import { badRequests } from "./bad_requests.ts";

const size = bySize({
  ci: { events: 2_000, burst: 600, concurrency: 30 },
  full: { events: 20_000, burst: 5_000, concurrency: 100 },
});

/** Sends a raw request line so that odd bytes reach the server exactly as written. */
async function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;
    await conn.write(new TextEncoder().encode(request));
    const chunks: Uint8Array[] = [];
    const buffer = new Uint8Array(64 * 1024);
    for (;;) {
      const n = await conn.read(buffer);
      if (n === null) break;
      chunks.push(buffer.slice(0, n));
    }
    const text = new TextDecoder().decode(
      chunks.reduce((all, c) => new Uint8Array([...all, ...c]), new Uint8Array()),
    );
    const status = Number(text.slice(9, 12));
    const head = text.indexOf("\r\n\r\n");
    let body = text.slice(head + 4);
    if (/transfer-encoding: chunked/i.test(text.slice(0, head))) body = unchunk(body);
    return { status, body };
  } finally {
    try {
      conn.close();
    } catch {
      // closed by the server
    }
  }
}

function unchunk(body: string): string {
  let out = "";
  let rest = body;
  for (;;) {
    const line = rest.indexOf("\r\n");
    const length = parseInt(rest.slice(0, line), 16);
    if (!length) return out;
    out += rest.slice(line + 2, line + 2 + length);
    rest = rest.slice(line + 2 + length + 2);
  }
}

Deno.test({
  name: "the API answers every bad request with a 400 JSON error and survives a burst of load",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    runScenario("8 API bad requests and load", async () => {
      const chaos = await startChaos({ devnet: { seed: "api", events: size.events } });
      try {
        chaos.start("sync");
        chaos.start("processor");
        const api = chaos.start("api", { env: { API_DEFAULT_LIMIT: "10" } });
        await chaos.waitConsistent();
        const base = chaos.apiUrl();
        const port = Number(new URL(base).port);
        await until(async () => {
          try {
            return (await fetch(`${base}/health`)).ok;
          } catch {
            return false;
          }
        }, "the API up");
        const cursorOf = async (path: string) => {
          const body = await (await fetch(`${base}${path}`)).json();
          assert.ok(body.nextCursor, `${path} gives a cursor`);
          return body.nextCursor as string;
        };
        const requests = badRequests({
          balances: await cursorOf("/tokens/balances?limit=2"),
          history: await cursorOf("/tokens/transfer-history?limit=2"),
        });
        assert.ok(requests.length >= 200, `${requests.length} bad requests`);
        const wrong: string[] = [];
        for (const request of requests) {
          const { status, body } = await rawGet(port, request.path);
          let json: { error?: { code?: string } } | undefined;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          if (status !== 400 || !json?.error?.code) {
            wrong.push(`${request.label}: ${status} ${body.slice(0, 120)}`);
          }
        }
        assert.equal(
          wrong.length,
          0,
          `${wrong.length} requests not answered 400 JSON:\n` +
            wrong.slice(0, 40).join("\n"),
        );

        // Past the HTTP server's URI limit the request never reaches the API: Deno's server
        // answers 414 itself. Refused, and never a 5xx.
        const huge = await rawGet(port, `/tokens/balances?cursor=${"a".repeat(100_000)}`);
        assert.ok(huge.status === 400 || huge.status === 414, `a 100 KB URI got ${huge.status}`);

        // A burst of valid requests over every endpoint, many at once.
        const accounts = chaos.devnet.accounts;
        const paths = [
          (i: number) => `/tokens/balances?address=${accounts[i % accounts.length]}`,
          (i: number) =>
            `/tokens/transfer-history?address=${accounts[i % accounts.length]}&limit=50`,
          () => `/tokens/balances?limit=100`,
          () => `/tokens/gno.land%2Fr%2Fdemo%2Fwugnot/balances?limit=100`,
          () => `/tokens/transfer-history?limit=100`,
        ];
        const statuses = new Map<number, number>();
        let next = 0;
        let transportRetries = 0;
        const started = performance.now();
        await Promise.all(Array.from({ length: size.concurrency }, async () => {
          while (next < size.burst) {
            const i = next++;
            const url = `${base}${paths[i % paths.length](i)}`;
            // Deno's client may reuse a pooled connection the server just closed; such a
            // transport error is retried once and counted, never taken for an answer.
            const response = await fetch(url).catch(() => {
              transportRetries++;
              return fetch(url);
            });
            await response.arrayBuffer();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          }
        }));
        const seconds = (performance.now() - started) / 1000;
        assert.deepEqual(
          [...statuses.keys()],
          [200],
          `burst statuses ${JSON.stringify([...statuses])}`,
        );
        assert.ok(api.running(), "the API process is alive");
        await chaos.verify();
        return {
          recoverySeconds: null,
          detail: `${requests.length} bad requests all 400 JSON, 0 5xx (a 100 KB URI: ` +
            `${huge.status} from the HTTP server); burst of ${size.burst} ` +
            `requests at ${size.concurrency} concurrent: all 200 (${
              Math.round(size.burst / seconds)
            } req/s, ${transportRetries} client connection retries)`,
        };
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await chaos.logs(5)}`);
      } finally {
        await chaos.close();
      }
    }),
});
