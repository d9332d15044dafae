import { BAD_ADDRESS_KINDS, breakAddress } from "./addresses.ts";
import type { Random } from "./random.ts";
import {
  FORGER_REALM,
  INT64_MAX,
  LIBRARY_PATHS,
  NFT_REALM,
  NFT_TOKEN_ATTR,
  NOISE_REALMS,
  NON_TOKEN_PACKAGES,
  REGISTRY_REALM,
  STRAY_TOKENS,
  type TokenDefinition,
  type TokenPools,
  TOKENS,
} from "./tokens.ts";
import { TxBuilder } from "./tx_builder.ts";
import type { GnoEventAttribute, RejectionReason } from "./types.ts";

/**
 * Transaction recipes. Balances can never go negative: ordinary debits are small (at most 10^9)
 * against reserves of at least 2^62 per account and token minted when the token is created,
 * and large debits are always funded by a mint earlier in the same transaction. Every token
 * keeps its own event style (`TokenDefinition.style`) for its whole life.
 */
export interface RecipeContext {
  random: Random;
  accounts: readonly string[];
  /** The traded tokens that exist at this height. */
  tokens: TokenPools;
}

type Recipe = (tx: TxBuilder, ctx: RecipeContext) => void;

const small = (r: Random) => BigInt(r.int(1, 1_000_000));
const medium = (r: Random) => BigInt(r.int(1, 1_000_000_000));
const reserve = (r: Random) => r.bigint(1n << 62n, INT64_MAX);

function twoAccounts(ctx: RecipeContext): [string, string] {
  const a = ctx.random.int(0, ctx.accounts.length - 1);
  let b = ctx.random.int(0, ctx.accounts.length - 2);
  if (b >= a) b++;
  return [ctx.accounts[a], ctx.accounts[b]];
}

function attrs(...pairs: [string, string][]): GnoEventAttribute[] {
  return pairs.map(([key, value]) => ({ key, value }));
}

const lastSegment = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const sourceFile = (realm: string) => `${realm}/${lastSegment(realm)}.gno`;

function addPackage(tx: TxBuilder, creator: string, path: string): void {
  const name = lastSegment(path);
  tx.message({
    __typename: "MsgAddPackage",
    creator,
    package: {
      name,
      path,
      files: [
        { name: "gnomod.toml", body: `module = "${path}"\n` },
        { name: `${name}.gno`, body: `package ${name}\n` },
      ],
    },
    deposit: "",
    send: "",
    max_deposit: "",
  });
}

function msgRun(tx: TxBuilder, caller: string, r: Random): void {
  tx.message({
    __typename: "MsgRun",
    caller,
    send: "",
    package: {
      name: "main",
      path: "",
      files: [{
        name: `run-${r.int(0, 9999)}.gno`,
        body: "package main\n\nfunc main(cur realm) {}\n",
      }],
    },
    max_deposit: "",
  });
}

function maybeNoise(tx: TxBuilder, ctx: RecipeContext): void {
  const r = ctx.random;
  if (r.chance(0.25)) {
    const [owner, spender] = twoAccounts(ctx);
    const token = r.pick(ctx.tokens.all);
    const approval = attrs(["owner", owner], ["spender", spender], ["value", small(r).toString()]);
    if (token.tokenAttr !== null) approval.unshift({ key: "token", value: token.tokenAttr });
    tx.gnoEvent("Approval", token.style === "gen1" ? token.realm : token.library, approval);
  }
  if (r.chance(0.2)) tx.storageDeposit(r.pick(ctx.tokens.all).realm);
}

const transfer: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(ctx.tokens.all);
  const [caller, receiver] = twoAccounts(ctx);
  tx.callToken(caller, token, "Transfer", [receiver, small(r).toString()]);
  const count = r.int(1, 4);
  for (let i = 0; i < count; i++) {
    maybeNoise(tx, ctx);
    let other = r.chance(0.2) ? r.pick(ctx.tokens.all) : token;
    if (!tx.canEmit(other)) other = token;
    const [from, to] = i === 0 ? [caller, receiver] : twoAccounts(ctx);
    tx.transfer(other, from, to, r.chance(0.1) ? medium(r) : small(r));
  }
};

