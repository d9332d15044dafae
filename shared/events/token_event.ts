/** Where a token event stands: its identity (docs/architecture.md, "Event identity"). */
export interface EventPosition {
  /** With `eventIndex`, the event's identity. */
  txHash: string;
  blockHeight: number;
  txIndex: number;
  /** Index in `response.events`, counting every event, token or not. */
  eventIndex: number;
}

/** A GRC20 balance movement parsed from one upstream `Transfer` event. */
export interface TokenEvent extends EventPosition {
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
