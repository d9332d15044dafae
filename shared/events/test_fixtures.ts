/**
 * Realistic upstream transactions for the parser's tests and benchmark: valid `g` addresses
 * derived from a seed, real-looking realm paths, attrs in the order the grc20 library emits them.
 */
import { encodeAddress } from "./address.ts";
import type { GnoEvent, UpstreamEvent, UpstreamTransaction } from "./transaction.ts";

/** test1, the well-known gnokey test account (checksum verified by the address tests). */
export const TEST1 = "g1jg8mtutu9khhfwc4nxmuhcpftf0pajdhfvsqf5";

/** A deterministic valid address per seed. */
export function address(seed: number): string {
  const payload = new Uint8Array(20);
  let state = (seed * 2654435761 + 1) >>> 0;
  for (let i = 0; i < payload.length; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    payload[i] = state >>> 24;
  }
  return encodeAddress(payload);
}

export const ALICE = address(1);
export const BOB = address(2);

export const GRC20_GEN3 = "gno.land/p/demo/tokens/grc20";
export const GRC20_GEN2 = "gno.land/p/demo/grc/grc20";
export const LIBRARY_PATHS = [GRC20_GEN2, GRC20_GEN3] as const;

export function attrs(...pairs: [string, string][]): GnoEvent["attrs"] {
  return pairs.map(([key, value]) => ({ key, value }));
}

export function gnoEvent(
  pkgPath: string,
  pairs: [string, string][] | null,
  type = "Transfer",
): GnoEvent {
  return {
    __typename: "GnoEvent",
    type,
    pkg_path: pkgPath,
    attrs: pairs === null ? null : attrs(...pairs),
  };
}

/** A 2025-07+ event: emitted by the library, token id in a `token` attr. */
export function gen3Transfer(token: string, from: string, to: string, value: string): GnoEvent {
  return gnoEvent(GRC20_GEN3, [["token", token], ["from", from], ["to", to], ["value", value]]);
}

/** A 2025-04..07 event: emitted by the library, token known only from the MsgCall. */
export function gen2Transfer(from: string, to: string, value: string): GnoEvent {
  return gnoEvent(GRC20_GEN2, [["from", from], ["to", to], ["value", value]]);
}

/** A pre-2025-04 event: emitted by the token realm itself. */
export function gen1Transfer(realm: string, from: string, to: string, value: string): GnoEvent {
  return gnoEvent(realm, [["from", from], ["to", to], ["value", value]]);
}

export const storageDeposit: UpstreamEvent = { __typename: "StorageDepositEvent" };

export function transaction(
  events: (UpstreamEvent | null)[] | null,
  options: { success?: boolean; calls?: string[]; otherMessages?: string[] } = {},
): UpstreamTransaction {
  const calls = options.calls ?? ["gno.land/r/gnoswap/v1/router"];
  return {
    hash: "m8qh2ZBzBUm3eaTVm54r7CxxUWr8a3NQkfLDOx9bMC4=",
    index: 3,
    block_height: 412_807,
    success: options.success ?? true,
    messages: [
      ...calls.map((pkgPath) => ({
        value: {
          __typename: "MsgCall" as const,
          pkg_path: pkgPath,
          func: "Transfer",
          caller: TEST1,
        },
      })),
      ...(options.otherMessages ?? []).map((typename) => ({ value: { __typename: typename } })),
    ],
    response: { events },
  };
}
