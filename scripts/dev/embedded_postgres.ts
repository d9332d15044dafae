/**
 * PostgreSQL for `deno task dev` without a server installed: PGlite (PostgreSQL compiled to
 * WebAssembly, in memory) behind pglite-socket's wire-protocol handler, so the services connect
 * with the same `postgres` driver and the same SQL as in production. Connections share PGlite's
 * single session through the session scheduler; PGlite's session semantics follow from that
 * (one backend pid, session settings and advisory locks shared by every connection).
 */
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from "@electric-sql/pglite-socket";
import { createServer, type Socket } from "node:net";
import { createSessionScheduler } from "./session_scheduler.ts";

export interface EmbeddedPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  close(): Promise<void>;
}

export async function startEmbeddedPostgres(
  options: { port?: number; host?: string } = {},
): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  const db = await PGlite.create();
  const scheduler = createSessionScheduler(db);
  const handlers = new Set<PGLiteSocketHandler>();

  const sockets = new Set<Socket>();
  const server = createServer((socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    const handler = new PGLiteSocketHandler({
      // pglite-socket types its queue as its own class; the scheduler has the same methods.
      queryQueue: scheduler as unknown as PGLiteSocketHandlerOptions["queryQueue"],
      closeOnDetach: true,
    });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      if (address === null || typeof address !== "object") {
        reject(new Error("Embedded PostgreSQL did not get a TCP port"));
      } else resolve(address.port);
    });
  });

  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    async close() {
      for (const handler of handlers) await handler.detach(true).catch(() => {});
      handlers.clear();
      for (const socket of sockets) socket.destroy();
      // Not awaited: under Deno, close's callback may never come once no handle is left.
      server.close();
      await db.close();
    },
  };
}
