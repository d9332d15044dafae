/**
 * The retry classes (docs/architecture.md, "Retry classes"), decided in one place for every
 * failure the services meet: transient ones are retried with backoff, fatal ones stop the
 * service with one clear line, refused data is skipped or dead-lettered. PostgreSQL's SQLSTATE
 * codes are read here and nowhere else.
 */

/** A failure that will not go away by retrying: bad configuration, chain reset, schema mismatch. */
export class FatalError extends Error {
  override name = "FatalError";
}

/** A failure worth retrying: network, timeout, 5xx, 429, serialization failure, deadlock. */
export class RetryableError extends Error {
  override name = "RetryableError";
}

/** The SQLSTATE of a PostgreSQL error, or undefined for any other error. */
function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

// SQLSTATEs that a retry can cure: serialization failure, deadlock, connection exceptions
// (class 08), operator intervention such as admin shutdown (57P0x), too many clients, a lock
// not available.
const TRANSIENT_SQLSTATE = /^(40001|40P01|08...|57P0[1-3]|53300|55P03)$/;

/** True when the error is transient; anything unknown counts as transient. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof FatalError) return false;
  if (error instanceof RetryableError) return true;
  const state = sqlState(error);
  return state === undefined || TRANSIENT_SQLSTATE.test(state);
}

/** A deadlock or serialization failure: running the whole transaction again cures it. */
export function isConflict(error: unknown): boolean {
  const state = sqlState(error);
  return state === "40P01" || state === "40001";
}

/** A unique violation (23505): the row is there already. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === "23505";
}

/** Classes 22 (data exception) and 23 (integrity constraint): the data is refused for good. */
export function isDataError(error: unknown): boolean {
  return /^2[23]/.test(sqlState(error) ?? "");
}

/** Codes of a database that is down or not there yet (also the driver's connection codes). */
const UNAVAILABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
  "3D000", // invalid_catalog_name: the database does not exist yet
  "42P01", // undefined_table: the schema is not migrated yet (sync/ and processor/ migrate)
]);

/** The database cannot answer now (down, restarting, not created or migrated yet). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && UNAVAILABLE.has(code);
}

/** An error's message for a log line or a reason, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
