/**
 * Parser throughput on a realistic mix: each transaction holds storage events, an Approval and
 * three Transfers (gen-3), over a pool of 5,000 accounts. `deno bench shared/events/` reports
 * time per transaction; divide by the 3 Transfer candidates per transaction for events/s.
 */
import { parseTransaction } from "./parse.ts";
import { upstreamTransactionSchema } from "./transaction.ts";
import {
  address,
  gen1Transfer,
  gen2Transfer,
  gen3Transfer,
  gnoEvent,
  GRC20_GEN3,
  LIBRARY_PATHS,
  storageDeposit,
  transaction,
} from "./test_fixtures.ts";

const accounts = Array.from({ length: 5_000 }, (_, i) => address(i));
const tokens = ["gno.land/r/gnoswap/v1/gns.GNS", "gno.land/r/demo/wugnot.wugnot"];
const options = { libraryPaths: LIBRARY_PATHS };

const transactions = Array.from({ length: 1_000 }, (_, i) => {
  const a = accounts[(i * 7) % accounts.length];
  const b = accounts[(i * 13 + 1) % accounts.length];
  const c = accounts[(i * 31 + 2) % accounts.length];
  const token = tokens[i % tokens.length];
  return transaction([
    storageDeposit,
    gnoEvent(GRC20_GEN3, [["owner", a], ["spender", b], ["value", "1"]], "Approval"),
    gen3Transfer(token, a, b, String(1_000_000 + i)),
    gen3Transfer(token, b, c, String(999_999 + i)),
    gen3Transfer(token, c, "", "1"),
    storageDeposit,
  ]);
});

const gen1And2 = Array.from({ length: 1_000 }, (_, i) => {
  const a = accounts[(i * 7) % accounts.length];
  const b = accounts[(i * 13 + 1) % accounts.length];
  return transaction([
    gen2Transfer(a, b, String(i)),
    gen1Transfer("gno.land/r/demo/wugnot", b, a, String(i)),
  ], { calls: ["gno.land/r/gnoswap/v1/gns"] });
});

let sink = 0;

Deno.bench("parse 1,000 gen-3 transactions (3,000 Transfer events)", () => {
  for (const tx of transactions) sink += parseTransaction(tx, options).events.length;
});

Deno.bench("parse 1,000 gen-1/gen-2 transactions (2,000 Transfer events)", () => {
  for (const tx of gen1And2) sink += parseTransaction(tx, options).events.length;
});

Deno.bench("zod-validate 1,000 gen-3 transactions (for comparison)", () => {
  for (const tx of transactions) sink += upstreamTransactionSchema.parse(tx).index;
});

globalThis.addEventListener("unload", () => {
  if (sink === -1) console.log(sink);
});
