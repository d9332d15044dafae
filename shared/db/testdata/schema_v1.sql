-- The schema of the first release (version 1, no schema_version table), kept to test the
-- migration to the current one (shared/db/migrations_test.ts).
-- GRC20 token balance indexer: the whole database schema.
-- Idempotent: applied at every service start (see shared/db/migrate.ts) and by tests.
-- Amounts are NUMERIC (exact); heights are BIGINT; hashes are base64 text as upstream serves them.

-- Blocks and transactions as fetched from the tx-indexer, written by sync/ only.
CREATE TABLE IF NOT EXISTS blocks (
  height          BIGINT PRIMARY KEY,
  hash            TEXT NOT NULL,
  last_block_hash TEXT NOT NULL,
  time            TIMESTAMPTZ NOT NULL,
  num_txs         INTEGER NOT NULL,
  chain_id        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS transactions (
  block_height BIGINT NOT NULL,
  tx_index     INTEGER NOT NULL,
  hash         TEXT NOT NULL,
  success      BOOLEAN NOT NULL,
  gas_wanted   BIGINT NOT NULL DEFAULT 0,
  gas_used     BIGINT NOT NULL DEFAULT 0,
  -- The transaction's messages and response.events as fetched, so that token events can be
  -- re-derived (and windows republished) from the database alone. JSON, not JSONB: they are only
  -- written and read back whole, and JSONB's parsing cost most of the sync's database CPU.
  messages     JSON NOT NULL,
  events       JSON NOT NULL,
  PRIMARY KEY (block_height, tx_index)
);
-- Nothing looks transactions up by hash (token_events has the hash): the index only cost writes.
DROP INDEX IF EXISTS transactions_hash;

-- Token events: one row per applied GRC20 movement. An event's identity is (tx hash, event
-- index), equivalently (block height, tx index, event index); the table is keyed by
-- the latter, which also orders transfer history, so one unique index serves both
-- (event identity). Balances derive from the rows inserted here.
CREATE TABLE IF NOT EXISTS token_events (
  block_height BIGINT NOT NULL,
  tx_index     INTEGER NOT NULL,
  event_index  INTEGER NOT NULL,
  tx_hash      TEXT NOT NULL,
  token_path   TEXT NOT NULL,
  from_address TEXT NOT NULL, -- '' for a mint
  to_address   TEXT NOT NULL, -- '' for a burn
  amount       NUMERIC(78, 0) NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (block_height, tx_index, event_index)
);
-- Only processor/ writes these rows, and only strings that need no escaping in JSON (g addresses,
-- JSON-safe hashes and token paths: shared/message.ts). The API writes them into its responses
-- as they are; a CHECK on every insert would cost the backfill for what the writer guarantees.
-- One account's history, newest first, from the movements it sent and those it received. Each
-- index also holds every other column a history page shows, so a page is an index-only scan of a
-- few adjacent index pages instead of one random heap read per row (old rows of an account are
-- scattered over the whole table). Replaces the key-only token_events_from / token_events_to.
DROP INDEX IF EXISTS token_events_from;
DROP INDEX IF EXISTS token_events_to;
CREATE INDEX IF NOT EXISTS token_events_sent
  ON token_events (from_address, block_height, tx_index, event_index)
  INCLUDE (to_address, token_path, amount, tx_hash) WHERE from_address <> '';
CREATE INDEX IF NOT EXISTS token_events_received
  ON token_events (to_address, block_height, tx_index, event_index)
  INCLUDE (from_address, token_path, amount, tx_hash) WHERE to_address <> '';

-- Current balance of every (address, token). Rows are upserted with summed deltas; a balance
-- may pass through a negative value while events are applied out of order.
CREATE TABLE IF NOT EXISTS balances (
  address    TEXT NOT NULL,
  token_path TEXT NOT NULL,
  amount     NUMERIC NOT NULL,
  PRIMARY KEY (address, token_path)
);
CREATE INDEX IF NOT EXISTS balances_token ON balances (token_path, address);

-- Transfer events that were seen and not applied, with the named reason.
CREATE TABLE IF NOT EXISTS rejected_events (
  tx_hash      TEXT NOT NULL,
  event_index  INTEGER NOT NULL,
  block_height BIGINT NOT NULL,
  tx_index     INTEGER NOT NULL,
  reason       TEXT NOT NULL,
  detail       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (tx_hash, event_index)
);
CREATE INDEX IF NOT EXISTS rejected_events_reason ON rejected_events (reason);

-- Checkpoint and health of each long-running component (one row per component).
CREATE TABLE IF NOT EXISTS sync_state (
  component   TEXT PRIMARY KEY,
  last_height BIGINT NOT NULL DEFAULT -1,
  last_hash   TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'syncing'
    CHECK (status IN ('syncing', 'caught_up', 'error', 'stopped')),
  error_count INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT NOT NULL DEFAULT '',
  head_height BIGINT NOT NULL DEFAULT -1,
  started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Applied bookkeeping. sync/ records every published window with
-- its number of parts before publishing; processor/ records each applied part in the same
-- transaction as the balances. A window with part_count = 0 (no token events) is complete.
CREATE TABLE IF NOT EXISTS published_windows (
  from_height   BIGINT NOT NULL,
  to_height     BIGINT NOT NULL,
  part_count    INTEGER NOT NULL,
  applied_parts INTEGER NOT NULL DEFAULT 0,
  event_count   INTEGER NOT NULL DEFAULT 0,
  published_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  applied_at    TIMESTAMPTZ,
  PRIMARY KEY (from_height, to_height),
  CHECK (from_height <= to_height)
);
CREATE INDEX IF NOT EXISTS published_windows_incomplete
  ON published_windows (from_height) WHERE applied_parts < part_count;

CREATE TABLE IF NOT EXISTS applied_parts (
  from_height BIGINT NOT NULL,
  to_height   BIGINT NOT NULL,
  part_index  INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  applied_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (from_height, to_height, part_index)
);

-- The height through which every published window is fully applied: what "consistent through
-- height H" means in API responses. Windows above the sync checkpoint are not yet published.
CREATE OR REPLACE VIEW applied_height AS
SELECT LEAST(
  COALESCE((SELECT last_height FROM sync_state WHERE component = 'sync'), -1),
  COALESCE(
    (SELECT min(from_height) - 1 FROM published_windows WHERE applied_parts < part_count),
    9223372036854775807
  )
) AS height;
