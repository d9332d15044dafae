import { BAD_ADDRESS_KINDS, breakAddress } from "./addresses.ts";
import type { Random } from "./random.ts";
import {
  FORGER_REALM,
  INT64_MAX,
  LIBRARY_PATHS,
  NOISE_REALMS,
  NON_TOKEN_PACKAGES,
  STRAY_REALMS,
  type TokenDefinition,
  TOKENS,
} from "./tokens.ts";
import { type Generation, TxBuilder } from "./tx_builder.ts";
import type { GnoEventAttribute, RejectionReason } from "./types.ts";

/**
 * Transaction recipes. Balances can never go negative: ordinary debits are small (at most 10^9)
 * against genesis reserves of at least 2^62 per account and token, and large debits are always
 * funded by a mint earlier in the same transaction.
 */
export interface RecipeContext {
  random: Random;
  accounts: readonly string[];
}

type Recipe = (tx: TxBuilder, ctx: RecipeContext) => void;

const small = (r: Random) => BigInt(r.int(1, 1_000_000));
const medium = (r: Random) => BigInt(r.int(1, 1_000_000_000));
const anyGeneration = (r: Random): Generation => r.pick([1, 2, 3] as const);
const noMsgCallGeneration = (r: Random): Generation => r.pick([1, 3] as const);

function twoAccounts(ctx: RecipeContext): [string, string] {
  const a = ctx.random.int(0, ctx.accounts.length - 1);
  let b = ctx.random.int(0, ctx.accounts.length - 2);
  if (b >= a) b++;
  return [ctx.accounts[a], ctx.accounts[b]];
}

/** A generation usable for `token` in this tx: gen 2 only when the token is the single call. */
function generationFor(tx: TxBuilder, token: TokenDefinition, r: Random): Generation {
  return tx.singleCallPath() === token.realm ? anyGeneration(r) : noMsgCallGeneration(r);
}

function maybeNoise(tx: TxBuilder, ctx: RecipeContext): void {
  const r = ctx.random;
  if (r.chance(0.25)) {
    const [owner, spender] = twoAccounts(ctx);
    const token = r.pick(TOKENS);
    const attrs = [
      { key: "owner", value: owner },
      { key: "spender", value: spender },
      { key: "value", value: small(r).toString() },
    ];
    if (r.chance(0.5)) attrs.unshift({ key: "token", value: tx.tokenAttr(token) });
    tx.gnoEvent("Approval", r.pick(LIBRARY_PATHS), attrs);
  }
  if (r.chance(0.2)) storageDeposit(tx, r, r.pick(TOKENS).realm);
}

function storageDeposit(tx: TxBuilder, r: Random, pkgPath: string): void {
  const bytes = r.int(100, 5000);
  tx.event({
    __typename: "StorageDepositEvent",
    type: "StorageDeposit",
    bytes_delta: bytes,
    fee_delta: { amount: bytes * 100, denom: "ugnot" },
    pkg_path: pkgPath,
  });
}

const transfer: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(TOKENS);
  const [caller, receiver] = twoAccounts(ctx);
  tx.call(caller, token.realm, "Transfer", [receiver, small(r).toString()]);
  const count = r.int(1, 4);
  for (let i = 0; i < count; i++) {
    maybeNoise(tx, ctx);
    const other = r.chance(0.2) ? r.pick(TOKENS) : token;
    const [from, to] = i === 0 ? [caller, receiver] : twoAccounts(ctx);
    tx.transfer(generationFor(tx, other, r), other, from, to, r.chance(0.1) ? medium(r) : small(r));
  }
};

const mint: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(TOKENS);
  const [admin, receiver] = twoAccounts(ctx);
  tx.call(admin, token.realm, "Mint", [receiver, small(r).toString()]);
  const count = r.int(1, 2);
  for (let i = 0; i < count; i++) {
    tx.transfer(anyGeneration(r), token, "", r.pick(ctx.accounts), medium(r));
  }
};

const burn: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(TOKENS);
  const holder = r.pick(ctx.accounts);
  tx.call(holder, token.realm, "Burn", [small(r).toString()]);
  tx.transfer(anyGeneration(r), token, holder, "", small(r));
  maybeNoise(tx, ctx);
};

