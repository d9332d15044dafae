/**
 * The steps that bring a database of an earlier schema version to the current one (schema.sql),
 * inside migrate()'s single transaction: each step's `reshape` changes the tables that exist,
 * then schema.sql creates what is new, then `fill` derives the new tables' rows. A step that
 * cannot finish, or finds the data inconsistent, throws and leaves the database as it was
 * (docs/architecture.md, "Schema").
 */
import type postgres from "postgres";
import { COARSE_BUCKET_BITS, FINE_BUCKET_BITS } from "../balance_buckets.ts";
import { FatalError } from "../errors.ts";
import { DEFAULT_GRC20_LIBRARY_PATHS, parseTransaction, symbolOfTokenId } from "../events/mod.ts";
import type { Sql } from "./connect.ts";
import { storedTransactions } from "./stored_transactions.ts";

type Tx = postgres.TransactionSql;

export interface Migration {
  /** The version this step produces. */
  version: number;
  description: string;
  /** Changes the tables of the earlier version, before schema.sql runs. */
  reshape(tx: Tx): Promise<void>;
  /** Fills what schema.sql created, from what the database held. */
  fill(tx: Tx): Promise<void>;
}

/** How to start over when a database cannot be migrated: the chain is indexed again. */
export const REINDEX_ADVICE = "reindex: point DATABASE_URL at an empty database (or drop this " +
  "one) and restart; the synchronizer indexes the chain again from SYNC_START_HEIGHT";

export class MigrationRefusedError extends FatalError {
  override name = "MigrationRefusedError";
  constructor(version: number, reason: string) {
    super(`Cannot migrate the database to schema version ${version}: ${reason}; ${REINDEX_ADVICE}`);
  }
}

/**
 * Version 1 (no schema_version table) named tokens by realm path only, which added up the tokens
 * of a realm that holds several. Every applied event's token id is its `token` attr, read back
 * from the stored transaction (the realm path when it has none), and the balances are summed
 * again per token id from the events; both are checked before the step commits. The tokens
 * table and the bucket sums of balances as of a height are built from the events, and the
 * token metadata from the NewToken events of the stored transactions (parsed with the default
 * grc20 library paths: version 1 did not read NewToken at all).
 */
const tokenIds: Migration = {
  version: 2,
  description: "balances and history per token id, tokens, balances as of a height",
  async reshape(tx) {
    await tx`ALTER TABLE token_events ADD COLUMN token_id TEXT`;
    await tx`
      UPDATE token_events e
      SET token_id = COALESCE((
        SELECT a ->> 'value'
        FROM json_array_elements(CASE
          WHEN json_typeof(t.events -> e.event_index -> 'attrs') = 'array'
          THEN t.events -> e.event_index -> 'attrs' ELSE '[]'::json END) AS a
        WHERE a ->> 'key' = 'token'
        LIMIT 1
      ), e.token_path)
      FROM transactions t
      WHERE t.block_height = e.block_height AND t.tx_index = e.tx_index`;
    const [{ orphans, strangers }] = await tx<{ orphans: number; strangers: number }[]>`
      SELECT count(*) FILTER (WHERE token_id IS NULL)::int AS orphans,
        count(*) FILTER (WHERE token_id IS NOT NULL AND token_path <> ${realmOf(tx, "token_id")}
          )::int AS strangers
      FROM token_events`;
    if (orphans > 0) {
      throw new MigrationRefusedError(
        2,
        `${orphans} applied token events have no stored transaction to read their token id from`,
      );
    }
    if (strangers > 0) {
      throw new MigrationRefusedError(
        2,
        `${strangers} applied token events name a token whose realm is not their stored token path`,
      );
    }
    await tx`ALTER TABLE token_events ALTER COLUMN token_id SET NOT NULL`;
    // Recreated by schema.sql with the token id among the columns they hold.
    await tx`DROP INDEX IF EXISTS token_events_sent`;
    await tx`DROP INDEX IF EXISTS token_events_received`;
    // Kept aside to check the new balances against; schema.sql creates the new table.
    await tx`DROP INDEX IF EXISTS balances_token`;
    await tx`ALTER TABLE balances RENAME TO balances_by_realm`;
    await tx`ALTER TABLE balances_by_realm RENAME CONSTRAINT balances_pkey TO balances_by_realm_pkey`;
    await tx`
      ALTER TABLE sync_state
        DROP CONSTRAINT sync_state_status_check,
        ADD CONSTRAINT sync_state_status_check
          CHECK (status IN ('syncing', 'caught_up', 'stalled', 'error', 'stopped')),
        ADD COLUMN stalled_height BIGINT,
        ADD COLUMN retry_failures INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN next_retry_at TIMESTAMPTZ`;
    // Windows still in flight were sent as messages the processor now refuses (superseded):
    // the synchronizer republishes them at its next look instead of after the timeout.
    await tx`
      UPDATE published_windows SET published_at = '-infinity' WHERE applied_parts < part_count`;
  },
  async fill(tx) {
    await tx`
      INSERT INTO balances (address, token_id, token_path, amount)
      SELECT address, token_id, min(token_path), sum(amount)
      FROM (
        SELECT to_address AS address, token_id, token_path, amount
        FROM token_events WHERE to_address <> ''
        UNION ALL
        SELECT from_address, token_id, token_path, -amount
        FROM token_events WHERE from_address <> ''
      ) AS deltas
      GROUP BY address, token_id`;
    // The old balances are the new ones summed per realm, or something was lost on the way.
    const [{ differing }] = await tx<{ differing: number }[]>`
      SELECT count(*)::int AS differing
      FROM (SELECT address, token_path, sum(amount) AS amount FROM balances
        GROUP BY address, token_path) AS new
      FULL JOIN balances_by_realm AS old USING (address, token_path)
      WHERE COALESCE(new.amount, 0) <> COALESCE(old.amount, 0)`;
    if (differing > 0) {
      throw new MigrationRefusedError(
        2,
        `${differing} stored balances differ from the sum of their applied token events`,
      );
    }
    await tx`DROP TABLE balances_by_realm`;
    await sumTokens(tx);
    await sumBalanceBuckets(tx);
    await readTokenMetadata(tx);
  },
};

