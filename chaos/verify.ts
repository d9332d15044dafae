/**
 * The exactness check every scenario ends with: all non-zero balances and the whole token event
 * history in PostgreSQL against the devnet's truth at its head, row for row; then a sample of
 * the same through the API when one is running.
 */
import { balanceKey, type Truth } from "../devnet/mod.ts";
import { bucketSumMismatches } from "../processor/apply_fixtures.ts";
import type { Sql } from "../shared/db/mod.ts";
import type { TransferRow } from "../api/queries.ts";

export interface Verified {
  height: number;
  events: number;
  balances: number;
}

/** A token_events row as the API reads it. */
type EventRow = TransferRow;

function rowKey(row: EventRow): string {
  return [
    row.block_height,
    row.tx_index,
    row.event_index,
    row.tx_hash,
    row.token_id,
    row.token_path,
    row.from_address,
    row.to_address,
    row.amount,
  ].join("|");
}

function truthKey(m: Truth["movements"][number]): string {
  return [
    m.blockHeight,
    m.txIndex,
    m.eventIndex,
    m.txHash,
    m.tokenId,
    m.tokenPath,
    m.from,
    m.to,
    m.amount,
  ].join("|");
}

/** Throws with the first differences when the database disagrees with the truth. */
export async function verifyDatabase(sql: Sql, truth: Truth): Promise<Verified> {
  const problems: string[] = [];

  const rows = await sql<EventRow[]>`
    SELECT block_height, tx_index, event_index, tx_hash, token_id, token_path, from_address,
           to_address, amount::text
    FROM token_events ORDER BY block_height, tx_index, event_index`;
  const expected = truth.movements.map(truthKey);
  if (rows.length !== expected.length) {
    problems.push(`history has ${rows.length} events, the truth ${expected.length}`);
  }
  const length = Math.max(rows.length, expected.length);
  for (let i = 0, shown = 0; i < length && shown < 5; i++) {
    const actual = rows[i] ? rowKey(rows[i]) : "(missing)";
    const wanted = expected[i] ?? "(none)";
    if (actual !== wanted) {
      problems.push(`history row ${i}: got ${actual}, expected ${wanted}`);
      shown++;
    }
  }

  const balanceRows = await sql<{ address: string; token_id: string; amount: string }[]>`
    SELECT address, token_id, amount::text FROM balances WHERE amount <> 0`;
  const actualBalances = new Map(
    balanceRows.map((r) => [balanceKey(r.token_id, r.address), BigInt(r.amount)]),
  );
  let shownBalances = 0;
  const report = (text: string) => {
    if (shownBalances++ < 5) problems.push(text);
  };
  for (const [key, amount] of truth.balances) {
    const actual = actualBalances.get(key);
    if (actual !== amount) {
      report(`balance ${key.replace("\0", " ")}: got ${actual}, expected ${amount}`);
    }
  }
  for (const [key, amount] of actualBalances) {
    if (!truth.balances.has(key)) {
      report(`balance ${key.replace("\0", " ")}: got ${amount}, expected none`);
    }
  }
  if (actualBalances.size !== truth.balances.size) {
    problems.push(`${actualBalances.size} non-zero balances, the truth has ${truth.balances.size}`);
  }

  problems.push(...await tokenProblems(sql, truth));

  const [incomplete] = await sql<{ count: string }[]>`
    SELECT count(*)::text AS count FROM published_windows WHERE applied_parts <> part_count`;
  if (incomplete.count !== "0") problems.push(`${incomplete.count} windows not exactly applied`);

  if (problems.length > 0) {
    throw new Error(
      `The database disagrees with the devnet at height ${truth.height}:\n  ` +
        problems.join("\n  "),
    );
  }
  return { height: truth.height, events: rows.length, balances: actualBalances.size };
}

/**
 * The tokens table against the truth (metadata, supply, holders, movements), and the
 * invariants the processor keeps in the transaction that applies events: supply is the sum of
 * the balances, and each level of bucket sums adds up to every balance.
 */
