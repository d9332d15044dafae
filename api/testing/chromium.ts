/**
 * Headless Chromium driven over the DevTools protocol (a websocket; no npm package), for tests
 * that must see a page as a browser renders it. Uses Debian's `chromium` (`.ci/run` installs it).
 */

export const CHROMIUM_PATH = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

/** Whether Chromium is installed; when it is not, warns that `what` is skipped and why. */
export function chromiumAvailable(what: string): boolean {
  let available = false;
  try {
    available = Deno.statSync(CHROMIUM_PATH).isFile;
  } catch {
    // Not installed.
  }
  if (!available) {
    console.warn(
      `Skipping ${what}: Chromium is not installed at ${CHROMIUM_PATH} ` +
        "(apt-get install chromium, or set CHROMIUM_PATH)",
    );
  }
  return available;
}

export interface BrowserPage {
  navigate(url: string): Promise<void>;
  /** Evaluates `expression` in the page and returns its (JSON) value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls `expression` until it is truthy; throws with `what` after `timeoutMs`. */
  waitFor(expression: string, what: string, timeoutMs?: number): Promise<void>;
  screenshot(): Promise<Uint8Array>;
}

export interface Browser {
  newPage(size?: { width: number; height: number }): Promise<BrowserPage>;
  [Symbol.asyncDispose](): Promise<void>;
}

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--remote-debugging-port=0",
];

export async function launchChromium(): Promise<Browser> {
  const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
  const process = new Deno.Command(CHROMIUM_PATH, {
    args: [...FLAGS, `--user-data-dir=${profile}`, "about:blank"],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let stderr: Awaited<ReturnType<typeof devToolsEndpoint>> | undefined;
  const cleanUp = async () => {
    try {
      process.kill("SIGKILL");
    } catch { /* already gone */ }
    await process.status;
    await stderr?.stop();
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  };

  let socket: WebSocket;
  try {
    stderr = await devToolsEndpoint(process.stderr);
    const endpoint = stderr.url;
    socket = new WebSocket(endpoint);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error(`Cannot connect to Chromium at ${endpoint}`));
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }

  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    const waiter = pending.get(message.id);
    if (!waiter) return; // an event; nothing here listens to events
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`DevTools: ${message.error.message}`));
    else waiter.resolve(message.result);
  };
  // deno-lint-ignore no-explicit-any
  const send = (method: string, params: unknown = {}, sessionId?: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });

  return {
    async newPage(size = { width: 1280, height: 900 }) {
      const { targetId } = await send("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
      const call = (method: string, params?: unknown) => send(method, params, sessionId);
      await call("Page.enable");
      await call("Emulation.setDeviceMetricsOverride", {
        ...size,
        deviceScaleFactor: 1,
        mobile: false,
      });
      const evaluate = async <T>(expression: string): Promise<T> => {
        const { result, exceptionDetails } = await call("Runtime.evaluate", {
          expression,
          returnByValue: true,
          awaitPromise: true,
        });
        if (exceptionDetails) throw new Error(`Page script failed: ${exceptionDetails.text}`);
        return result.value as T;
      };
      return {
        async navigate(url) {
          const { errorText } = await call("Page.navigate", { url });
          if (errorText) throw new Error(`Navigation to ${url} failed: ${errorText}`);
        },
        evaluate,
        async waitFor(expression, what, timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs;
          // Errors count as "not yet": the document may still be replaced while loading.
          const holds = () => evaluate<boolean>(`Boolean(${expression})`).catch(() => false);
          while (!(await holds())) {
            if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        },
        async screenshot() {
          const { data } = await call("Page.captureScreenshot", { format: "png" });
          return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        },
      };
    },
    async [Symbol.asyncDispose]() {
      await send("Browser.close").catch(() => {});
      socket.close();
      for (const waiter of pending.values()) waiter.reject(new Error("Browser closed"));
      await cleanUp();
    },
  };
}

/**
 * Reads Chromium's stderr until it prints its DevTools websocket URL, then drains the rest, so
 * Chromium never blocks on a full pipe. `stop` ends the draining: Chromium's helper processes
 * keep the pipe open a moment after the browser dies, and a read left pending would outlive the
 * test.
 */
async function devToolsEndpoint(
  stderr: ReadableStream<Uint8Array>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const reader = stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const deadline = setTimeout(() => reader.cancel(), 20_000);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
      const match = seen.match(/DevTools listening on (ws:\/\/\S+)/);
      if (match) {
        const draining = (async () => {
          while (!(await reader.read().catch(() => ({ done: true }))).done) { /* discard */ }
        })();
        return {
          url: match[1],
          async stop() {
            await reader.cancel().catch(() => {});
            await draining;
          },
        };
      }
    }
  } finally {
    clearTimeout(deadline);
  }
  throw new Error(`Chromium did not start: ${seen.trim().slice(-500)}`);
}
