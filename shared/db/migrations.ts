/**
 * The steps that bring a database of an earlier schema version to the current one (schema.sql),
 * each run inside migrate()'s single transaction: a step that cannot finish, or finds the data
 * inconsistent, throws and leaves the database as it was (docs/architecture.md, "Schema").
 */
import type postgres from "postgres";
import { COARSE_BUCKET_BITS, FINE_BUCKET_BITS } from "../balance_buckets.ts";
import { FatalError } from "../errors.ts";
import {
  DEFAULT_GRC20_LIBRARY_PATHS,
  parseTransaction,
  symbolOfTokenId,
  type UpstreamTransaction,
} from "../events/mod.ts";

export interface Migration {
  /** The version this step produces. */
  version: number;
  description: string;
  run(tx: postgres.TransactionSql): Promise<void>;
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
 * grc20 library paths, which version 1 did not read at all).
 */
const tokenIds: Migration = {
  version: 2,
  description: "balances and history per token id",
  async run(tx) {
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

    await tx`DROP INDEX IF EXISTS balances_token`;
    await tx`ALTER TABLE balances RENAME TO balances_by_realm`;
    await tx`ALTER TABLE balances_by_realm RENAME CONSTRAINT balances_pkey TO balances_by_realm_pkey`;
    await tx`
      CREATE TABLE balances (
        address    TEXT NOT NULL,
        token_id   TEXT NOT NULL,
        token_path TEXT NOT NULL,
        amount     NUMERIC NOT NULL,
        PRIMARY KEY (address, token_id)
      )`;
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
    await createTokens(tx);
    await createBalanceSums(tx);

    await tx`
      ALTER TABLE sync_state
        DROP CONSTRAINT sync_state_status_check,
        ADD CONSTRAINT sync_state_status_check
          CHECK (status IN ('syncing', 'caught_up', 'stalled', 'error', 'stopped')),
        ADD COLUMN stalled_height BIGINT`;
    // Windows still in flight were sent as messages the processor now refuses (superseded):
    // the synchronizer republishes them at its next look instead of after the timeout.
    await tx`
      UPDATE published_windows SET published_at = '-infinity' WHERE applied_parts < part_count`;
  },
};

export const MIGRATIONS: readonly Migration[] = [tokenIds];

/** The tokens table of version 2, filled from the applied events and the stored NewTokens. */
async function createTokens(tx: postgres.TransactionSql): Promise<void> {
  await tx`
    CREATE TABLE tokens (
      token_id     TEXT PRIMARY KEY,
      token_path   TEXT NOT NULL,
      symbol       TEXT,
      name         TEXT,
      decimals     SMALLINT,
      total_supply NUMERIC NOT NULL DEFAULT 0,
      holders      BIGINT NOT NULL DEFAULT 0,
      transfers    BIGINT NOT NULL DEFAULT 0,
      first_height BIGINT,
      last_height  BIGINT,
      created_height      BIGINT,
      created_tx_index    INTEGER,
      created_event_index INTEGER
    )`;
  await tx`
    INSERT INTO tokens (token_id, token_path, total_supply, transfers, first_height, last_height)
    SELECT token_id, min(token_path),
      sum(CASE WHEN from_address = '' THEN amount WHEN to_address = '' THEN -amount ELSE 0 END),
      count(*), min(block_height), max(block_height)
    FROM token_events GROUP BY token_id`;
  await tx`
    UPDATE tokens t SET holders = h.n
    FROM (SELECT token_id, count(*) AS n FROM balances WHERE amount <> 0 GROUP BY token_id) h
    WHERE h.token_id = t.token_id`;
  const ids = await tx<{ token_id: string }[]>`SELECT token_id FROM tokens`;
  for (const { token_id } of ids) {
    const symbol = symbolOfTokenId(token_id);
    if (symbol !== null) {
      await tx`UPDATE tokens SET symbol = ${symbol} WHERE token_id = ${token_id}`;
    }
  }
  const stored = await tx<
    {
      block_height: string;
      tx_index: number;
      hash: string;
      success: boolean;
      messages: UpstreamTransaction["messages"];
      events: NonNullable<UpstreamTransaction["response"]["events"]>;
    }[]
  >`
    SELECT block_height::text, tx_index, hash, success, messages, events FROM transactions
    WHERE events::text LIKE '%"NewToken"%'
    ORDER BY block_height, tx_index`;
  for (const row of stored) {
    const { tokens } = parseTransaction({
      hash: row.hash,
      index: row.tx_index,
      block_height: Number(row.block_height),
      success: row.success,
      messages: row.messages,
      response: { events: row.events },
    }, { libraryPaths: DEFAULT_GRC20_LIBRARY_PATHS });
    // In chain order: the earliest NewToken of a token wins.
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

/** The bucket sums of version 2 (shared/balance_buckets.ts), summed from the applied events. */
async function createBalanceSums(tx: postgres.TransactionSql): Promise<void> {
  await tx`
    CREATE TABLE balance_sums (
      address  TEXT NOT NULL,
      token_id TEXT NOT NULL,
      level    SMALLINT NOT NULL CHECK (level IN (1, 2)),
      bucket   BIGINT NOT NULL,
      amount   NUMERIC NOT NULL,
      PRIMARY KEY (address, level, bucket, token_id)
    )`;
  await tx`
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

/** The realm path of a token id column, in SQL: its last path segment cut at the first dot. */
function realmOf(tx: postgres.TransactionSql, column: string) {
  return tx`regexp_replace(${tx(column)}, '^(.*/[^/.]*)[.].*$', '\\1')`;
}
