import assert from "node:assert/strict";
import { bech32 } from "bech32";
import { balanceKey, LIBRARY_PATHS, type Movement, startDevnet } from "./mod.ts";
import { GENESIS_TX_COUNT } from "./tx_kinds.ts";
import { postQuery } from "./testing.ts";
import type { GnoEvent, RejectionReason, TokenInfo, Transaction } from "./types.ts";

type Placed = { blockHeight: number; txIndex: number; eventIndex: number };
type Reading = {
  movements: (Omit<Movement, "txHash">)[];
  rejections: (Placed & { reason: RejectionReason })[];
  announcements: (Placed & Omit<TokenInfo, "createdHeight">)[];
};

/**
 * A second, deliberately naive reading of the token event rules (docs/architecture.md) written only for this test: if it agrees with
 * the generator's intent on every event of a chain, both are very likely right.
 */
function specReading(txs: Transaction[]): Reading {
  const out: Reading = { movements: [], rejections: [], announcements: [] };
  const isLibrary = (path: string) => (LIBRARY_PATHS as readonly string[]).includes(path);
  const isAddress = (text: string) => {
    if (text === "") return true;
    try {
      return bech32.decode(text).prefix === "g";
    } catch {
      return false;
    }
  };
  for (const tx of txs) {
    if (!tx.success) {
      assert.ok(tx.response.events === null || tx.response.events.length === 0);
      continue;
    }
    (tx.response.events ?? []).forEach((e, eventIndex) => {
      if (e.__typename !== "GnoEvent") return;
      const event = e as GnoEvent;
      const at = { blockHeight: tx.block_height, txIndex: tx.index, eventIndex };
      const reject = (reason: RejectionReason) => out.rejections.push({ ...at, reason });
      if (event.type === "NewToken" && isLibrary(event.pkg_path)) {
        const a = new Map((event.attrs ?? []).map(({ key, value }) => [key, value]));
        const tokenId = a.get("token")!;
        out.announcements.push({
          ...at,
          tokenId,
          tokenPath: tokenId.slice(0, tokenId.indexOf(".", tokenId.lastIndexOf("/"))),
          symbol: a.get("symbol")!,
          name: a.get("name")!,
          decimals: Number(a.get("decimals")),
        });
        return;
      }
      if (event.type !== "Transfer") return;
      if (event.pkg_path.startsWith("gno.land/p/") && !isLibrary(event.pkg_path)) return;
      if (event.attrs === null) return reject("missing_attr");
      const attrs = new Map<string, string>();
      for (const { key, value } of event.attrs) {
        if (attrs.has(key)) return reject("repeated_attr");
        if (!["from", "to", "value", "token"].includes(key)) return reject("extra_attr");
        attrs.set(key, value);
      }
      const from = attrs.get("from"), to = attrs.get("to"), value = attrs.get("value");
      if (from === undefined || to === undefined || value === undefined) {
        return reject("missing_attr");
      }
      const token = attrs.get("token");
      if (token !== undefined && !isLibrary(event.pkg_path)) return reject("forged_token_attr");
      const cut = token === undefined ? -1 : token.lastIndexOf("/");
      if (token !== undefined && token.slice(cut + 1).split(".")[0] === "") {
        return reject("empty_token_realm");
      }
      if (!/^[0-9]{1,78}$/.test(value)) return reject("bad_value");
      if (!isAddress(from) || !isAddress(to)) return reject("bad_address");
      if (from === "" && to === "") return reject("both_empty");
      let tokenId: string, tokenPath: string;
      if (token !== undefined) {
        tokenId = token;
        tokenPath = token.slice(0, cut + 1) + token.slice(cut + 1).split(".")[0];
      } else if (isLibrary(event.pkg_path)) {
        const calls = tx.messages.filter((m) => m.value.__typename === "MsgCall");
        if (calls.length === 0) return reject("ambiguous_no_msgcall");
        if (calls.length > 1) return reject("ambiguous_many_msgcalls");
        tokenId = tokenPath = (calls[0].value as { pkg_path: string }).pkg_path;
      } else if (event.pkg_path.startsWith("gno.land/r/")) {
        tokenId = tokenPath = event.pkg_path;
      } else {
        return reject("not_a_realm");
      }
      out.movements.push({ tokenId, tokenPath, from, to, amount: BigInt(value), ...at });
    });
  }
  return out;
}