const mint: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(ctx.tokens.all);
  const [admin, receiver] = twoAccounts(ctx);
  tx.callToken(admin, token, "Mint", [receiver, small(r).toString()]);
  const count = r.int(1, 2);
  for (let i = 0; i < count; i++) tx.transfer(token, "", r.pick(ctx.accounts), medium(r));
};

const burn: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(ctx.tokens.all);
  const holder = r.pick(ctx.accounts);
  tx.callToken(holder, token, "Burn", [small(r).toString()]);
  tx.transfer(token, holder, "", small(r));
  maybeNoise(tx, ctx);
};

/** Amounts near the int64 maximum, funded in the same tx, so that sums pass 2^63. */
const whale: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(ctx.tokens.all);
  const [first, second] = twoAccounts(ctx);
  const amount = INT64_MAX - r.bigint(0n, 1_000_000n);
  tx.callToken(first, token, "Mint", [first, amount.toString()]);
  tx.transfer(token, "", first, amount);
  tx.transfer(token, first, second, amount);
  if (r.chance(0.3)) tx.transfer(token, second, "", amount / 3n);
};

/** One MsgCall beside a bank send: still exactly one MsgCall, so gen 2 resolves. */
const callWithBankSend: Recipe = (tx, ctx) => {
  const r = ctx.random;
  if (ctx.tokens.gen2.length === 0) return transfer(tx, ctx);
  const token = r.pick(ctx.tokens.gen2);
  const [caller, receiver] = twoAccounts(ctx);
  tx.message({
    __typename: "BankMsgSend",
    from_address: caller,
    to_address: receiver,
    amount: `${r.int(1, 100000)}ugnot`,
  });
  tx.callToken(caller, token, "Transfer", [receiver, "1"]);
  tx.transfer(token, caller, receiver, small(r));
  tx.transfer(token, receiver, caller, small(r));
};

/** A gen-2 shaped event (library pkg_path, no `token` attr) that has no single MsgCall. */
function genTwoShaped(tx: TxBuilder, ctx: RecipeContext, reason: RejectionReason): void {
  const [from, to] = twoAccounts(ctx);
  tx.rejected(
    reason,
    ctx.random.pick(LIBRARY_PATHS),
    attrs(["from", from], ["to", to], ["value", small(ctx.random).toString()]),
  );
}

/**
 * A MsgRun has no MsgCall: gen-2 events are ambiguous, gen 1 and 3 still count. The script's
 * own Transfer events come from its ephemeral package `gno.land/e/<caller>/run`, which is
 * neither a `/r/` realm nor a `/p/` package.
 */
const run: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const caller = r.pick(ctx.accounts);
  msgRun(tx, caller, r);
  const [a, b] = twoAccounts(ctx);
  tx.transfer(r.pick(ctx.tokens.anyTx), a, b, small(r));
  genTwoShaped(tx, ctx, "ambiguous_no_msgcall");
  tx.transfer(r.pick(ctx.tokens.anyTx), b, a, small(r));
  if (r.chance(0.3)) {
    tx.rejected(
      "not_a_realm",
      `gno.land/e/${caller}/run`,
      attrs(["from", a], ["to", b], ["value", small(r).toString()]),
    );
  }
  if (r.chance(0.5)) tx.storageDeposit(r.pick(ctx.tokens.anyTx).realm, r.int(1, 50));
};

/** Two MsgCalls: gen-2 events are ambiguous, gen 1 and 3 still count. */
const twoCalls: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const [caller, receiver] = twoAccounts(ctx);
  const first = r.pick(ctx.tokens.all);
  tx.callToken(caller, first, "Transfer", [receiver, "1"]);
  tx.callToken(caller, r.pick(ctx.tokens.all), "Transfer", [receiver, "2"]);
  genTwoShaped(tx, ctx, "ambiguous_many_msgcalls");
  const moved = tx.canEmit(first) ? first : r.pick(ctx.tokens.anyTx);
  tx.transfer(moved, caller, receiver, small(r));
};

