/**
 * Seeds a test database the way production fills it: blocks and the published window as sync/
 * records them, then the token events through the processor's own apply path (applyMessages).
 */
import { applyMessages } from "../../processor/apply.ts";
import type { Sql } from "../../shared/db/mod.ts";
import { address } from "../../shared/events/test_fixtures.ts";
import { MESSAGE_VERSION, type WireEvent } from "../../shared/message.ts";

export { address };

/** A token of the older generations: its id is its realm path. */
export const WUGNOT = "gno.land/r/demo/wugnot";
/** A token with a `token` attr: its id names its realm, GNS_PATH, and its symbol. */
export const GNS = "gno.land/r/gnoswap/v1/gns.GNS";
export const GNS_PATH = "gno.land/r/gnoswap/v1/gns";

export interface Movement {
  height: number;
  txIndex?: number;
  eventIndex?: number;
  /** The token id (WUGNOT when absent). */
  token?: string;
  /** "" for a mint. */
  from: string;
  /** "" for a burn. */
  to: string;
  amount: string | bigint;
}

export interface Window {
  from: number;
  to: number;
}

export const blockTime = (height: number) => new Date(Date.UTC(2025, 0, 1) + height * 1000);

export const txHashOf = (height: number, txIndex: number) => btoa(`tx-${height}-${txIndex}`);

function wireEvent(movement: Movement): WireEvent {
  const txIndex = movement.txIndex ?? 0;
  return [
    txHashOf(movement.height, txIndex),
    movement.height,
    txIndex,
    movement.eventIndex ?? 0,
    movement.token ?? WUGNOT,
    movement.from,
    movement.to,
    movement.amount.toString(),
  ];
}

/** Stores the window's blocks, records it as published and moves the sync checkpoint to it. */
export async function publishWindow(sql: Sql, window: Window, parts: number): Promise<void> {
  await sql`
    INSERT INTO blocks (height, hash, last_block_hash, time, num_txs)
    SELECT h, 'hash-' || h, 'hash-' || (h - 1), ${blockTime(0)}::timestamptz + h * interval '1s', 0
    FROM generate_series(${window.from}::bigint, ${window.to}::bigint) AS h
    ON CONFLICT DO NOTHING`;
  await sql`
    INSERT INTO published_windows (from_height, to_height, part_count)
    VALUES (${window.from}, ${window.to}, ${parts})`;
  await sql`
    INSERT INTO sync_state (component, last_height, status) VALUES ('sync', ${window.to}, 'caught_up')
    ON CONFLICT (component) DO UPDATE
    SET last_height = GREATEST(sync_state.last_height, excluded.last_height)`;
}

/** A token's NewToken event. */
export interface NewToken {
  height: number;
  txIndex?: number;
  eventIndex?: number;
  token: string;
  name: string;
  symbol: string;
  decimals: number;
}

/** Applies the window's movements as one message, through the processor's apply path. */
export async function applyWindow(
  sql: Sql,
  window: Window,
  movements: Movement[],
  newTokens: NewToken[] = [],
) {
  return await applyMessages(sql, [{
    v: MESSAGE_VERSION,
    window,
    part: { index: 0, count: 1 },
    events: movements.map(wireEvent),
    newTokens: newTokens.map((t) => [
      txHashOf(t.height, t.txIndex ?? 0),
      t.height,
      t.txIndex ?? 0,
      t.eventIndex ?? 0,
      t.token,
      t.name,
      t.symbol,
      t.decimals,
    ]),
  }]);
}

/** Publishes and applies one window: what sync/ and processor/ do together. */
export async function seedWindow(
  sql: Sql,
  window: Window,
  movements: Movement[],
  newTokens: NewToken[] = [],
) {
  await publishWindow(sql, window, 1);
  await applyWindow(sql, window, movements, newTokens);
}
