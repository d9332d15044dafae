import assert from "node:assert/strict";
import { bech32 } from "bech32";
import { balanceKey, LIBRARY_PATHS, type Movement, startDevnet } from "./mod.ts";
import { postQuery } from "./testing.ts";
import type { GnoEvent, Transaction } from "./types.ts";

/**
 * A second, deliberately naive reading of SPEC §3 written only for this test: if it agrees with
 * the generator's intent on every event of a chain, both are very likely right.
 */
function specTokenEvents(tx: Transaction): Omit<Movement, "txHash">[] {
  if (!tx.success) return [];
  const out: Omit<Movement, "txHash">[] = [];
  const isAddress = (text: string) => {
    if (text === "") return true;
    try {
      return bech32.decode(text).prefix === "g";
    } catch {
      return false;
    }
  };
  (tx.response.events ?? []).forEach((event, eventIndex) => {
    if (event.__typename !== "GnoEvent" || event.type !== "Transfer") return;
    const attrs = new Map<string, string>();
    for (const { key, value } of (event as GnoEvent).attrs ?? []) {
      if (attrs.has(key) || !["from", "to", "value", "token"].includes(key)) return;
      attrs.set(key, value);
    }
    const from = attrs.get("from"), to = attrs.get("to"), value = attrs.get("value");
    if (from === undefined || to === undefined || value === undefined) return;
    if (!/^[0-9]{1,78}$/.test(value) || !isAddress(from) || !isAddress(to)) return;
    if (from === "" && to === "") return;
    const isLibrary = (LIBRARY_PATHS as readonly string[]).includes(event.pkg_path);
    let tokenPath: string;
    const token = attrs.get("token");
    if (token !== undefined) {
      if (!isLibrary) return;
      const cut = token.lastIndexOf("/");
      const last = token.slice(cut + 1).split(".")[0];
      if (last === "") return;
      tokenPath = token.slice(0, cut + 1) + last;
    } else if (isLibrary) {
      const calls = tx.messages.filter((m) => m.value.__typename === "MsgCall");
      if (calls.length !== 1) return;
      tokenPath = (calls[0].value as { pkg_path: string }).pkg_path;
    } else if (event.pkg_path.startsWith("gno.land/r/")) {
      tokenPath = event.pkg_path;
    } else {
      return;
    }
    out.push({
      tokenPath,
      from,
      to,
      amount: BigInt(value),
      blockHeight: tx.block_height,
      txIndex: tx.index,
      eventIndex,
    });
  });
  return out;
}

Deno.test("the truth matches an independent reading of SPEC §3 over the served chain", async () => {
  const devnet = await startDevnet({ seed: "truth", blocks: 300, accounts: 12 });
  try {
    const result = await postQuery<{ getTransactions: Transaction[] }>(
      devnet.graphqlUrl,
      `{ getTransactions(where: {}) { index block_height success hash
          messages { value { __typename ... on MsgCall { pkg_path } } }
          response { events { __typename ... on GnoEvent { type pkg_path attrs { key value } } } } } }`,
    );
    const parsed = result.body.data!.getTransactions.flatMap(specTokenEvents);
    const truth = devnet.truth(300);
    assert.deepEqual(parsed, truth.movements.map(({ txHash: _, ...m }) => m));

    const balances = new Map<string, bigint>();
    for (const m of parsed) {
      if (m.from) {
        balances.set(
          balanceKey(m.tokenPath, m.from),
          (balances.get(balanceKey(m.tokenPath, m.from)) ?? 0n) - m.amount,
        );
      }
      if (m.to) {
        balances.set(
          balanceKey(m.tokenPath, m.to),
          (balances.get(balanceKey(m.tokenPath, m.to)) ?? 0n) + m.amount,
        );
      }
    }
    for (const [key, amount] of balances) if (amount === 0n) balances.delete(key);
    assert.deepEqual(truth.balances, balances);
    assert.ok([...truth.balances.values()].every((amount) => amount > 0n));
  } finally {
    await devnet.close();
  }
});

Deno.test("a modest chain covers every event generation, rejection and big sums", async () => {
  const devnet = await startDevnet({ seed: "coverage", blocks: 400, accounts: 10 });
  try {
    const truth = devnet.truth();
    assert.deepEqual([...truth.rejected.keys()].sort(), [
      "ambiguous_many_msgcalls",
      "ambiguous_no_msgcall",
      "bad_address",
      "bad_value",
      "both_empty",
      "empty_token_realm",
      "extra_attr",
      "failed_tx",
      "forged_token_attr",
      "missing_attr",
      "not_a_realm",
      "repeated_attr",
    ]);
    const pkgPaths = new Set<string>();
    let withTokenAttr = 0;
    for (let h = 0; h <= 400; h++) {
      for (const m of devnet.block(h).movements) {
        const tx = devnet.block(h).transactions[m.txIndex];
        const event = tx.response.events![m.eventIndex] as GnoEvent;
        pkgPaths.add(event.pkg_path);
        if (event.attrs!.some((a) => a.key === "token")) withTokenAttr++;
      }
    }
    assert.ok(withTokenAttr > 0, "gen 3 events exist");
    assert.ok(LIBRARY_PATHS.every((p) => pkgPaths.has(p)), "library events exist");
    assert.ok([...pkgPaths].some((p) => p.startsWith("gno.land/r/")), "gen 1 events exist");
    assert.ok(truth.movements.some((m) => m.blockHeight === 0 && m.from === ""), "genesis mints");
    assert.ok([...truth.balances.values()].some((amount) => amount >= 2n ** 63n));
  } finally {
    await devnet.close();
  }
});

Deno.test("genesis truth is the genesis mints, checked by hand", async () => {
  const devnet = await startDevnet({ seed: "genesis", blocks: 2, accounts: 2 });
  try {
    const genesis = devnet.block(0);
    assert.equal(genesis.transactions.length, 6);
    const truth = devnet.truth(0);
    assert.equal(truth.movements.length, 12);
    const [first] = genesis.transactions;
    const event = first.response.events![0] as GnoEvent;
    const value = event.attrs!.find((a) => a.key === "value")!.value;
    const to = event.attrs!.find((a) => a.key === "to")!.value;
    assert.equal(to, devnet.accounts[0]);
    assert.equal(truth.balances.get(balanceKey("gno.land/r/demo/defi/foo20", to)), BigInt(value));
    assert.equal(truth.balances.size, 12);
  } finally {
    await devnet.close();
  }
});

Deno.test("balances at an old height are replayed from snapshots", async () => {
  const devnet = await startDevnet({ seed: "snapshots", blocks: 1200, accounts: 6 });
  try {
    const late = devnet.balancesAt(1200);
    const early = devnet.balancesAt(700);
    const replayed = new Map(early);
    for (const m of devnet.movementsBetween(701, 1200)) {
      if (m.from) {
        replayed.set(
          balanceKey(m.tokenPath, m.from),
          replayed.get(balanceKey(m.tokenPath, m.from))! - m.amount,
        );
      }
      if (m.to) {
        replayed.set(
          balanceKey(m.tokenPath, m.to),
          (replayed.get(balanceKey(m.tokenPath, m.to)) ?? 0n) + m.amount,
        );
      }
    }
    for (const [key, amount] of replayed) if (amount === 0n) replayed.delete(key);
    assert.deepEqual(late, replayed);
  } finally {
    await devnet.close();
  }
});