const BAD_VALUES = [
  "-5",
  "1.5",
  "abc",
  "",
  " 10",
  "10 ",
  "1e6",
  "0x10",
  "+5",
  "１２",
  "9".repeat(79),
];

/** A Transfer of a non-grc20 `/p/` package (grc721, avl events): no GRC20 event at all. */
function nonGrc20Transfer(tx: TxBuilder, ctx: RecipeContext): void {
  const r = ctx.random;
  const [from, to] = twoAccounts(ctx);
  const pkgPath = r.pick(NON_TOKEN_PACKAGES);
  const fields = pkgPath.endsWith("grc721")
    ? attrs(["from", from], ["to", to], ["tokenId", String(r.int(0, 99))])
    : attrs(["from", from], ["to", to], ["value", small(r).toString()]);
  if (r.chance(0.6)) {
    const tokenAttr = pkgPath.endsWith("grc721")
      ? NFT_TOKEN_ATTR
      : r.pick(ctx.tokens.withAttr).tokenAttr!;
    fields.unshift({ key: "token", value: tokenAttr });
  }
  tx.gnoEvent("Transfer", pkgPath, fields);
}

/** One Transfer event broken in exactly one way; the rest of it is well formed. */
function malformedEvent(tx: TxBuilder, ctx: RecipeContext): void {
  const r = ctx.random;
  const token = r.pick(ctx.tokens.withAttr);
  const [from, to] = twoAccounts(ctx);
  const value = small(r).toString();
  const lib = r.pick(LIBRARY_PATHS);
  const tokenAttr = token.tokenAttr!;
  const kind = r.int(0, 9);
  switch (kind) {
    case 0:
      return tx.rejected(
        "forged_token_attr",
        FORGER_REALM,
        attrs(["token", tokenAttr], ["from", from], ["to", to], ["value", value]),
      );
    case 1:
      return tx.rejected(
        "empty_token_realm",
        lib,
        attrs(
          ["token", r.pick([`.${token.symbol}`, "", `.${token.symbol}.0000001`])],
          ["from", from],
          ["to", to],
          ["value", value],
        ),
      );
    case 2: {
      const full = attrs(["token", tokenAttr], ["from", from], ["to", to], ["value", value]);
      full.splice(r.int(1, 3), 1);
      return tx.rejected("missing_attr", lib, full);
    }
    case 3: {
      const repeated = r.pick(["from", "to", "value", "token"]);
      const base = attrs(["token", tokenAttr], ["from", from], ["to", to], ["value", value]);
      base.push({ key: repeated, value: base.find((a) => a.key === repeated)!.value });
      return tx.rejected("repeated_attr", lib, base);
    }
    case 4:
      return tx.rejected(
        "extra_attr",
        lib,
        attrs(["token", tokenAttr], ["from", from], ["to", to], ["value", value], [
          r.pick(["memo", "tid", "amount"]),
          "1",
        ]),
      );
    case 5:
      return tx.rejected(
        "bad_value",
        lib,
        attrs(["token", tokenAttr], ["from", from], ["to", to], ["value", r.pick(BAD_VALUES)]),
      );
    case 6: {
      const broken = breakAddress(from, r.pick(BAD_ADDRESS_KINDS));
      const pair: [string, string] = r.chance(0.5)
        ? [broken, to]
        : [from, breakAddress(to, r.pick(BAD_ADDRESS_KINDS))];
      return tx.rejected(
        "bad_address",
        lib,
        attrs(["token", tokenAttr], ["from", pair[0]], ["to", pair[1]], ["value", value]),
      );
    }
    case 7:
      return tx.rejected(
        "both_empty",
        r.pick(ctx.tokens.all).realm,
        attrs(["from", ""], ["to", ""], ["value", value]),
      );
    case 8:
      return nonGrc20Transfer(tx, ctx);
    default: {
      // Gen-1 shape with a broken value from a realm: still malformed.
      return tx.rejected(
        "bad_value",
        r.pick(ctx.tokens.all).realm,
        attrs(["from", from], ["to", to], ["value", r.pick(BAD_VALUES)]),
      );
    }
  }
}

