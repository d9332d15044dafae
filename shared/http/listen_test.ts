import assert from "node:assert/strict";
import { listen, PortInUseError } from "./listen.ts";

Deno.test("a port in use is refused with one line naming it and its variable", async () => {
  const controller = new AbortController();
  const first = listen(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, variable: "API_PORT" },
    () => new Response("ok"),
  );
  try {
    const port = first.addr.port;
    assert.throws(
      () =>
        listen(
          { hostname: "127.0.0.1", port, signal: controller.signal, variable: "API_PORT" },
          () => new Response("again"),
        ),
      (error: unknown) => {
        assert.ok(error instanceof PortInUseError);
        assert.equal(
          error.message,
          `Cannot listen on 127.0.0.1:${port}: the port is in use; set API_PORT to a free port ` +
            `(0 picks any)`,
        );
        return true;
      },
    );
  } finally {
    controller.abort();
    await first.finished;
  }
});
