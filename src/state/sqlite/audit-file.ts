/**
 * The SQLite store's audit trail lives in a file of its own beside the state, written by a worker
 * thread: requests never wait for audit inserts or their disk writes, and the trail's writes never
 * contend with the state's for SQLite's single write lock. The main thread reads it (WAL mode lets
 * it read while the worker writes).
 */
import Database from 'better-sqlite3';
import { TRAIL_TABLE_DDL } from './trail-table.js';

export const AUDIT_FILE_SUFFIX = '-trail.db';

/** Creates the audit tables when missing, in WAL mode. Used by both threads. */
export function openAuditFile(file: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(file);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  // Audit events are batched in memory before they are written; NORMAL keeps a written batch
  // safe against a process crash without a disk sync per batch.
  db.pragma('synchronous = NORMAL');
  db.transaction(() => {
    for (const sql of TRAIL_TABLE_DDL) db.exec(sql);
  })();
  return db;
}

/** Messages to the audit worker. */
export type AuditWorkerRequest = { readonly id: number; readonly events: readonly unknown[] } | { readonly close: true };
/** Its answers: one per append, with the error text when it failed. */
export interface AuditWorkerReply {
  readonly id: number;
  readonly error?: string;
}
