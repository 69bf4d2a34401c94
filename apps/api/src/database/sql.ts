import type { EntityManager } from 'typeorm';

/** Anything that runs SQL: a DataSource or a transaction's EntityManager. */
export interface Sql {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** A DataSource, or the EntityManager of a transaction a caller runs inside. */
export type SqlRunner = Sql | EntityManager;

/**
 * Runs an UPDATE or DELETE with RETURNING and gives its rows (TypeORM answers those statements
 * with `[rows, count]`).
 */
export async function modifyReturning<T>(sql: SqlRunner, query: string, parameters: unknown[]): Promise<T[]> {
  const raw = await sql.query<unknown>(query, parameters);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number')
    return raw[0] as T[];
  return raw as T[];
}