/** The token metadata a reading implies: NewToken wins, else the symbol of the token attr. */
function readingTokens(reading: Reading, head: number): Map<string, TokenInfo> {
  const tokens = new Map<string, TokenInfo>();
  for (let h = 0; h <= head; h++) {
    for (const a of reading.announcements.filter((a) => a.blockHeight === h)) {
      if (tokens.get(a.tokenId)?.createdHeight !== undefined) continue;
      const { blockHeight: _, txIndex: _t, eventIndex: _e, ...info } = a;
      tokens.set(a.tokenId, { ...info, createdHeight: h });
    }
    for (const m of reading.movements.filter((m) => m.blockHeight === h)) {
      if (tokens.has(m.tokenId)) continue;
      const last = m.tokenId.slice(m.tokenId.lastIndexOf("/") + 1).split(".");
      tokens.set(m.tokenId, {
        tokenId: m.tokenId,
        tokenPath: m.tokenPath,
        symbol: last.length > 1 ? last[1] : null,
        name: null,
        decimals: null,
      });
    }
  }
  return tokens;
}

Deno.test("the truth matches an independent reading of the token event rules over the served chain", async () => {
  const devnet = await startDevnet({ seed: "truth", blocks: 300, accounts: 12 });
  try {
    const result = await postQuery<{ getTransactions: Transaction[] }>(
      devnet.graphqlUrl,
      `{ getTransactions(where: {}) { index block_height success hash
          messages { value { __typename ... on MsgCall { pkg_path } } }
          response { events { __typename ... on GnoEvent { type pkg_path attrs { key value } } } } } }`,
    );
    const reading = specReading(result.body.data!.getTransactions);
    const truth = devnet.truth(300);
    assert.deepEqual(reading.movements, truth.movements.map(({ txHash: _, ...m }) => m));

    const rejections = [];
    const announcements = [];
    for (let h = 0; h <= 300; h++) {
      rejections.push(...devnet.block(h).rejections.map(({ txHash: _, ...r }) => r));
      announcements.push(...devnet.block(h).newTokens.map(({ txHash: _, ...a }) => a));
    }
    assert.deepEqual(reading.rejections, rejections);
    assert.deepEqual(reading.announcements, announcements);
    const counted = new Map<RejectionReason, number>();
    for (const r of reading.rejections) counted.set(r.reason, (counted.get(r.reason) ?? 0) + 1);
    assert.deepEqual(truth.rejected, counted);
    assert.deepEqual(
      [...truth.tokens.values()].sort((a, b) => a.tokenId.localeCompare(b.tokenId)),
      [...readingTokens(reading, 300).values()].sort((a, b) => a.tokenId.localeCompare(b.tokenId)),
    );

    const balances = new Map<string, bigint>();
    const add = (key: string, delta: bigint) =>
      balances.set(key, (balances.get(key) ?? 0n) + delta);
    for (const m of reading.movements) {
      if (m.from) add(balanceKey(m.tokenId, m.from), -m.amount);
      if (m.to) add(balanceKey(m.tokenId, m.to), m.amount);
    }
    for (const [key, amount] of balances) if (amount === 0n) balances.delete(key);
    assert.deepEqual(truth.balances, balances);
    assert.ok([...truth.balances.values()].every((amount) => amount > 0n));
  } finally {
    await devnet.close();
  }
});

Deno.test("a modest chain covers every token style, rejection and big sums", async () => {
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
      "forged_token_attr",
      "missing_attr",
      "not_a_realm",
      "repeated_attr",
    ]);
    const pkgPaths = new Set<string>();
    const shapes = new Set<string>();
    for (let h = 0; h <= 400; h++) {
      const block = devnet.block(h);
      for (const m of block.movements) {
        const event = block.transactions[m.txIndex].response.events![m.eventIndex] as GnoEvent;
        pkgPaths.add(event.pkg_path);
        const token = event.attrs!.find((a) => a.key === "token")?.value;
        if (token === undefined) shapes.add(m.tokenId === event.pkg_path ? "gen1" : "gen2");
        else shapes.add(/\.[0-9]{7}$/.test(token) ? "gen3_sequence" : "gen3_symbol");
      }
    }
    assert.deepEqual([...shapes].sort(), ["gen1", "gen2", "gen3_sequence", "gen3_symbol"]);
    assert.ok(LIBRARY_PATHS.every((p) => pkgPaths.has(p)), "both library paths are used");
    assert.ok(truth.movements.some((m) => m.blockHeight === 0 && m.from === ""), "genesis mints");
    assert.ok(truth.movements.some((m) => m.blockHeight > 0 && m.amount > 2n ** 62n), "whales");
    assert.ok([...truth.balances.values()].some((amount) => amount >= 2n ** 63n));
  } finally {
    await devnet.close();
  }
});

