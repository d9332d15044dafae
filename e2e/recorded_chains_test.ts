/**
 * The whole product on real chains' data: sync, processor and API as separate processes with
 * their default settings, against the devnet serving a chain recorded from the real tx-indexer
 * (devnet/recorded/), real PostgreSQL and ElasticMQ. Every (account, token id) balance must
 * equal the chain's own `BalanceOf` answer, and the history must hold exactly the chain's grc20
 * movements: nothing that is one is rejected, nothing that is not (NFT events) is applied or
 * counted as forged.
 */
import assert from "node:assert/strict";
import type { RecordedChainData } from "../devnet/mod.ts";
import { startChaos } from "../chaos/harness.ts";
import { DEFAULT_GRC20_LIBRARY_PATHS, realmOfTokenId } from "../shared/events/mod.ts";

interface RecordedBalance {
  account: string;
  token: string;
  realm_path: string;
  balance: string;
}

interface RecordedEvent {
  __typename: string;
  type?: string;
  pkg_path?: string;
  attrs?: { key: string; value: string }[] | null;
}

const recorded = (path: string) =>
  Deno.readTextFile(new URL(`../devnet/recorded/${path}`, import.meta.url)).then(JSON.parse);

/** The chain's grc20 movements, read straight from the recording (not by the product's parser). */
function grc20Transfers(chain: RecordedChainData) {
  const transfers: { from: string; to: string; token: string; value: string }[] = [];
  for (const tx of chain.transactions as { success: boolean; response: { events: unknown } }[]) {
    if (!tx.success) continue;
    for (const event of (tx.response.events ?? []) as RecordedEvent[]) {
      if (event.__typename !== "GnoEvent" || event.type !== "Transfer") continue;
      if (!DEFAULT_GRC20_LIBRARY_PATHS.includes(event.pkg_path ?? "")) continue;
      const attr = (key: string) => event.attrs?.find((a) => a.key === key)?.value ?? "";
      transfers.push({
        from: attr("from"),
        to: attr("to"),
        token: attr("token"),
        value: attr("value"),
      });
    }
  }
  return transfers;
}

/** The chain's NewToken events, read straight from the recording. */
function newTokens(chain: RecordedChainData) {
  const found = new Map<string, { name: string; symbol: string; decimals: number }>();
  for (const tx of chain.transactions as { success: boolean; response: { events: unknown } }[]) {
    for (const event of (tx.response.events ?? []) as RecordedEvent[]) {
      if (event.__typename !== "GnoEvent" || event.type !== "NewToken") continue;
      const attr = (key: string) => event.attrs?.find((a) => a.key === key)?.value ?? "";
      found.set(attr("token"), {
        name: attr("name"),
        symbol: attr("symbol"),
        decimals: Number(attr("decimals")),
      });
    }
  }
  return found;
}

