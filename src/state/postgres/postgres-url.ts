/**
 * Reads the store's own `schema` parameter from a PostgreSQL URL
 * (`postgres://host/db?schema=gatehouse_test`), leaving the rest for pg.
 */
export const DEFAULT_SCHEMA = 'gatehouse';

export interface PostgresTarget {
  readonly connectionString: string;
  readonly schema: string;
}

/** Lower-case identifiers only, short enough to build the notification channel name from. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

export function parsePostgresUrl(url: string, schemaOverride?: string): PostgresTarget {
  const parsed = new URL(url);
  const fromUrl = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const schema = schemaOverride ?? fromUrl ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(`invalid PostgreSQL schema name ${JSON.stringify(schema)}: use [a-z_][a-z0-9_]*, at most 40 characters`);
  }
  return { connectionString: parsed.toString(), schema };
}