export const MIGRATIONS: readonly Migration[] = [tokenIds];

/**
 * Fills the tokens table from the applied events and the balances: supply, holders, movements,
 * heights, and the symbol the token id names. Also loads the API benchmark's data set.
 */
export async function sumTokens(sql: Sql | Tx): Promise<void> {
  await sql`
    INSERT INTO tokens (token_id, token_path, total_supply, holders, transfers, first_height,
      last_height)
    SELECT e.token_id, e.token_path, e.supply, COALESCE(b.holders, 0), e.transfers,
      e.first_height, e.last_height
    FROM (
      SELECT token_id, min(token_path) AS token_path,
        sum(CASE WHEN from_address = '' THEN amount WHEN to_address = '' THEN -amount
          ELSE 0 END) AS supply,
        count(*) AS transfers, min(block_height) AS first_height,
        max(block_height) AS last_height
      FROM token_events GROUP BY token_id
    ) AS e
    LEFT JOIN (SELECT token_id, count(*) AS holders FROM balances WHERE amount <> 0
      GROUP BY token_id) AS b USING (token_id)`;
  const ids = await sql<{ token_id: string }[]>`SELECT token_id FROM tokens`;
  const symbols = ids.map((row) => symbolOfTokenId(row.token_id) ?? "");
  await sql`
    UPDATE tokens t SET symbol = NULLIF(s.symbol, '')
    FROM unnest(${ids.map((row) => row.token_id)}::text[], ${symbols}::text[])
      AS s(token_id, symbol)
    WHERE s.token_id = t.token_id`;
}

/**
 * Fills balance_sums from the applied events (shared/balance_buckets.ts). Also loads the API
 * benchmark's data set.
 */
export async function sumBalanceBuckets(sql: Sql | Tx): Promise<void> {
  await sql`
    INSERT INTO balance_sums (address, token_id, level, bucket, amount)
    SELECT address, token_id, l.level, l.bucket, sum(amount)
    FROM (
      SELECT to_address AS address, token_id, block_height, amount
      FROM token_events WHERE to_address <> ''
      UNION ALL
      SELECT from_address, token_id, block_height, -amount
      FROM token_events WHERE from_address <> ''
    ) AS deltas
    CROSS JOIN LATERAL (VALUES
      (1::smallint, block_height >> ${FINE_BUCKET_BITS}::int),
      (2::smallint, block_height >> ${COARSE_BUCKET_BITS}::int)) AS l(level, bucket)
    GROUP BY address, token_id, l.level, l.bucket`;
}

/** Token metadata from the NewToken events of the stored transactions, the earliest winning. */
async function readTokenMetadata(tx: Tx): Promise<void> {
  const stored = await storedTransactions(tx, tx`events::text LIKE '%"NewToken"%'`);
  for (const transaction of stored) {
    const { tokens } = parseTransaction(transaction, {
      libraryPaths: DEFAULT_GRC20_LIBRARY_PATHS,
    });
    for (const t of tokens) {
      await tx`
        INSERT INTO tokens AS k (token_id, token_path, symbol, name, decimals, first_height,
          last_height, created_height, created_tx_index, created_event_index)
        VALUES (${t.tokenId}, ${t.tokenPath}, ${t.symbol}, ${t.name}, ${t.decimals},
          ${t.blockHeight}, ${t.blockHeight}, ${t.blockHeight}, ${t.txIndex}, ${t.eventIndex})
        ON CONFLICT (token_id) DO UPDATE SET symbol = excluded.symbol, name = excluded.name,
          decimals = excluded.decimals, created_height = excluded.created_height,
          created_tx_index = excluded.created_tx_index,
          created_event_index = excluded.created_event_index,
          first_height = LEAST(k.first_height, excluded.first_height),
          last_height = GREATEST(k.last_height, excluded.last_height)
        WHERE k.created_height IS NULL`;
    }
  }
}

/** The realm path of a token id column, in SQL: its last path segment cut at the first dot. */
function realmOf(tx: Tx, column: string) {
  return tx`regexp_replace(${tx(column)}, '^(.*/[^/.]*)[.].*$', '\\1')`;
}
