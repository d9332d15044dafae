/**
 * Opens postgres.js connections with TCP_NODELAY. postgres.js never sets it, and with Nagle's
 * algorithm a statement sent as several small writes (COPY's data and CopyDone, pipelined
 * queries) waits for the server's delayed ACK: about 40 ms per write, 88 ms per one-row COPY
 * transaction measured here, against 5 ms with no delay.
 */
import net from "node:net";

/** The part of postgres.js's parsed options a socket needs. */
export interface SocketTarget {
  host: string[];
  port: number[];
  path?: string | false;
  connect_timeout?: number;
}

export function connectNoDelay(target: SocketTarget): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = target.path
      ? net.connect(target.path)
      : net.connect({ host: target.host[0], port: target.port[0] });
    const timeoutMs = (target.connect_timeout ?? 30) * 1000;
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`Connecting to PostgreSQL timed out after ${timeoutMs} ms`));
    });
    // Stays attached: an error between connect and postgres.js's own handler is not uncaught.
    socket.on("error", reject);
    socket.once("connect", () => {
      socket.setTimeout(0);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
