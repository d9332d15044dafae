/**
 * tx-indexer v0.8.0's deprecated root fields `blocks(filter:)` and `transactions(filter:)`:
 * their hand-written filters (serve/graph/block_filter.go, transaction_filter.go), quirks
 * included. The height/index range is the store's scan (`deprecatedBlockScan` and
 * `deprecatedTransactionScan` in scan.ts); these predicates are what is applied to each item.
 */
import { timeNanos } from "./filter.ts";
import type { Int64 } from "./int64.ts";
import type { Block, Transaction } from "./types.ts";

type Input = Record<string, unknown>;
type Item = Record<string, unknown>;

const str = (value: unknown) => (value ?? "") as string;
const num = (value: unknown) => Number((value ?? 0) as Int64);
const given = (value: unknown) => value !== null && value !== undefined;

/**
 * `FilteredBlockBy`: from_time <= time, and time < to_time; without `to_time` the bound is the
 * server's current time (so blocks "from the future" are dropped); a zero `to_time` means none.
 */
export function deprecatedBlockFilter(
  filter: Input,
  nowNanos: () => bigint,
): (block: Block) => boolean {
  const from = given(filter.from_time) ? parseTime(filter.from_time) : null;
  const toGiven = given(filter.to_time);
  const to = toGiven ? parseTime(filter.to_time) : null;
  const zeroTo = toGiven && to === ZERO_TIME;
  return (block) => {
    const time = timeNanos(block.time);
    if (time === null) return false;
    if (from !== null && time < from) return false;
    if (zeroTo) return true;
    return time < (to ?? nowNanos());
  };
}

/** Go's zero time.Time (0001-01-01T00:00:00Z) in nanoseconds since the epoch. */
const ZERO_TIME = -62135596800n * 1_000_000_000n;

function parseTime(value: unknown): bigint {
  const at = typeof value === "string" ? timeNanos(value) : null;
  if (at === null) throw new Error(`parsing time ${JSON.stringify(value)}`);
  return at;
}

/** `FilteredTransactionBy`: success, gas used/wanted ranges, memo, events, messages. */
export function deprecatedTransactionFilter(filter: Input): (tx: Transaction) => boolean {
  return (tx) => {
    if (given(filter.success) && filter.success !== tx.success) return false;
    if (!inRange(tx.gas_used, filter.from_gas_used, filter.to_gas_used)) return false;
    if (!inRange(tx.gas_wanted, filter.from_gas_wanted, filter.to_gas_wanted)) return false;
    if (given(filter.memo) && filter.memo !== tx.memo) return false;
    if (!byEvents(tx, filter.events as Input[] | null | undefined)) return false;
    if (!byMessages(tx, filter.message as Input[] | null | undefined)) return false;
    return true;
  };
}

function inRange(value: number, from: unknown, to: unknown): boolean {
  const low = num(from);
  const high = num(to) === 0 ? Infinity : num(to);
  return value >= low && value <= high;
}

function byEvents(tx: Transaction, inputs: Input[] | null | undefined): boolean {
  if (!inputs || inputs.length === 0) return true;
  const events = (tx.response.events ?? []) as unknown as Item[];
  return events.some((event) => inputs.some((input) => eventMatches(event, input)));
}

function eventMatches(event: Item, input: Input): boolean {
  switch (event.__typename) {
    case "GnoEvent": {
      const f = input.gno_event as Input | null | undefined;
      if (!f) return false;
      if (given(f.type) && f.type !== event.type) return false;
      if (given(f.pkg_path) && f.pkg_path !== event.pkg_path) return false;
      if (given(f.attrs) && !attrsMatch(event.attrs as Item[] | null, f.attrs as Input[])) {
        return false;
      }
      return true;
    }
    case "StorageDepositEvent":
      return storageMatches(event, input.storage_deposit_event, "fee_delta");
    case "StorageUnlockEvent":
      return storageMatches(event, input.storage_unlock_event, "fee_refund");
    default:
      return false;
  }
}

function storageMatches(event: Item, filter: unknown, coinField: string): boolean {
  const f = filter as Input | null | undefined;
  if (!f) return false;
  if (given(f.type) && f.type !== event.type) return false;
  if (given(f.bytes_delta) && num(f.bytes_delta) !== event.bytes_delta) return false;
  const coinFilter = f[coinField] as Input | null | undefined;
  const coin = (event[coinField] ?? {}) as Item;
  if (coinFilter) {
    if (given(coinFilter.amount) && num(coinFilter.amount) !== coin.amount) return false;
    if (given(coinFilter.denom) && coinFilter.denom !== coin.denom) return false;
  }
  if (given(f.pkg_path) && f.pkg_path !== event.pkg_path) return false;
  return true;
}

/** An event without attributes matches any attribute filter (upstream quirk). */
function attrsMatch(attrs: Item[] | null, filters: Input[]): boolean {
  if (!attrs || attrs.length === 0) return true;
  return attrs.some((attr) =>
    filters.some((f) =>
      (!given(f.key) || attr.key === f.key) && (!given(f.value) || attr.value === f.value)
    )
  );
}

