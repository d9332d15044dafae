/** The synchronizer's named failures. */
import { FatalError, RetryableError } from "../shared/retry.ts";
import type { WindowProblem } from "./validate.ts";

/** A stored block's hash differs upstream: the chain was re-genesised (docs/architecture.md, "Sync order"). */
export class ChainResetError extends FatalError {
  override name = "ChainResetError";
  constructor(readonly height: number, readonly storedHash: string, readonly upstreamHash: string) {
    super(
      `Chain reset detected: stored block ${height} has hash ${storedHash} but the upstream now ` +
        `serves ${upstreamHash || "an empty hash"}; the synchronizer stops rather than mix two ` +
        `chains (point it at a fresh database to index the new chain)`,
    );
  }
}

/** A fetched window that is incomplete or inconsistent: re-fetched until it heals. */
export class WindowProblemError extends RetryableError {
  override name = "WindowProblemError";
  constructor(readonly problem: WindowProblem) {
    super(`Upstream window is not usable yet: ${problem.detail}`);
  }
}
