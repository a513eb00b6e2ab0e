/**
 * What the shared SQL code needs from a database connection. Statements are written once, with `?`
 * placeholders and SQL that SQLite and PostgreSQL both accept; each store supplies a runner (the
 * PostgreSQL runner numbers the placeholders).
 */
export type Dialect = 'sqlite' | 'postgres';

export type SqlValue = string | number | null;

export type SqlRow = Readonly<Record<string, unknown>>;

export interface SqlRunner {
  readonly dialect: Dialect;
  /** Runs a statement that returns rows (SELECT, or INSERT/UPDATE/DELETE ... RETURNING). */
  rows(sql: string, params?: readonly SqlValue[]): Promise<readonly SqlRow[]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** PostgreSQL returns BIGINT columns as strings; SQLite returns numbers. */
export function integerColumn(row: SqlRow, column: string): number {
  const value = row[column];
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new Error(`expected an integer in column ${column}, got ${String(value)}`);
  }
  return n;
}

export function textColumn(row: SqlRow, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`expected text in column ${column}, got ${String(value)}`);
  return value;
}
