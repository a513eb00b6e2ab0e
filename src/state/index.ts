/**
 * The durable store of the identity plane: the contract, the record types, and `openStore`, which
 * picks SQLite (embedded, the default) or PostgreSQL (shared by several Gatehouse processes).
 */
import path from 'node:path';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';
import type { AuditRetention } from './audit-retention.js';
export { DEFAULT_AUDIT_RETENTION, type AuditRetention } from './audit-retention.js';
export { auditEventRecord, type AuditFacts } from './audit-facts.js';

export * from './store.js';
export { withReadCache } from './read-cache.js';
export * from './records.js';
export * from './store-errors.js';
export { ENTITY_KINDS, COLLECTION_NAMES, nameKey } from './entity-kinds.js';
export type { CollectionName, EntityRecords, EntityKind, EntityKeys } from './entity-kinds.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export type { PostgresStoreOptions } from './postgres/postgres-store.js';
import type { PostgresStoreOptions } from './postgres/postgres-store.js';

/** Opens the PostgreSQL store; its client library is loaded only when PostgreSQL is used. */
export async function openPostgresStore(url: string, options?: PostgresStoreOptions): Promise<Store> {
  const { openPostgresStore: open } = await import('./postgres/postgres-store.js');
  return open(url, options);
}

export const SQLITE_FILE_NAME = 'gatehouse.db';

/**
 * `url` undefined or empty → SQLite at `<dataDir>/gatehouse.db`; `postgres://` or `postgresql://`
 * → PostgreSQL (optionally `?schema=name`).
 */
export interface StoreOptions {
  /** How much audit trail to keep (default DEFAULT_AUDIT_RETENTION). */
  readonly auditRetention?: AuditRetention;
}

export function openStore(url: string | undefined, dataDir: string, options: StoreOptions = {}): Promise<Store> {
  if (url === undefined || url === '') return openSqliteStore(path.join(dataDir, SQLITE_FILE_NAME), options);
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgresStore(url, options);
  return Promise.reject(new RangeError(`unsupported store URL ${JSON.stringify(url)}: expected postgres://...`));
}