/** Valid events with malformed ones before, between and after them. */
const malformed: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(ctx.tokens.all);
  const [caller, receiver] = twoAccounts(ctx);
  tx.callToken(caller, token, "Transfer", [receiver, "1"]);
  if (r.chance(0.5)) malformedEvent(tx, ctx);
  tx.transfer(token, caller, receiver, small(r));
  malformedEvent(tx, ctx);
  if (r.chance(0.5)) tx.transfer(token, receiver, caller, small(r));
  if (r.chance(0.3)) malformedEvent(tx, ctx);
};

/**
 * Failed transactions, shaped like the real ones: `success: false`, no events (what the VM
 * emitted before the panic is gone), the VM error in `response.error` and its trace in `log`.
 */
const failed: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(ctx.tokens.all);
  const [caller, receiver] = twoAccounts(ctx);
  const file = sourceFile(token.realm);
  switch (r.int(0, 2)) {
    case 0: {
      const func = r.pick(["Transfer", "TransferFrom", "Burn"]);
      tx.callToken(caller, token, func, [receiver, "999999999999999999"]);
      if (r.chance(0.5)) tx.transfer(token, caller, receiver, small(r));
      return tx.fail("insufficient balance", [
        `checkErr at ${file}:54`,
        `${func} at ${file}:${r.int(40, 120)}`,
      ]);
    }
    case 1:
      tx.callToken(caller, token, "Mint", [receiver, medium(r).toString()]);
      return tx.fail("ownable: caller is not owner", [
        "(*gno.land/p/nt/ownable/v0.Ownable).AssertOwnedBy at gno.land/p/nt/ownable/v0/ownable.gno:48",
        `Mint at ${file}:116`,
      ]);
    default: {
      msgRun(tx, caller, r);
      tx.transfer(r.pick(ctx.tokens.anyTx), caller, receiver, small(r));
      const script = (tx.messages[0].value as { package: { files: { name: string }[] } })
        .package.files[0].name;
      return tx.fail("boom after transfer", [`main at gno.land/e/${caller}/run/${script}:7`]);
    }
  }
};

/** Transactions without token events: bank sends, deployments, other realms' events. */
const noise: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const [a, b] = twoAccounts(ctx);
  switch (r.int(0, 5)) {
    case 0:
      tx.message({
        __typename: "BankMsgSend",
        from_address: a,
        to_address: b,
        amount: `${r.int(1, 1e6)}ugnot`,
      });
      return;
    case 1: {
      const path = `gno.land/r/demo/pkg${r.int(0, 9999)}`;
      addPackage(tx, a, path);
      tx.storageDeposit(path);
      return;
    }
    case 2: {
      const realm = r.pick(NOISE_REALMS);
      tx.call(a, realm, "Swap", [b]);
      tx.gnoEvent(
        "Swap",
        realm,
        attrs(["pool", "bar:baz:3000"], ["amount0", "-12"], ["amount1", "15"]),
      );
      tx.gnoEvent("transfer", realm, attrs(["from", a], ["to", b], ["value", "5"]));
      tx.event({ __typename: "UnknownEvent", value: '{"type":"unknown","value":"raw"}' });
      tx.event({
        __typename: "StorageUnlockEvent",
        type: "StorageUnlockEvent",
        bytes_delta: -r.int(1, 500),
        fee_refund: { amount: r.int(1, 5000), denom: "ugnot" },
        pkg_path: realm,
      });
      tx.gnoEvent("Transfer", realm, null);
      tx.rejections.push({ reason: "missing_attr", eventIndex: tx.events.length - 1 });
      return;
    }
    case 3: {
      // grc721 events: on gno master they carry a `token` attr too (no sequence). Not GRC20.
      const pkgPath = r.pick(["gno.land/p/demo/tokens/grc721", "gno.land/p/demo/grc/grc721"]);
      const tid = String(r.int(0, 9999));
      if (r.chance(0.5)) {
        tx.call(a, NFT_REALM, "Mint", [b, tid]);
        const master = r.chance(0.7);
        tx.gnoEvent(
          "Mint",
          pkgPath,
          master
            ? attrs(["token", NFT_TOKEN_ATTR], ["to", b], ["tokenId", tid])
            : attrs(["slug", "FNFT"], ["to", b], ["tokenId", tid]),
        );
      } else {
        tx.call(a, NFT_REALM, "TransferFrom", [a, b, tid]);
        tx.gnoEvent(
          "Transfer",
          pkgPath,
          attrs(["token", NFT_TOKEN_ATTR], ["from", a], ["to", b], ["tokenId", tid]),
        );
      }
      tx.storageDeposit(NFT_REALM, r.int(10, 200));
      return;
    }
    case 4:
      tx.call(a, NFT_REALM, "Batch", [b]);
      nonGrc20Transfer(tx, ctx);
      nonGrc20Transfer(tx, ctx);
      return;
    default: {
      // A forged NewToken from a non-library realm: announces nothing.
      const victim = r.pick(ctx.tokens.withAttr);
      tx.call(a, FORGER_REALM, "Announce", []);
      tx.gnoEvent(
        "NewToken",
        FORGER_REALM,
        attrs(
          ["token", r.chance(0.5) ? victim.tokenAttr! : `${FORGER_REALM}.SCAM.0000000`],
          ["name", "Scam"],
          ["symbol", r.chance(0.5) ? victim.symbol : "SCAM"],
          ["decimals", "18"],
        ),
      );
    }
  }
};