function byMessages(tx: Transaction, inputs: Input[] | null | undefined): boolean {
  if (!inputs || inputs.length === 0) return true;
  const messages = (tx.messages ?? []) as unknown as Item[];
  return messages.some((message) => inputs.some((input) => messageMatches(message, input)));
}

function messageMatches(message: Item, input: Input): boolean {
  if (given(input.route) && input.route !== message.route) return false;
  if (given(input.type_url) && input.type_url !== message.typeUrl) return false;
  const bank = input.bank_param as Input | null | undefined;
  const vm = input.vm_param as Input | null | undefined;
  if (!bank && !vm) return true;
  if (message.route === "bank") {
    if (!bank) return false;
  } else if (message.route === "vm") {
    if (!vm) return false;
  } else {
    return false;
  }
  const value = (message.value ?? {}) as Item;
  switch (message.typeUrl) {
    case "send":
      return bankSendMatches(value, bank);
    case "exec":
      return msgCallMatches(value, vm);
    case "add_package":
      return addPackageMatches(value, vm);
    case "run":
      return msgRunMatches(value, vm);
    default:
      return false;
  }
}

function bankSendMatches(value: Item, params: Input | null | undefined): boolean {
  const send = params?.send as Input | null | undefined;
  if (!params || !send) return true;
  if (given(send.amount) && !amountMatches(str(value.amount), send.amount as Input)) return false;
  if (given(send.from_address) && send.from_address !== value.from_address) return false;
  if (given(send.to_address) && send.to_address !== value.to_address) return false;
  return true;
}

function msgCallMatches(value: Item, params: Input | null | undefined): boolean {
  if (!params) return true;
  const exec = params.exec as Input | null | undefined;
  if (!exec) return false;
  if (given(exec.caller) && exec.caller !== value.caller) return false;
  if (given(exec.func) && exec.func !== value.func) return false;
  if (given(exec.pkg_path) && exec.pkg_path !== value.pkg_path) return false;
  // Upstream rejects a tx whose `send` DOES match the amount filter.
  if (given(exec.send) && amountMatches(str(value.send), exec.send as Input)) return false;
  if (given(exec.args)) {
    const args = value.args as string[] | null | undefined;
    if (!args) return false;
    const wanted = exec.args as string[];
    for (let i = 0; i < args.length && i < wanted.length; i++) {
      if (args[i] !== "" && wanted[i] !== args[i]) return false;
    }
  }
  return true;
}

function addPackageMatches(value: Item, params: Input | null | undefined): boolean {
  if (!params) return true;
  const add = params.add_package as Input | null | undefined;
  if (!add) return false;
  if (given(add.creator) && add.creator !== value.creator) return false;
  if (given(add.deposit) && amountMatches(str(value.deposit), add.deposit as Input)) return false;
  const pkg = add.package as Input | null | undefined;
  const actual = (value.package ?? {}) as Item;
  if (pkg) {
    if (given(pkg.name) && pkg.name !== actual.name) return false;
    if (given(pkg.path) && pkg.path !== actual.path) return false;
  }
  return true;
}

function msgRunMatches(value: Item, params: Input | null | undefined): boolean {
  if (!params) return true;
  const run = params.run as Input | null | undefined;
  if (!run) return false;
  if (given(run.caller) && run.caller !== value.caller) return false;
  if (given(run.send) && amountMatches(str(value.send), run.send as Input)) return false;
  const pkg = run.package as Input | null | undefined;
  const actual = (value.package ?? {}) as Item;
  if (pkg) {
    // Upstream compares name and path even when the filter leaves them out ("" then).
    if (str(pkg.name) !== actual.name) return false;
    if (str(pkg.path) !== actual.path) return false;
  }
  return true;
}

/** `filteredAmountBy` over std.ParseCoins ("<amount><denom>,..."). */
function amountMatches(amount: string, input: Input | null | undefined): boolean {
  if (!input) return true;
  const coins = parseCoins(amount);
  if (coins === null) return false;
  const allDenominations = !given(input.denomination);
  if (!allDenominations && input.denomination === "" && coins.length === 0) return true;
  const from = num(input.from);
  const to = num(input.to) === 0 ? Infinity : num(input.to);
  return coins.some((coin) =>
    (allDenominations || coin.denom === input.denomination) &&
    coin.amount >= from && coin.amount <= to
  );
}

function parseCoins(text: string): { amount: number; denom: string }[] | null {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  const coins: { amount: number; denom: string }[] = [];
  for (const part of trimmed.split(",")) {
    const m = /^([0-9]+)([a-z][a-z0-9:/._-]{2,127})$/.exec(part.trim());
    if (!m) return null;
    coins.push({ amount: Number(m[1]), denom: m[2] });
  }
  return coins;
}