Deno.test("genesis truth is the genesis mints, checked by hand", async () => {
  const devnet = await startDevnet({ seed: "genesis", blocks: 2, accounts: 2 });
  try {
    const genesis = devnet.block(0);
    assert.equal(genesis.transactions.length, GENESIS_TX_COUNT);
    const truth = devnet.truth(0);
    // 7 traded tokens exist at genesis: a reserve each to both accounts, plus the factory
    // `New`'s initial mint of TST to its creator.
    assert.equal(truth.movements.length, 7 * 2 + 1);
    assert.equal(truth.balances.size, 7 * 2);
    const factoryNew = genesis.transactions.findIndex((tx) =>
      tx.messages[0].value.__typename === "MsgCall" && tx.messages[0].value.func === "New"
    );
    for (const m of truth.movements) {
      assert.equal(m.from, "");
      if (m.txIndex !== factoryNew) assert.ok(m.amount >= 2n ** 62n && m.amount < 2n ** 63n);
    }

    const foo20 = genesis.transactions.find((tx) =>
      tx.messages[0].value.__typename === "MsgAddPackage" &&
      tx.messages[0].value.package.path === "gno.land/r/demo/defi/foo20"
    )!;
    const [announce, mint] = foo20.response.events as GnoEvent[];
    assert.deepEqual(announce, {
      __typename: "GnoEvent",
      type: "NewToken",
      pkg_path: "gno.land/p/demo/tokens/grc20",
      attrs: [
        { key: "token", value: "gno.land/r/demo/defi/foo20.FOO.0000000" },
        { key: "name", value: "Foo" },
        { key: "symbol", value: "FOO" },
        { key: "decimals", value: "4" },
      ],
    });
    const value = mint.attrs!.find((a) => a.key === "value")!.value;
    const to = mint.attrs!.find((a) => a.key === "to")!.value;
    assert.equal(mint.attrs!.find((a) => a.key === "token")!.value, announce.attrs![0].value);
    assert.equal(to, devnet.accounts[0]);
    assert.equal(
      truth.balances.get(balanceKey("gno.land/r/demo/defi/foo20.FOO.0000000", to)),
      BigInt(value),
    );
    assert.deepEqual(truth.tokens.get("gno.land/r/demo/defi/foo20.FOO.0000000"), {
      tokenId: "gno.land/r/demo/defi/foo20.FOO.0000000",
      tokenPath: "gno.land/r/demo/defi/foo20",
      symbol: "FOO",
      name: "Foo",
      decimals: 4,
      createdHeight: 0,
    });
    assert.deepEqual(truth.tokens.get("gno.land/r/demo/wugnot.wugnot"), {
      tokenId: "gno.land/r/demo/wugnot.wugnot",
      tokenPath: "gno.land/r/demo/wugnot",
      symbol: "wugnot",
      name: null,
      decimals: null,
    });
    assert.deepEqual(truth.tokens.get("gno.land/r/gnoswap/v1/gns"), {
      tokenId: "gno.land/r/gnoswap/v1/gns",
      tokenPath: "gno.land/r/gnoswap/v1/gns",
      symbol: null,
      name: null,
      decimals: null,
    });
    // Announced only: known, without supply or holders.
    assert.equal(truth.tokens.get("gno.land/r/tests/vm/test20.TST.0000000")?.name, "Test20");
    assert.equal(truth.supply.get("gno.land/r/tests/vm/test20.TST.0000000"), 0n);
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
          balanceKey(m.tokenId, m.from),
          replayed.get(balanceKey(m.tokenId, m.from))! - m.amount,
        );
      }
      if (m.to) {
        replayed.set(
          balanceKey(m.tokenId, m.to),
          (replayed.get(balanceKey(m.tokenId, m.to)) ?? 0n) + m.amount,
        );
      }
    }
    for (const [key, amount] of replayed) if (amount === 0n) replayed.delete(key);
    assert.deepEqual(late, replayed);
  } finally {
    await devnet.close();
  }
});
