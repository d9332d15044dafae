/**
 * Deno.serve for a port a setting names: a port that is taken stops the service with one line
 * naming the address and the variable, as a bad setting does (exit 2), instead of an AddrInUse
 * stack trace.
 */

export class PortInUseError extends Error {
  override name = "PortInUseError";
}

export function listen(
  options: { hostname: string; port: number; signal: AbortSignal; variable: string },
  handler: (request: Request) => Response | Promise<Response>,
  onListen: (address: Deno.NetAddr) => void = () => {},
): Deno.HttpServer<Deno.NetAddr> {
  try {
    return Deno.serve({
      hostname: options.hostname,
      port: options.port,
      signal: options.signal,
      onListen,
    }, handler);
  } catch (error) {
    if (!(error instanceof Deno.errors.AddrInUse)) throw error;
    throw new PortInUseError(
      `Cannot listen on ${options.hostname}:${options.port}: the port is in use; set ` +
        `${options.variable} to a free port (0 picks any)`,
    );
  }
}

/** Listens, or stops the process with the one line of a PortInUseError. */
export function listenOrExit(...args: Parameters<typeof listen>): Deno.HttpServer<Deno.NetAddr> {
  try {
    return listen(...args);
  } catch (error) {
    if (error instanceof PortInUseError) {
      console.error(error.message);
      Deno.exit(2);
    }
    throw error;
  }
}
