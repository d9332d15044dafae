/**
 * A new-block subscription over the `graphql-transport-ws` protocol, on Deno's WebSocket. It is a
 * wake-up signal only (a subscription can fire before the block is queryable, so the synchronizer
 * re-queries by height); it reconnects by itself with backoff, across the upstream URLs.
 */
import type { Logger } from "../../shared/log.ts";
import { backoffDelay } from "../../shared/retry.ts";
import { sleep } from "../../shared/shutdown.ts";
import { graphqlEndpoint } from "./client.ts";
import { NEW_BLOCKS_SUBSCRIPTION } from "./queries.ts";

export interface NewBlocksOptions {
  urls: readonly string[];
  onBlock: (height: number) => void;
  onConnectionChange?: (connected: boolean) => void;
  logger: Logger;
  signal: AbortSignal;
  /** No connection_ack within this time counts as a failed connection. */
  ackTimeoutMs?: number;
  reconnectMaxMs?: number;
}

export interface NewBlocks {
  connected(): boolean;
  /** Resolves once the subscription loop has stopped (after the signal aborts). */
  closed: Promise<void>;
}

export function websocketUrl(base: string): string {
  return graphqlEndpoint(base).replace(/^http/, "ws");
}

export function subscribeNewBlocks(options: NewBlocksOptions): NewBlocks {
  let connected = false;
  const setConnected = (value: boolean) => {
    if (connected === value) return;
    connected = value;
    options.onConnectionChange?.(value);
  };

  const closed = (async () => {
    let failures = 0;
    let urlIndex = 0;
    while (!options.signal.aborted) {
      const url = websocketUrl(options.urls[urlIndex % options.urls.length]);
      const acknowledged = await runConnection(url, options, setConnected);
      setConnected(false);
      if (options.signal.aborted) break;
      failures = acknowledged ? 0 : failures + 1;
      if (!acknowledged) urlIndex++;
      const delay = 250 +
        backoffDelay(failures, { baseMs: 500, maxMs: options.reconnectMaxMs ?? 10_000 });
      options.logger.debug("new block subscription reconnecting", { url, delayMs: delay });
      await sleep(delay, options.signal);
    }
  })();

  return { connected: () => connected, closed };
}

/** One connection's life; resolves when it closes. True when the server acknowledged it. */
function runConnection(
  url: string,
  options: NewBlocksOptions,
  setConnected: (value: boolean) => void,
): Promise<boolean> {
  return new Promise((resolve) => {
    let acknowledged = false;
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, "graphql-transport-ws");
    } catch (error) {
      options.logger.warn("new block subscription failed to open", { url, error });
      resolve(false);
      return;
    }
    const ackTimer = setTimeout(() => socket.close(), options.ackTimeoutMs ?? 5_000);
    const onAbort = () => socket.close(1000, "shutting down");
    options.signal.addEventListener("abort", onAbort, { once: true });

    socket.onopen = () => socket.send(JSON.stringify({ type: "connection_init", payload: {} }));
    socket.onmessage = (event) => {
      let message: { type?: string; payload?: unknown };
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      switch (message.type) {
        case "connection_ack":
          acknowledged = true;
          clearTimeout(ackTimer);
          setConnected(true);
          socket.send(JSON.stringify({
            id: "new-blocks",
            type: "subscribe",
            payload: { query: NEW_BLOCKS_SUBSCRIPTION },
          }));
          break;
        case "ping":
          socket.send(JSON.stringify({ type: "pong" }));
          break;
        case "next": {
          const height = (message.payload as { data?: { getBlocks?: { height?: unknown } } })
            ?.data?.getBlocks?.height;
          if (typeof height === "number") options.onBlock(height);
          break;
        }
        case "error":
        case "complete":
          options.logger.warn("new block subscription ended by the upstream", {
            url,
            payload: message.payload,
          });
          socket.close();
          break;
      }
    };
    socket.onerror = () => {};
    socket.onclose = () => {
      clearTimeout(ackTimer);
      options.signal.removeEventListener("abort", onAbort);
      resolve(acknowledged);
    };
  });
}
