/** A SqlRunner over one better-sqlite3 connection, with its prepared statements cached. */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqlRow, SqlRunner, SqlValue } from '../sql/sql-runner.js';

export class SqliteRunner implements SqlRunner {
  readonly dialect = 'sqlite';
  private readonly statements = new Map<string, BetterSqlite3.Statement<SqlValue[]>>();

  constructor(private readonly db: BetterSqlite3.Database) {}

  private statement(sql: string): BetterSqlite3.Statement<SqlValue[]> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<SqlValue[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  rows(sql: string, params: readonly SqlValue[] = []): Promise<readonly SqlRow[]> {
    return Promise.resolve(this.statement(sql).all(...params) as SqlRow[]);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return Promise.resolve(this.statement(sql).run(...params).changes);
  }
}
