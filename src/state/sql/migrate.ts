/**
 * Applies pending migrations. The caller runs this inside a transaction that excludes other
 * migrators (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).
 */
import { SchemaTooNewError } from '../store-errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, SCHEMA_VERSION_TABLE } from './schema.js';
import { integerColumn, type SqlRunner } from './sql-runner.js';

/** Returns the schema version after migrating. */
export async function migrate(db: SqlRunner, now: () => Date): Promise<number> {
  await db.run(SCHEMA_VERSION_TABLE);
  const rows = await db.rows('SELECT COALESCE(MAX(version), 0) AS version FROM gatehouse_schema_version');
  const current = rows[0] === undefined ? 0 : integerColumn(rows[0], 'version');
  if (current > LATEST_SCHEMA_VERSION) throw new SchemaTooNewError(current, LATEST_SCHEMA_VERSION);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    for (const statement of migration.statements(db.dialect)) await db.run(statement);
    await db.run('INSERT INTO gatehouse_schema_version (version, description, applied_at) VALUES (?, ?, ?)', [
      migration.version,
      migration.description,
      now().toISOString(),
    ]);
  }
  return LATEST_SCHEMA_VERSION;
}
