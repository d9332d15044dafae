import assert from "node:assert/strict";
import { deriveAccounts } from "./addresses.ts";
import { createBlockGenerator } from "./block_generator.ts";
import { startDevnet } from "./mod.ts";
import {
  FACTORY_REALM,
  LIBRARY_PATHS,
  NON_TOKEN_PACKAGES,
  TOKENS,
  TOKENS_BY_ID,
} from "./tokens.ts";
import {
  balanceKey,
  createTruthTracker,
  splitBalanceKey,
  supplyOf,
  symbolOf,
  tokenPathOf,
  tokenStats,
} from "./truth.ts";
import type { GeneratedBlock, GnoEvent, TxEvent } from "./types.ts";

const TST = `${FACTORY_REALM}.TST.0000001`;
const ALP = `${FACTORY_REALM}.ALP.0000002`;
const GLD = `${FACTORY_REALM}.GLD.0000003`;

/** A generated chain with its truth, without a server. */
function testChain(seed: string, accounts = 8) {
  const generator = createBlockGenerator({
    seed,
    salt: "",
    chainId: "dev",
    accounts: deriveAccounts(seed, accounts),
    txsPerBlock: { min: 0, max: 4 },
    dense: null,
    genesisTimeMs: Date.UTC(2025, 0, 1),
    blockTimeMs: 5000,
  });
  const cache = new Map<number, GeneratedBlock>();
  const block = (h: number) => {
    let b = cache.get(h);
    if (!b) cache.set(h, b = generator.generate(h));
    return b;
  };
  return { generator, block, truth: createTruthTracker(block) };
}

const isGnoEvent = (e: TxEvent): e is GnoEvent => e.__typename === "GnoEvent";
const attr = (e: GnoEvent, key: string) => e.attrs?.find((a) => a.key === key)?.value;
const eventOf = (b: GeneratedBlock, m: { txIndex: number; eventIndex: number }) =>
  b.transactions[m.txIndex].response.events![m.eventIndex] as GnoEvent;

Deno.test("the catalogue gives every token one fixed style and its metadata", () => {
  for (const t of TOKENS) {
    assert.ok(t.symbol && t.name && Number.isInteger(t.decimals), t.tokenId);
    assert.equal(tokenPathOf(t.tokenId), t.realm);
    switch (t.style) {
      case "gen1":
      case "gen2":
        assert.equal(t.tokenId, t.realm);
        assert.equal(t.tokenAttr, null);
        break;
      case "gen3_symbol":
        assert.equal(t.tokenId, `${t.realm}.${t.symbol}`);
        break;
      case "gen3_sequence":
        assert.match(t.tokenId, new RegExp(`^${t.realm}\\.${t.symbol}\\.[0-9]{7}$`));
    }
    if (t.tokenAttr !== null) assert.equal(t.tokenAttr, t.tokenId);
    assert.equal(symbolOf(t.tokenId), t.tokenAttr === null ? null : t.symbol);
  }
  assert.equal(TOKENS_BY_ID.size, TOKENS.length, "tokenIds are unique");
  const factory = TOKENS.filter((t) => t.realm === FACTORY_REALM).map((t) => t.tokenId);
  assert.deepEqual(factory, [TST, ALP, GLD]);
  assert.ok(TOKENS.some((t) => t.creation.at === "mid_chain"));
  assert.deepEqual(
    new Set(TOKENS.map((t) => t.style)),
    new Set(["gen1", "gen2", "gen3_symbol", "gen3_sequence"]),
  );
});

Deno.test("one realm holds several tokens whose balances are kept apart by tokenId", () => {
  const { generator, truth } = testChain("factory");
  const created = generator.tokens.createdAt.get(ALP)!;
  const head = created + 50;
  const balances = truth.balancesAt(head);
  const tokens = truth.tokensAt(head);
  assert.equal(tokens.get(TST)!.tokenPath, FACTORY_REALM);
  assert.equal(tokens.get(ALP)!.tokenPath, FACTORY_REALM);
  let differing = 0;
  for (const account of generator.shape.accounts) {
    const tst = balances.get(balanceKey(TST, account));
    const alp = balances.get(balanceKey(ALP, account));
    assert.ok(tst !== undefined && alp !== undefined, "every account holds reserves of both");
    if (tst !== alp) differing++;
    assert.equal(balances.get(balanceKey(FACTORY_REALM, account)), undefined);
  }
  assert.equal(differing, generator.shape.accounts.length);
  const stats = tokenStats(balances);
  assert.notEqual(stats.get(TST)!.total, stats.get(ALP)!.total);
});

