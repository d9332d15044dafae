/**
 * Balances as of a height, against a replay of the history (the devnet's truth at that
 * height): random accounts at random heights, heights at the edges of the fine and coarse
 * buckets of heights the sums are kept in (shared/balance_buckets.ts), and heights inside
 * stretches denser than the upstream cap. The whole product runs as processes.
 */
import assert from "node:assert/strict";
import { startChaos } from "../chaos/harness.ts";
import { COARSE_BUCKET_BITS, FINE_BUCKET_BITS } from "../shared/balance_buckets.ts";

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % below;
  };
}

async function balancesOf(url: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page: string = `${url}&limit=1000${cursor ? `&cursor=${cursor}` : ""}`;
    const response = await fetch(page);
    const text = await response.text();
    assert.equal(response.status, 200, `${page}: ${text}`);
    const body = JSON.parse(text.replace(/"amount":(\d+)/g, '"amount":"$1"'));
    for (const b of body.balances ?? body.accountBalances) {
      found.set(`${b.address} ${b.tokenId}`, b.amount);
    }
    cursor = body.nextCursor;
  } while (cursor);
  return found;
}

Deno.test("balances as of a height equal a replay of the history", async () => {
  const coarse = 2 ** COARSE_BUCKET_BITS;
  const fine = 2 ** FINE_BUCKET_BITS;
  const chaos = await startChaos({
    // Past the first coarse bucket, with 6,000-transaction blocks at 30,000, 30,001 and 60,000.
    devnet: {
      seed: "as-of",
      blocks: coarse + 3_000,
      accounts: 12,
      dense: { every: 30_000, length: 2, txs: 6_000 },
    },
    productDefaults: true,
  });
  try {
    const head = chaos.devnet.head();
    for (const kind of ["sync", "processor", "api"] as const) chaos.start(kind);
    await chaos.waitConsistent({ height: head, timeoutMs: 300_000 });
    const api = chaos.apiUrl();
    const next = random(7);
    const heights = [
      0,
      1,
      fine - 1,
      fine,
      fine + 1,
      coarse - 1,
      coarse,
      coarse + 1,
      29_999,
      30_000,
      30_001,
      60_000,
      head,
      ...Array.from({ length: 40 }, () => next(head + 1)),
    ];
    const accounts = chaos.devnet.accounts;
    for (const height of heights) {
      const truth = chaos.devnet.balancesAt(height);
      const account = accounts[next(accounts.length)];
      const expected = new Map<string, string>();
      for (const [key, amount] of truth) {
        const [tokenId, address] = key.split("\u0000");
        if (address === account) expected.set(`${address} ${tokenId}`, amount.toString());
      }
      const actual = await balancesOf(`${api}/tokens/balances?address=${account}&height=${height}`);
      assert.deepEqual(actual, expected, `${account} at height ${height}`);
    }
    // A token's holders at a few heights, every one of them.
    const tokens = [...chaos.devnet.truth(head).tokens.keys()];
    for (const height of [fine, 30_000, coarse + 7, next(head + 1)]) {
      const tokenId = tokens[next(tokens.length)];
      const expected = new Map<string, string>();
      for (const [key, amount] of chaos.devnet.balancesAt(height)) {
        const [id, address] = key.split("\u0000");
        if (id === tokenId) expected.set(`${address} ${id}`, amount.toString());
      }
      const actual = await balancesOf(
        `${api}/tokens/${encodeURIComponent(tokenId)}/balances?height=${height}`,
      );
      assert.deepEqual(actual, expected, `${tokenId} at height ${height}`);
    }

    const above = await fetch(`${api}/tokens/balances?address=${accounts[0]}&height=${head + 1}`);
    assert.equal(above.status, 409);
    const error = (await above.json()).error;
    assert.equal(error.code, "height_not_consistent");
    assert.equal(error.consistentThrough, head);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await chaos.logs(20)}`, { cause: error });
  } finally {
    await chaos.stopAll();
    await chaos.close();
  }
});