/** An unknown realm emitting gen-1 events is a token too; it funds itself by minting first. */
const stray: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(STRAY_TOKENS);
  const [a, b] = twoAccounts(ctx);
  tx.call(a, token.realm, "Play", []);
  const minted = medium(r);
  const moved = minted / 2n;
  tx.transfer(token, "", a, minted);
  tx.transfer(token, a, b, moved);
  tx.transfer(token, b, "", moved / 2n);
};

/** Valid but unusual values: zero, leading zeros, 78 digits (minted then burnt again). */
const edgeValues: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(ctx.tokens.all);
  const [a, b] = twoAccounts(ctx);
  tx.callToken(a, token, "Transfer", [b, "0"]);
  tx.transfer(token, a, b, 0n);
  tx.transfer(token, a, b, 7n, "007");
  const huge = 10n ** 77n + r.bigint(0n, 10n ** 20n);
  tx.transfer(token, "", b, huge);
  tx.transfer(token, b, "", huge);
};

const RECIPES: readonly { weight: number; recipe: Recipe }[] = [
  { weight: 40, recipe: transfer },
  { weight: 8, recipe: mint },
  { weight: 6, recipe: burn },
  { weight: 3, recipe: whale },
  { weight: 5, recipe: callWithBankSend },
  { weight: 3, recipe: run },
  { weight: 3, recipe: twoCalls },
  { weight: 10, recipe: malformed },
  { weight: 5, recipe: failed },
  { weight: 9, recipe: noise },
  { weight: 2, recipe: stray },
  { weight: 1, recipe: edgeValues },
];
const WEIGHTS = RECIPES.map((r) => r.weight);

export function buildRandomTx(ctx: RecipeContext): TxBuilder {
  const tx = new TxBuilder(ctx.random);
  RECIPES[ctx.random.weighted(WEIGHTS)].recipe(tx, ctx);
  return tx;
}

/** Mints a reserve in [2^62, 2^63) to every account, one event per account. */
function mintReserves(tx: TxBuilder, ctx: RecipeContext, token: TokenDefinition): void {
  for (const account of ctx.accounts) tx.transfer(token, "", account, reserve(ctx.random));
}

/**
 * A factory `New` tx, in the real order: NewToken, the initial mint to the creator, grc20reg's
 * `register`, then two StorageDepositEvents.
 */