Deno.test("a token created mid-chain is announced by NewToken, then minted", () => {
  const { generator, block, truth } = testChain("midchain");
  const created = generator.tokens.createdAt.get(ALP)!;
  assert.ok(created > 0);
  for (let h = 0; h < created; h++) {
    assert.ok(block(h).movements.every((m) => m.tokenId !== ALP));
  }
  assert.equal(truth.tokensAt(created - 1).has(ALP), false);
  assert.deepEqual(truth.tokensAt(created).get(ALP), {
    tokenId: ALP,
    tokenPath: FACTORY_REALM,
    symbol: "ALP",
    name: "Alpha",
    decimals: 2,
    createdHeight: created,
  });

  const b = block(created);
  const [newTx, reservesTx] = b.transactions;
  const call = newTx.messages[0].value;
  assert.equal(
    call.__typename === "MsgCall" && `${call.pkg_path} ${call.func}`,
    `${FACTORY_REALM} New`,
  );
  const events = newTx.response.events!;
  assert.deepEqual(
    events.map((e) => isGnoEvent(e) ? e.type : e.__typename),
    ["NewToken", "Transfer", "register", "StorageDepositEvent", "StorageDepositEvent"],
  );
  const [announce, mint] = events as GnoEvent[];
  assert.ok((LIBRARY_PATHS as readonly string[]).includes(announce.pkg_path));
  assert.deepEqual(announce.attrs!.map((a) => a.key), ["token", "name", "symbol", "decimals"]);
  assert.equal(attr(announce, "token"), ALP);
  assert.equal(attr(mint, "from"), "");
  assert.deepEqual(b.newTokens.map((a) => [a.tokenId, a.txIndex, a.eventIndex]), [[ALP, 0, 0]]);

  // The reserves follow in the next tx: one mint in [2^62, 2^63) to every account.
  const reserves = b.movements.filter((m) => m.txIndex === 1);
  assert.equal(reservesTx.success, true);
  assert.deepEqual(reserves.map((m) => m.to), [...generator.shape.accounts]);
  for (const m of reserves) {
    assert.equal(m.tokenId, ALP);
    assert.ok(m.from === "" && m.amount >= 2n ** 62n && m.amount < 2n ** 63n);
  }
  // Later blocks trade it.
  let traded = 0;
  for (let h = created + 1; h <= created + 300; h++) {
    traded += block(h).movements.filter((m) => m.tokenId === ALP && m.from && m.to).length;
  }
  assert.ok(traded > 0);
});

Deno.test("mid-chain creation heights are drawn from the seed", () => {
  const heights = ["s1", "s2", "s3", "s4", "s5"].map((seed) =>
    testChain(seed).generator.tokens.createdAt.get(ALP)
  );
  assert.deepEqual(testChain("s1").generator.tokens.createdAt.get(ALP), heights[0]);
  assert.ok(new Set(heights).size > 1);
  for (const h of heights) assert.ok(h! >= 2 && h! <= 40);
});

Deno.test("token attrs come in the 2025 style and the sequence style, each token in one style", () => {
  const { block } = testChain("styles");
  const shapes = new Map<string, Set<string>>();
  let symbolStyle = 0, sequenceStyle = 0;
  for (let h = 0; h <= 400; h++) {
    const b = block(h);
    for (const m of b.movements) {
      const event = eventOf(b, m);
      const token = attr(event, "token");
      let shape: string;
      if (token !== undefined) {
        assert.equal(token, m.tokenId, "the tokenId is the token attr exactly as emitted");
        assert.ok((LIBRARY_PATHS as readonly string[]).includes(event.pkg_path));
        if (/\.[A-Za-z]+\.[0-9]{7}$/.test(token)) sequenceStyle++;
        else {
          assert.match(token, /\/[a-z0-9_]+\.[A-Za-z]+$/);
          symbolStyle++;
        }
        shape = `attr ${event.pkg_path}`;
      } else if (event.pkg_path === m.tokenPath) {
        shape = "realm";
      } else {
        shape = `library ${event.pkg_path}`;
      }
      shapes.set(m.tokenId, (shapes.get(m.tokenId) ?? new Set()).add(shape));
    }
  }
  assert.ok(symbolStyle > 0 && sequenceStyle > 0);
  for (const [tokenId, seen] of shapes) assert.equal(seen.size, 1, `${tokenId}: ${[...seen]}`);
});

Deno.test("gen-1 and gen-2 tokens are named by their realm", () => {
  const { block } = testChain("generations");
  const gen1 = "gno.land/r/gnoswap/v1/test_token/bar";
  const gen2 = "gno.land/r/gnoswap/v1/gns";
  let seen1 = 0, seen2 = 0;
  for (let h = 0; h <= 300; h++) {
    const b = block(h);
    for (const m of b.movements) {
      const event = eventOf(b, m);
      if (m.tokenId === gen1) {
        seen1++;
        assert.equal(event.pkg_path, gen1);
        assert.equal(attr(event, "token"), undefined);
      }
      if (m.tokenId === gen2) {
        seen2++;
        assert.equal(m.tokenPath, gen2);
        assert.ok((LIBRARY_PATHS as readonly string[]).includes(event.pkg_path));
        assert.equal(attr(event, "token"), undefined);
        const calls = b.transactions[m.txIndex].messages.filter((msg) =>
          msg.value.__typename === "MsgCall"
        );
        assert.deepEqual(calls.map((c) => (c.value as { pkg_path: string }).pkg_path), [gen2]);
      }
    }
  }
  assert.ok(seen1 > 0 && seen2 > 0);
});

