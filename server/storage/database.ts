/**
 * The one storage seam of the server. Everything above it speaks PostgreSQL SQL with
 * `$1` parameters; the adapters (PGlite embedded, node-postgres for a real server) differ
 * only in how they reach a database. Rows come back with int8 as JS numbers, timestamptz
 * as Date and jsonb parsed — both adapters are configured to agree on that.
 */
export interface Queryable {
  /** One statement with `$n` parameters. */
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migration scripts). */
  exec(sql: string): Promise<void>;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws.
   * PGlite runs one transaction at a time; PostgreSQL runs them concurrently, so code
   * inside must take the row locks it needs (the change feed does).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE for a unique violation, raised the same way by both adapters. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === UNIQUE_VIOLATION;
}
