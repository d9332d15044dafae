/** A GRC20 balance movement parsed from one upstream `Transfer` event (SPEC §3). */
export interface TokenEvent {
  /** With `eventIndex`, the event's identity (ARCHITECTURE invariant 1). */
  txHash: string;
  blockHeight: number;
  txIndex: number;
  /** Index in `response.events`, counting every event, token or not. */
  eventIndex: number;
  /**
   * The token's identity: its `token` attr exactly as emitted (`gno.land/r/demo/defi/
   * grc20factory.TST.0000001`), or the realm path for events without one.
   */
  tokenId: string;
  /** The token's realm path, e.g. `gno.land/r/gnoswap/v1/gns`: a grouping, never a key. */
  tokenPath: string;
  /** "" for a mint. */
  from: string;
  /** "" for a burn. */
  to: string;
  amount: bigint;
  kind: TokenEventKind;
}

export type TokenEventKind = "mint" | "burn" | "transfer";