Deno.test("grc721 and other non-grc20 /p/ events are neither movements nor rejections", () => {
  const { block } = testChain("nft");
  let withToken = 0, transfers = 0;
  for (let h = 0; h <= 400; h++) {
    const b = block(h);
    const counted = new Set(
      [...b.movements, ...b.rejections].map((x) => `${x.txIndex}:${x.eventIndex}`),
    );
    b.transactions.forEach((tx, txIndex) => {
      (tx.response.events ?? []).forEach((e, eventIndex) => {
        if (!isGnoEvent(e) || !(NON_TOKEN_PACKAGES as readonly string[]).includes(e.pkg_path)) {
          return;
        }
        if (attr(e, "token") !== undefined) withToken++;
        if (e.type === "Transfer") transfers++;
        assert.ok(!counted.has(`${txIndex}:${eventIndex}`), `${h}:${txIndex}:${eventIndex}`);
      });
    });
  }
  assert.ok(withToken > 0 && transfers > 0);
  // At genesis, grc721 Mint events carry the collection's token attr, as on gno master.
  const genesisNft = block(0).transactions.flatMap((tx) => tx.response.events ?? [])
    .filter(isGnoEvent).filter((e) => e.type === "Mint");
  assert.ok(genesisNft.length > 0);
  assert.deepEqual(genesisNft[0].attrs!.map((a) => a.key), ["token", "to", "tokenId"]);
});

Deno.test("failed transactions carry no events, only the VM error", () => {
  const { block } = testChain("failures");
  let empty = 0, nulls = 0;
  for (let h = 1; h <= 400; h++) {
    const b = block(h);
    for (const tx of b.transactions) {
      if (tx.success) continue;
      if (tx.response.events === null) nulls++;
      else {
        assert.deepEqual(tx.response.events, []);
        empty++;
      }
      assert.ok(tx.response.error.length > 0);
      assert.equal(tx.response.info, "vm.version=develop");
      assert.ok(tx.response.log.startsWith("msg:0,success:false,log:--= Error =--\nData: "));
      assert.ok(tx.response.log.includes(`VM panic: ${tx.response.error}\n`));
      assert.ok(tx.response.log.endsWith(",events:[]"));
      assert.ok(b.movements.every((m) => m.txIndex !== tx.index));
      assert.ok(b.rejections.every((r) => r.txIndex !== tx.index));
      assert.ok(b.newTokens.every((a) => a.txIndex !== tx.index));
    }
  }
  assert.ok(empty > 0 && nulls > 0);
});

Deno.test("supply (mints minus burns) equals the sum of balances per tokenId", () => {
  const { truth } = testChain("supply");
  const head = 1500;
  const state = truth.truthAt(head);
  const stats = tokenStats(state.balances);
  assert.deepEqual(
    supplyOf(state.movements),
    new Map([...state.supply].filter(([id]) => state.movements.some((m) => m.tokenId === id))),
  );
  for (const [tokenId, supply] of state.supply) {
    assert.ok(state.tokens.has(tokenId));
    assert.equal(stats.get(tokenId)?.total ?? 0n, supply, tokenId);
  }
  for (const [tokenId, { holders }] of stats) {
    const expected = [...state.balances.keys()].filter((k) =>
      splitBalanceKey(k).tokenId === tokenId
    );
    assert.equal(holders, expected.length);
  }
  assert.deepEqual([...state.tokens.keys()].sort(), [...state.supply.keys()].sort());
  // Announced only: known, no supply, no holders.
  assert.equal(state.supply.get("gno.land/r/tests/vm/test20.TST.0000000"), 0n);
  assert.equal(stats.has("gno.land/r/tests/vm/test20.TST.0000000"), false);
  assert.ok(state.tokens.has(GLD), "GLD is created before height 1500");
});

Deno.test("no balance goes negative over thousands of blocks of several seeds", () => {
  for (const [seed, accounts] of [["neg-a", 2], ["neg-b", 5], ["neg-c", 40]] as const) {
    const { truth } = testChain(seed, accounts);
    // The tracker throws on the first negative balance.
    const balances = truth.balancesAt(4000);
    assert.ok([...balances.values()].every((amount) => amount > 0n));
  }
});

Deno.test("the devnet serves tokens and tokenId-keyed balances", async () => {
  const devnet = await startDevnet({ seed: "served-tokens", blocks: 60, accounts: 4 });
  try {
    const tokens = devnet.tokensAt(60);
    assert.deepEqual(tokens, devnet.truth(60).tokens);
    assert.equal(tokens.get(TST)?.name, "Test Token");
    const body = await (await fetch(`${devnet.url}/_devnet/balances?height=60`)).json();
    const balances = devnet.balancesAt(60);
    assert.equal(body.balances.length, balances.size);
    for (const row of body.balances) {
      assert.equal(row.tokenPath, tokenPathOf(row.tokenId));
      assert.equal(BigInt(row.amount), balances.get(balanceKey(row.tokenId, row.address)));
    }
    assert.ok(body.balances.some((row: { tokenId: string }) => row.tokenId === TST));
  } finally {
    await devnet.close();
  }
});
