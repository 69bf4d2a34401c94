/**
 * How a PostgreSQL error reaches us, and which SQLSTATE it carries. `pg` and PGlite both throw an
 * `Error` with the SQLSTATE in `code` (PGlite's `DatabaseError` has the fields of pg's). TypeORM
 * wraps either in a `QueryFailedError` that keeps it as `driverError` and copies its fields onto
 * itself, so `code` is there too; `preparedQuery` wraps the same way.
 */

/** The SQLSTATEs the code acts on. */
export const SqlState = {
  /** A UNIQUE constraint or index refused the row. */
  uniqueViolation: '23505',
  /** A serializable or repeatable-read transaction lost a race; retrying may succeed. */
  serializationFailure: '40001',
  /** PostgreSQL broke a deadlock by failing this statement; retrying may succeed. */
  deadlockDetected: '40P01',
  /**
   * Ours: `event_conflict(source, external_id)` (migration 1763800002000) raises it when an event
   * key arrives again with different content; the whole ingest statement is rolled back.
   */
  eventConflict: 'LB409',
} as const;

/** Five digits or upper-case letters; node's socket codes (`ECONNREFUSED`) are longer, mostly. */
const SQLSTATE_SHAPE = /^[0-9A-Z]{5}$/;

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && SQLSTATE_SHAPE.test(code) ? code : null;
}

/**
 * The SQLSTATE of a PostgreSQL error: its own `code`, or else the one of the driver error it wraps;
 * null for anything else. Only the shape is checked: a five-letter node error code such as `EPIPE`
 * comes back too, so compare with a state rather than test for null.
 */
export function sqlStateOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  return codeOf(error) ?? codeOf((error as { driverError?: unknown }).driverError);
}

/** A duplicate key: the row exists already (a concurrent request may have inserted it). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === SqlState.uniqueViolation;
}

/**
 * A transaction that failed only for losing a race with another one: a serialization failure or a
 * deadlock. The PostgreSQL manual ("Serialization Failure Handling") retries both.
 */
export function isSerializationFailure(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state === SqlState.serializationFailure || state === SqlState.deadlockDetected;
}

/** An ingested event's key exists with different content (`event_conflict`, SQLSTATE LB409). */
export function isEventConflict(error: unknown): boolean {
  return sqlStateOf(error) === SqlState.eventConflict;
}
