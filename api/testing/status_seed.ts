/**
 * A small indexed chain for the /status tests: two windows applied through the processor's
 * apply path (mints, transfers, a burn), rejected events as sync/ stores them, and a head above
 * the indexed height so that there is a lag to show.
 */
import type { Sql } from "../../shared/db/mod.ts";
import { address, GNS, seedWindow, WUGNOT } from "./seed.ts";

export const ALICE = address(1);
export const BOB = address(2);
export const BIG_AMOUNT = 18446744073709551616n;
export const HEAD = 120;
export const INDEXED = 19;

export async function seedStatus(sql: Sql): Promise<void> {
  await seedWindow(sql, { from: 0, to: 9 }, [
    { height: 1, from: "", to: ALICE, amount: BIG_AMOUNT, token: GNS },
    { height: 2, from: "", to: ALICE, amount: 1_000n, token: WUGNOT },
    { height: 3, from: ALICE, to: BOB, amount: 400n, token: WUGNOT },
  ]);
  await seedWindow(sql, { from: 10, to: INDEXED }, [
    { height: 12, from: ALICE, to: "", amount: 100n, token: WUGNOT },
    { height: 17, txIndex: 1, from: ALICE, to: BOB, amount: 12_345n, token: GNS },
  ]);
  await sql`
    INSERT INTO rejected_events (tx_hash, event_index, block_height, tx_index, reason, detail)
    VALUES ('forged-1', 0, 5, 0, 'forged_token', 'token attr from a non-library package'),
           ('forged-2', 0, 6, 0, 'forged_token', ''),
           ('bad-value', 1, 7, 0, 'invalid_value', 'value is not a decimal integer')`;
  await sql`UPDATE sync_state SET head_height = ${HEAD}, status = 'syncing' WHERE component = 'sync'`;
}