async function tokenProblems(sql: Sql, truth: Truth): Promise<string[]> {
  const problems: string[] = [];
  const rows = await sql<
    {
      token_id: string;
      token_path: string;
      symbol: string | null;
      name: string | null;
      decimals: number | null;
      total_supply: string;
      holders: string;
      transfers: string;
      balance_sum: string | null;
    }[]
  >`
    SELECT t.token_id, t.token_path, t.symbol, t.name, t.decimals, t.total_supply::text,
      t.holders::text, t.transfers::text,
      (SELECT sum(amount) FROM balances b WHERE b.token_id = t.token_id)::text AS balance_sum
    FROM tokens t ORDER BY t.token_id`;
  const holders = new Map<string, number>();
  for (const key of truth.balances.keys()) {
    const tokenId = key.split("\0")[0];
    holders.set(tokenId, (holders.get(tokenId) ?? 0) + 1);
  }
  const movements = new Map<string, number>();
  for (const m of truth.movements) movements.set(m.tokenId, (movements.get(m.tokenId) ?? 0) + 1);
  const expected = [...truth.tokens.values()].map((t) =>
    [
      t.tokenId,
      t.tokenPath,
      t.symbol,
      t.name,
      t.decimals,
      truth.supply.get(t.tokenId) ?? 0n,
      holders.get(t.tokenId) ?? 0,
      movements.get(t.tokenId) ?? 0,
    ].join(" ")
  ).sort();
  const actual = rows.map((r) =>
    [
      r.token_id,
      r.token_path,
      r.symbol,
      r.name,
      r.decimals,
      r.total_supply,
      r.holders,
      r.transfers,
    ].join(" ")
  );
  for (let i = 0, shown = 0; i < Math.max(expected.length, actual.length) && shown < 5; i++) {
    if (expected[i] !== actual[i]) {
      problems.push(
        `token ${i}: got ${actual[i] ?? "(none)"}, expected ${expected[i] ?? "(none)"}`,
      );
      shown++;
    }
  }
  for (const r of rows) {
    if (BigInt(r.balance_sum ?? "0") !== BigInt(r.total_supply)) {
      problems.push(`token ${r.token_id}: supply ${r.total_supply}, balances sum ${r.balance_sum}`);
    }
  }
  const mismatches = await bucketSumMismatches(sql);
  if (mismatches > 0) problems.push(`${mismatches} balances differ from their bucket sums`);
  return problems;
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text}`);
  // Amounts are exact-digit JSON numbers: keep them as text.
  return JSON.parse(
    text,
    (_key, value, context?: { source?: string }) =>
      typeof value === "number" && context?.source ? context.source : value,
  );
}

/**
 * Through the API: every balance of a few accounts and the full transfer history of one,
 * paged with cursors, against the truth.
 */
export async function verifyApiSample(
  apiUrl: string,
  truth: Truth,
  accounts: readonly string[],
): Promise<void> {
  const problems: string[] = [];
  for (const account of accounts) {
    const expected = new Map<string, string>();
    for (const [key, amount] of truth.balances) {
      const [tokenId, address] = key.split("\0");
      if (address === account) expected.set(tokenId, amount.toString());
    }
    const actual = new Map<string, string>();
    let cursor: string | null = null;
    do {
      const query: string = `address=${account}&limit=1000${cursor ? `&cursor=${cursor}` : ""}`;
      const body = await getJson(`${apiUrl}/tokens/balances?${query}`);
      for (const b of body.balances as { tokenId: string; amount: string }[]) {
        actual.set(b.tokenId, String(b.amount));
      }
      cursor = body.nextCursor as string | null;
    } while (cursor);
    for (const [token, amount] of expected) {
      if (actual.get(token) !== amount) {
        problems.push(
          `API balance ${account} ${token}: got ${actual.get(token)}, expected ${amount}`,
        );
      }
    }
    if (actual.size !== expected.size) {
      problems.push(`API lists ${actual.size} balances of ${account}, the truth ${expected.size}`);
    }
  }

  const account = accounts[0];
  const expected = truth.movements
    .filter((m) => m.from === account || m.to === account)
    .map((m) => `${m.blockHeight}|${m.txIndex}|${m.eventIndex}|${m.tokenId}|${m.amount}`)
    .reverse();
  const actual: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `address=${account}&limit=1000${cursor ? `&cursor=${cursor}` : ""}`;
    const body = await getJson(`${apiUrl}/tokens/transfer-history?${query}`);
    for (const t of body.transfers as Record<string, string | number>[]) {
      actual.push(`${t.blockHeight}|${t.txIndex}|${t.eventIndex}|${t.tokenId}|${t.amount}`);
    }
    cursor = body.nextCursor as string | null;
  } while (cursor);
  if (actual.join("\n") !== expected.join("\n")) {
    const at = actual.findIndex((line, i) => line !== expected[i]);
    problems.push(
      `API history of ${account}: ${actual.length} rows, expected ${expected.length}; ` +
        `first difference at ${at}: ${actual[at]} vs ${expected[at]}`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`The API disagrees with the devnet:\n  ${problems.join("\n  ")}`);
  }
}
