/** Small helpers for tests that talk to a devnet over HTTP and websockets. */

export interface QueryResult<T = Record<string, unknown>> {
  status: number;
  text: string;
  body: { data?: T | null; errors?: { message: string; path?: string[] }[] };
}

export async function postQuery<T = Record<string, unknown>>(
  graphqlUrl: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<QueryResult<T>> {
  const response = await fetch(graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: QueryResult<T>["body"] = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = {};
  }
  return { status: response.status, text, body };
}

/** A websocket client that queues every message it receives. */
export interface SocketClient {
  socket: WebSocket;
  next(): Promise<Record<string, unknown>>;
  send(message: unknown): void;
  closed: Promise<CloseEvent>;
  close(): Promise<void>;
}

export async function openSocket(url: string, protocol: string): Promise<SocketClient> {
  const socket = new WebSocket(url, protocol);
  const queue: Record<string, unknown>[] = [];
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data));
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  };
  const closed = new Promise<CloseEvent>((resolve) => socket.addEventListener("close", resolve));
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  return {
    socket,
    next: () =>
      queue.length > 0
        ? Promise.resolve(queue.shift()!)
        : new Promise((resolve) => waiters.push(resolve)),
    send: (message) => socket.send(JSON.stringify(message)),
    closed,
    async close() {
      if (socket.readyState !== WebSocket.CLOSED) socket.close();
      await closed;
    },
  };
}

/** Resolves once `condition` holds, polling; for waiting on asynchronous devnet state. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("Condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
