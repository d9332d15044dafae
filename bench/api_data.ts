/**
 * Loads the API benchmark's data set straight into a database (a loading shortcut, not the
 * pipeline): addresses × tokens balances and generated transfers between those addresses, with
 * blocks for their times and a sync checkpoint so that every row is consistent. The database is
 * kept and reused by later runs with the same sizes.
 */
import { bech32 } from "bech32";
import postgres from "postgres";
import { migrate, SCHEMA_VERSION, schemaUrl } from "../shared/db/migrate.ts";
import { sumBalanceBuckets, sumTokens } from "../shared/db/migrations.ts";
import { createDatabase, databaseExists, databaseUrl } from "./database.ts";

export const TOKENS = 10;
export const EVENTS_PER_BLOCK = 4;

export interface ApiData {
  url: string;
  /** A sample of the addresses that hold balances and have transfers. */
  addresses: string[];
  /** The token id of token i. */
  token: (i: number) => string;
  /** A height in the middle of the data set's history. */
  middleHeight: number;
}

export const tokenPath = (i: number) => `gno.land/r/bench/token${i}`;
/** Token ids as the chain emits them since 2026-07: realm, symbol, sequence number. */
export const tokenId = (i: number) => `${tokenPath(i)}.TOK${i}.${String(i).padStart(7, "0")}`;

export function benchAddress(i: number): string {
  const bytes = new Uint8Array(20);
  new DataView(bytes.buffer).setUint32(0, i + 1);
  new DataView(bytes.buffer).setUint32(16, Math.imul(i + 1, 2654435761) >>> 0);
  return bech32.encode("g", bech32.toWords(bytes));
}

export async function loadApiData(
  baseUrl: string,
  sizes: { balances: number; transfers: number },
): Promise<ApiData> {
  // A data set of another schema version is not reused: it was loaded without the chain data a
  // migration reads, so it is loaded again under its own name.
  const name = `bench_api_v${SCHEMA_VERSION}_${sizes.balances}_${sizes.transfers}`;
  const accounts = Math.max(1, Math.ceil(sizes.balances / TOKENS));
  const sample = Array.from({ length: 1000 }, (_, k) => benchAddress((k * 7919) % accounts));
  if (await databaseExists(baseUrl, name)) {
    const url = databaseUrl(baseUrl, name);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const loaded = await sql`SELECT 1 FROM pg_tables WHERE tablename = 'bench_loaded'`;
    // A data set kept from an older build gets the current indexes before it is measured.
    if (loaded.length > 0) await sql.unsafe(await Deno.readTextFile(schemaUrl));
    await sql.end();
    if (loaded.length > 0) {
      return { url, addresses: sample, token: tokenId, middleHeight: middleOf(sizes) };
    }
  }
  const url = await createDatabase(baseUrl, name);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(sql);
    const started = performance.now();
    await sql`CREATE TABLE bench_addresses (id integer PRIMARY KEY, address text NOT NULL)`;
    for (let from = 0; from < accounts; from += 20_000) {
      const ids = Array.from({ length: Math.min(20_000, accounts - from) }, (_, k) => from + k);
      await sql`INSERT INTO bench_addresses SELECT * FROM unnest(${ids}::int[], ${
        ids.map(benchAddress)
      }::text[])`;
    }
    const ids = Array.from({ length: TOKENS }, (_, i) => tokenId(i));
    const paths = Array.from({ length: TOKENS }, (_, i) => tokenPath(i));
    await sql`
      INSERT INTO balances (address, token_id, token_path, amount)
      SELECT a.address, t.id, t.path, (a.id::numeric * 1000000000000 + length(t.path))
      FROM bench_addresses a CROSS JOIN unnest(${ids}::text[], ${paths}::text[]) AS t(id, path)
      LIMIT ${sizes.balances}`;
    await sql`DROP INDEX IF EXISTS token_events_sent`;
    await sql`DROP INDEX IF EXISTS token_events_received`;
    await sql`ALTER TABLE token_events DROP CONSTRAINT IF EXISTS token_events_pkey`;
    // Every 16th event a mint, every 16th (offset) a burn; the rest transfers.
    await sql`
      INSERT INTO token_events (block_height, tx_index, event_index, tx_hash, token_id,
        token_path, from_address, to_address, amount)
      SELECT i / ${EVENTS_PER_BLOCK}, i % ${EVENTS_PER_BLOCK}, 0, md5(i::text),
        (${ids}::text[])[1 + i % ${TOKENS}], (${paths}::text[])[1 + i % ${TOKENS}],
        CASE WHEN i % 16 = 0 THEN '' ELSE f.address END,
        CASE WHEN i % 16 = 8 THEN '' ELSE t.address END,
        (i % 100000 + 1)::numeric
      FROM generate_series(0, ${sizes.transfers - 1}::bigint) AS i
      JOIN bench_addresses f ON f.id = (i * 7919) % ${accounts}
      JOIN bench_addresses t ON t.id = (i * 104729 + 1) % ${accounts}`;
    await sql`ALTER TABLE token_events ADD PRIMARY KEY (block_height, tx_index, event_index)`;
    // Balances as of a height and the token list read these, which the processor keeps.
    await sql`ALTER TABLE balance_sums DROP CONSTRAINT IF EXISTS balance_sums_pkey`;
    await sql`DROP INDEX IF EXISTS balance_sums_token`;
    await sumBalanceBuckets(sql);
    await sql`ALTER TABLE balance_sums ADD PRIMARY KEY (address, level, bucket, token_id)`;
    await sumTokens(sql);
    // Rebuilds the dropped indexes exactly as schema.sql defines them.
    await sql.unsafe(await Deno.readTextFile(schemaUrl));
    const lastHeight = Math.floor((sizes.transfers - 1) / EVENTS_PER_BLOCK);
    await sql`
      INSERT INTO blocks (height, hash, last_block_hash, time, num_txs, chain_id)
      SELECT h, md5(h::text), md5((h - 1)::text), '2025-01-01'::timestamptz + h * interval '1 s',
        ${EVENTS_PER_BLOCK}, 'bench'
      FROM generate_series(0, ${lastHeight}::bigint) AS h`;
    await sql`
      INSERT INTO sync_state (component, last_height, status, head_height)
      VALUES ('sync', ${lastHeight}, 'caught_up', ${lastHeight})
      ON CONFLICT (component) DO UPDATE SET last_height = excluded.last_height`;
    await sql`VACUUM ANALYZE`;
    await sql`CREATE TABLE bench_loaded (seconds numeric)`;
    await sql`INSERT INTO bench_loaded VALUES (${(performance.now() - started) / 1000})`;
    return { url, addresses: sample, token: tokenId, middleHeight: middleOf(sizes) };
  } finally {
    await sql.end();
  }
}

/** The middle of the data set's heights: events fill EVENTS_PER_BLOCK per block from 0. */
function middleOf(sizes: { transfers: number }): number {
  return Math.floor((sizes.transfers - 1) / EVENTS_PER_BLOCK / 2);
}
