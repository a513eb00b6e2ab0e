/** A SqlRunner over a pg pool or one checked-out client: numbers the shared SQL's `?` placeholders. */
import type pg from 'pg';
import type { SqlRow, SqlRunner, SqlValue } from '../sql/sql-runner.js';

/** `a = ? AND b = ?` → `a = $1 AND b = $2`. The shared SQL has no `?` inside literals. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export class PostgresRunner implements SqlRunner {
  readonly dialect = 'postgres';

  constructor(private readonly db: pg.Pool | pg.PoolClient | pg.Client) {}

  async rows(sql: string, params: readonly SqlValue[] = []): Promise<readonly SqlRow[]> {
    const result = await this.db.query<SqlRow>(numberPlaceholders(sql), [...params]);
    return result.rows;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.db.query(numberPlaceholders(sql), [...params]);
    return result.rowCount ?? 0;
  }
}