/** Every item of a paged list, with amounts kept as their exact digits. */
async function allItems(url: string, list: string): Promise<Record<string, string>[]> {
  const items: Record<string, string>[] = [];
  let cursor: string | null = null;
  do {
    const page: string = `${url}${url.includes("?") ? "&" : "?"}limit=1000${
      cursor ? `&cursor=${cursor}` : ""
    }`;
    const text = await (await fetch(page)).text();
    // Amounts are JSON numbers of any size: read them as text.
    const body = JSON.parse(text.replace(/"(amount|totalSupply)":(\d+)/g, '"$1":"$2"'));
    items.push(...body[list]);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

for (
  const { name, folder } of [
    { name: "gno 2025-09 (the version tx-indexer v0.8.0 pins)", folder: "" },
    { name: "gno master 2026-08", folder: "gno-master/" },
  ]
) {
  Deno.test(`a chain recorded on ${name} is indexed to the chain's own balances`, async () => {
    const chain: RecordedChainData = await recorded(`${folder}chain.json`);
    const { balances }: { balances: RecordedBalance[] } = await recorded(`${folder}balances.json`);
    const transfers = grc20Transfers(chain);
    const grc20Tokens = new Set(transfers.map((t) => t.token));
    const expected = new Map(
      balances.filter((b) => grc20Tokens.has(b.token) && b.balance !== "0")
        .map((b) => [`${b.account} ${b.token}`, b.balance]),
    );
    assert.ok(expected.size >= 19, "the recording holds the chain's grc20 balances");
    assert.ok(
      balances.some((b) => !grc20Tokens.has(b.token)) === (folder !== ""),
      "gno master's recording holds an NFT count that is no grc20 balance",
    );

    const chaos = await startChaos({ devnet: { recorded: chain }, productDefaults: true });
    try {
      for (const kind of ["sync", "processor", "api"] as const) chaos.start(kind);
      await chaos.waitConsistent({ height: chain.latestBlockHeight, timeoutMs: 120_000 });
      const api = chaos.apiUrl();

      const listed = await allItems(`${api}/tokens/balances`, "balances");
      assert.deepEqual(
        new Map(listed.map((b) => [`${b.address} ${b.tokenId}`, b.amount])),
        expected,
      );
      for (const b of listed) assert.equal(b.tokenPath, realmOfTokenId(b.tokenId));
      for (const token of grc20Tokens) {
        const holders = await allItems(`${api}/tokens/${token}/balances`, "accountBalances");
        assert.deepEqual(
          holders.map((b) => `${b.address} ${b.tokenId} ${b.amount}`).sort(),
          [...expected].filter(([key]) => key.endsWith(` ${token}`))
            .map(([key, amount]) => `${key} ${amount}`).sort(),
          token,
        );
      }

      const history = await allItems(`${api}/tokens/transfer-history`, "transfers");
      assert.equal(history.length, transfers.length);
      assert.deepEqual(
        history.map((t) => `${t.fromAddress} ${t.toAddress} ${t.tokenId} ${t.amount}`).sort(),
        transfers.map((t) => `${t.from} ${t.to} ${t.token} ${t.value}`).sort(),
      );
      const accounts = new Set(balances.map((b) => b.account));
      for (const account of accounts) {
        const own = await allItems(
          `${api}/tokens/transfer-history?address=${account}`,
          "transfers",
        );
        assert.equal(
          own.length,
          transfers.filter((t) => t.from === account || t.to === account).length,
          account,
        );
      }

      // Tokens: the chain's metadata where it emitted NewToken, supply the sum of balances.
      const created = newTokens(chain);
      assert.equal(created.size, folder === "" ? 0 : 6, "NewToken events only on gno master");
      const tokens = await allItems(`${api}/tokens`, "tokens");
      assert.deepEqual(
        tokens.map((t) => t.tokenId).sort(),
        [...new Set([...grc20Tokens, ...created.keys()])].sort(),
      );
      for (const token of tokens as unknown as Record<string, string | number | null>[]) {
        const id = token.tokenId as string;
        const meta = created.get(id);
        assert.deepEqual(
          [token.name, token.decimals],
          meta ? [meta.name, meta.decimals] : [null, null],
          id,
        );
        const held = [...expected].filter(([key]) => key.endsWith(` ${id}`));
        const sum = held.reduce((total, [, amount]) => total + BigInt(amount), 0n);
        assert.equal(String(token.totalSupply), String(sum), `${id} supply`);
        assert.equal(token.holders, held.length, `${id} holders`);
        assert.equal(token.transfers, transfers.filter((t) => t.token === id).length, id);
      }

      const rejected = await chaos.sql<{ reason: string; n: number }[]>`
        SELECT reason, count(*)::int AS n FROM rejected_events GROUP BY reason`;
      assert.deepEqual(rejected.map((r) => ({ ...r })), [], "no event of the chain is rejected");
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${await chaos.logs(20)}`, { cause: error });
    } finally {
      await chaos.stopAll();
      await chaos.close();
    }
  });
}