/** Amounts near the int64 maximum, funded in the same tx, so that sums pass 2^63. */
const whale: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(TOKENS);
  const [first, second] = twoAccounts(ctx);
  const amount = INT64_MAX - r.bigint(0n, 1_000_000n);
  tx.call(first, token.realm, "Mint", [first, amount.toString()]);
  tx.transfer(anyGeneration(r), token, "", first, amount);
  tx.transfer(anyGeneration(r), token, first, second, amount);
  if (r.chance(0.3)) tx.transfer(anyGeneration(r), token, second, "", amount / 3n);
};

/** One MsgCall beside a bank send: still exactly one MsgCall, so gen 2 resolves. */
const callWithBankSend: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(TOKENS);
  const [caller, receiver] = twoAccounts(ctx);
  tx.message({
    __typename: "BankMsgSend",
    from_address: caller,
    to_address: receiver,
    amount: `${r.int(1, 100000)}ugnot`,
  });
  tx.call(caller, token.realm, "Transfer", [receiver, "1"]);
  tx.transfer(2, token, caller, receiver, small(r));
  tx.transfer(2, token, receiver, caller, small(r));
};

function genTwoShaped(tx: TxBuilder, ctx: RecipeContext, reason: RejectionReason): void {
  const [from, to] = twoAccounts(ctx);
  tx.rejected(reason, ctx.random.pick(LIBRARY_PATHS), [
    { key: "from", value: from },
    { key: "to", value: to },
    { key: "value", value: small(ctx.random).toString() },
  ]);
}

/** A MsgRun has no MsgCall: gen-2 events are ambiguous, gen 1 and 3 still count. */
const run: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const caller = r.pick(ctx.accounts);
  tx.message({
    __typename: "MsgRun",
    caller,
    send: "",
    package: {
      name: "main",
      path: `gno.land/e/${caller}/run`,
      files: [{ name: "script.gno", body: "package main\n\nfunc main() {}\n" }],
    },
    max_deposit: "",
  });
  const [a, b] = twoAccounts(ctx);
  tx.transfer(3, r.pick(TOKENS), a, b, small(r));
  genTwoShaped(tx, ctx, "ambiguous_no_msgcall");
  tx.transfer(1, r.pick(TOKENS), b, a, small(r));
};

/** Two MsgCalls: gen-2 events are ambiguous, gen 1 and 3 still count. */
const twoCalls: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const [caller, receiver] = twoAccounts(ctx);
  const first = r.pick(TOKENS);
  tx.call(caller, first.realm, "Transfer", [receiver, "1"]);
  tx.call(caller, r.pick(TOKENS).realm, "Transfer", [receiver, "2"]);
  genTwoShaped(tx, ctx, "ambiguous_many_msgcalls");
  tx.transfer(r.pick([1, 3] as const), first, caller, receiver, small(r));
};

function attrs(...pairs: [string, string][]): GnoEventAttribute[] {
  return pairs.map(([key, value]) => ({ key, value }));
}

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

/** One Transfer event broken in exactly one way; the rest of it is well formed. */
function malformedEvent(tx: TxBuilder, ctx: RecipeContext): void {
  const r = ctx.random;
  const token = r.pick(TOKENS);
  const [from, to] = twoAccounts(ctx);
  const value = small(r).toString();
  const lib = r.pick(LIBRARY_PATHS);
  const tokenAttr = tx.tokenAttr(token);
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
        attrs(["token", r.pick([`.${token.symbol}`, ""])], ["from", from], ["to", to], [
          "value",
          value,
        ]),
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
        token.realm,
        attrs(["from", ""], ["to", ""], ["value", value]),
      );
    case 8:
      return tx.rejected(
        "not_a_realm",
        r.pick(NON_TOKEN_PACKAGES),
        attrs(["from", from], ["to", to], ["value", value]),
      );
    default: {
      // Gen-1 shape with a broken value from a realm: still malformed.
      return tx.rejected(
        "bad_value",
        token.realm,
        attrs(["from", from], ["to", to], ["value", r.pick(BAD_VALUES)]),
      );
    }
  }
}