export function buildNewTokenTx(
  ctx: RecipeContext,
  token: TokenDefinition,
  creator: string,
): TxBuilder {
  const r = ctx.random;
  const tx = new TxBuilder(r);
  const initial = medium(r);
  tx.call(creator, token.realm, "New", [
    token.name,
    token.symbol,
    String(token.decimals),
    initial.toString(),
    String(r.int(0, 1000)),
  ]);
  tx.newToken(token);
  tx.transfer(token, "", creator, initial);
  tx.register(token);
  tx.storageDeposit(token.realm);
  tx.storageDeposit(REGISTRY_REALM);
  return tx;
}

/** The reserves of a token made by a factory `New`: one `Mint` call per account. */
export function buildReservesTx(
  ctx: RecipeContext,
  token: TokenDefinition,
  admin: string,
): TxBuilder {
  const tx = new TxBuilder(ctx.random);
  for (const account of ctx.accounts) {
    const amount = reserve(ctx.random);
    tx.callToken(admin, token, "Mint", [account, amount.toString()]);
    tx.transfer(token, "", account, amount);
  }
  return tx;
}

type GenesisStep = (ctx: RecipeContext, admin: string) => TxBuilder;

/** The genesis deployment of a single-token realm, in the style of its token. */
function deployToken(token: TokenDefinition): GenesisStep {
  return (ctx, admin) => {
    const tx = new TxBuilder(ctx.random);
    if (token.style === "gen2") {
      // A gen-2 token's events only name it through the tx's single MsgCall.
      tx.callToken(admin, token, "Faucet", []);
      mintReserves(tx, ctx, token);
      return tx;
    }
    addPackage(tx, admin, token.realm);
    if (token.style === "gen3_sequence") tx.newToken(token);
    if (token.traded) mintReserves(tx, ctx, token);
    if (token.style !== "gen1") tx.register(token);
    tx.storageDeposit(token.realm);
    if (token.style !== "gen1") tx.storageDeposit(REGISTRY_REALM);
    return tx;
  };
}

function genesisSteps(): GenesisStep[] {
  const steps: GenesisStep[] = [
    // An NFT collection whose grc721 Mint events carry a `token` attr (gno master): not GRC20.
    (ctx, admin) => {
      const tx = new TxBuilder(ctx.random);
      addPackage(tx, admin, NFT_REALM);
      ctx.accounts.slice(0, 5).forEach((account, i) => {
        tx.gnoEvent(
          "Mint",
          "gno.land/p/demo/tokens/grc721",
          attrs(["token", NFT_TOKEN_ATTR], ["to", account], ["tokenId", String(i)]),
        );
      });
      tx.storageDeposit(NFT_REALM);
      return tx;
    },
  ];
  const deployedFactories = new Set<string>();
  for (const token of TOKENS) {
    if (token.creation.at !== "genesis") continue;
    if (!token.multiToken) {
      steps.push(deployToken(token));
      continue;
    }
    if (!deployedFactories.has(token.realm)) {
      deployedFactories.add(token.realm);
      steps.push((ctx, admin) => {
        const tx = new TxBuilder(ctx.random);
        addPackage(tx, admin, token.realm);
        tx.storageDeposit(token.realm);
        return tx;
      });
    }
    steps.push((ctx, admin) => buildNewTokenTx(ctx, token, admin));
    steps.push((ctx, admin) => buildReservesTx(ctx, token, admin));
  }
  return steps;
}

const GENESIS_STEPS = genesisSteps();

/** Transactions at height 0. */
export const GENESIS_TX_COUNT = GENESIS_STEPS.length;

/**
 * Genesis tx `index`: deployments (MsgAddPackage, with NewToken for sequence-style tokens),
 * `Faucet` calls for gen-2 tokens, the factory's `New` and its reserves: every traded token
 * created at genesis mints a reserve in [2^62, 2^63) to every account.
 */
export function buildGenesisTx(ctx: RecipeContext, index: number, admin: string): TxBuilder {
  return GENESIS_STEPS[index](ctx, admin);
}