/** Valid events with malformed ones before, between and after them. */
const malformed: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(TOKENS);
  const [caller, receiver] = twoAccounts(ctx);
  tx.call(caller, token.realm, "Transfer", [receiver, "1"]);
  if (r.chance(0.5)) malformedEvent(tx, ctx);
  tx.transfer(generationFor(tx, token, r), token, caller, receiver, small(r));
  malformedEvent(tx, ctx);
  if (r.chance(0.5)) tx.transfer(generationFor(tx, token, r), token, receiver, caller, small(r));
  if (r.chance(0.3)) malformedEvent(tx, ctx);
};

const failed: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(TOKENS);
  const [caller, receiver] = twoAccounts(ctx);
  tx.call(caller, token.realm, "Transfer", [receiver, "1"]);
  if (r.chance(0.8)) tx.transfer(generationFor(tx, token, r), token, caller, receiver, small(r));
  if (r.chance(0.5)) tx.transfer(3, token, "", receiver, medium(r));
  tx.fail(r.pick(["insufficient balance", "out of gas", "unauthorized"]));
};

/** Transactions without token events: bank sends, deployments, other realms' events. */
const noise: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const [a, b] = twoAccounts(ctx);
  switch (r.int(0, 3)) {
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
      tx.message({
        __typename: "MsgAddPackage",
        creator: a,
        package: { name: "pkg", path, files: [{ name: "pkg.gno", body: "package pkg\n" }] },
        deposit: "",
        send: "",
        max_deposit: "",
      });
      storageDeposit(tx, r, path);
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
        type: "StorageUnlock",
        bytes_delta: -r.int(1, 500),
        fee_refund: { amount: r.int(1, 5000), denom: "ugnot" },
        pkg_path: realm,
      });
      tx.gnoEvent("Transfer", "gno.land/r/gnoswap/v1/pool", null);
      tx.rejections.push({ reason: "missing_attr", eventIndex: tx.events.length - 1 });
      return;
    }
    default:
      tx.call(a, "gno.land/r/demo/nft", "TransferFrom", [b, "1"]);
      tx.rejected(
        "not_a_realm",
        "gno.land/p/demo/grc/grc721",
        attrs(["from", a], ["to", b], ["tid", "1"]),
      );
  }
};

/** An unknown realm emitting gen-1 events is a token too; it funds itself by minting first. */
const stray: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const realm = r.pick(STRAY_REALMS);
  const token = { realm, symbol: "" };
  const [a, b] = twoAccounts(ctx);
  tx.call(a, realm, "Play", []);
  const minted = medium(r);
  const moved = minted / 2n;
  tx.transfer(1, token, "", a, minted);
  tx.transfer(1, token, a, b, moved);
  tx.transfer(1, token, b, "", moved / 2n);
};

/** Valid but unusual values: zero, leading zeros, 78 digits (minted then burnt again). */
const edgeValues: Recipe = (tx, ctx) => {
  const r = ctx.random;
  const token = r.pick(TOKENS);
  const [a, b] = twoAccounts(ctx);
  tx.call(a, token.realm, "Transfer", [b, "0"]);
  tx.transfer(generationFor(tx, token, r), token, a, b, 0n);
  tx.transfer(generationFor(tx, token, r), token, a, b, 7n, "007");
  const huge = 10n ** 77n + r.bigint(0n, 10n ** 20n);
  tx.transfer(3, token, "", b, huge);
  tx.transfer(3, token, b, "", huge);
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

/** Genesis: one tx per token minting a reserve in [2^62, 2^63) to every account. */
export function buildGenesisTx(ctx: RecipeContext, tokenIndex: number, admin: string): TxBuilder {
  const tx = new TxBuilder(ctx.random);
  const token = TOKENS[tokenIndex];
  tx.call(admin, token.realm, "Faucet", []);
  const generation = ((tokenIndex % 3) + 1) as Generation;
  for (const account of ctx.accounts) {
    tx.transfer(generation, token, "", account, ctx.random.bigint(1n << 62n, INT64_MAX));
  }
  return tx;
}
