/**
 * The SQLite store's audit trail lives in a file of its own beside the state, written by a worker
 * thread: requests never wait for audit inserts or their disk writes, and the trail's writes never
 * contend with the state's for SQLite's single write lock. The main thread reads it (WAL mode lets
 * it read while the worker writes).
 */
import fs from 'node:fs';
import Database from './sqlite-driver.js';
import type BetterSqlite3 from 'better-sqlite3';
import { TRAIL_TABLE_DDL } from './trail-table.js';
import type { AuditFacts } from '../audit-facts.js';
import type { Json } from '../../policy/types.js';

export const AUDIT_FILE_SUFFIX = '-trail.db';

/**
 * Opens the trail, creating its tables when missing, in WAL mode. Used by both threads.
 *
 * The trail is written without disk syncs (synchronous = OFF): a written batch survives a process
 * crash, since the operating system has it, but not a power loss or an operating-system crash,
 * which can take the last seconds of the trail and, as SQLite warns, can leave the file damaged.
 * Measured under a 64-connection signed-read load, syncing cost about 15% of the throughput and
 * added about a fifth to the p99 latency; the state itself (gatehouse.db) keeps its full
 * durability either way. A trail
 * file found damaged when it is opened is kept aside (`…-trail.db.damaged-<time>`) and a new
 * trail is started, so a damaged trail never stops Gatehouse.
 */
export function openAuditFile(file: string, busyTimeoutMs: number): BetterSqlite3.Database {
  try {
    return openOnce(file, busyTimeoutMs);
  } catch (error) {
    if (!isDamage(error)) throw error;
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
    process.emitWarning(`audit trail ${file} is damaged (${(error as { code?: string }).code ?? 'unreadable'}): kept as ${aside}; a new trail starts`);
    return openOnce(file, busyTimeoutMs);
  }
}

function openOnce(file: string, busyTimeoutMs: number): BetterSqlite3.Database {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.transaction(() => {
      for (const sql of TRAIL_TABLE_DDL) db.exec(sql);
    })();
    // The newest rows and index entries are where an interrupted write would have left damage.
    db.prepare('SELECT seq, event_time_ms, record FROM trail_events ORDER BY seq DESC LIMIT 16').all();
    db.prepare('SELECT event_time_ms FROM trail_events ORDER BY event_time_ms DESC LIMIT 16').all();
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_INDEX';
}

/**
 * Messages to the audit worker. Events travel as one flat array, FACT_COUNT values per event in
 * `packAuditFacts`' order: copying a message between threads costs per object and per member
 * name, and a flat array of strings has neither.
 */
export type AuditWorkerRequest = { readonly id: number; readonly facts: readonly unknown[] } | { readonly close: true };

const FACT_COUNT = 26;

/** Facts as the worker's flat array (see AuditWorkerRequest). */
export function packAuditFacts(events: readonly AuditFacts[]): unknown[] {
  const flat: unknown[] = [];
  for (const f of events) {
    flat.push(
      f.eventId,
      f.requestId,
      f.timeMs,
      f.eventSource,
      f.eventName,
      f.awsRegion,
      f.sourceIp,
      f.userAgent,
      f.identityType,
      f.principalId,
      f.principalArn,
      f.identityAccountId,
      f.userName,
      f.accessKeyId,
      f.lookupUsername,
      f.recipientAccountId,
      f.readOnly,
      f.errorCode,
      f.errorMessage,
      f.requestParameters,
      f.responseElements,
      f.gatehouse,
      f.resources,
      f.tlsDetails?.tlsVersion,
      f.tlsDetails?.cipherSuite,
      f.tlsDetails?.clientProvidedHostHeader,
    );
  }
  return flat;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));
const optional = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : str(v));

/** The facts back from the flat array. */
export function unpackAuditFacts(flat: readonly unknown[]): AuditFacts[] {
  if (flat.length % FACT_COUNT !== 0) throw new Error(`audit worker message of ${flat.length} values is not whole events`);
  const events: AuditFacts[] = [];
  for (let i = 0; i < flat.length; i += FACT_COUNT) {
    events.push({
      eventId: str(flat[i]),
      requestId: str(flat[i + 1]),
      timeMs: Number(flat[i + 2]),
      eventSource: str(flat[i + 3]),
      eventName: str(flat[i + 4]),
      awsRegion: str(flat[i + 5]),
      sourceIp: str(flat[i + 6]),
      userAgent: optional(flat[i + 7]),
      identityType: str(flat[i + 8]),
      principalId: optional(flat[i + 9]),
      principalArn: optional(flat[i + 10]),
      identityAccountId: optional(flat[i + 11]),
      userName: optional(flat[i + 12]),
      accessKeyId: optional(flat[i + 13]),
      lookupUsername: optional(flat[i + 14]),
      recipientAccountId: str(flat[i + 15]),
      readOnly: flat[i + 16] === true,
      errorCode: optional(flat[i + 17]),
      errorMessage: optional(flat[i + 18]),
      requestParameters: flat[i + 19],
      responseElements: flat[i + 20],
      gatehouse: flat[i + 21] as Json | undefined,
      resources: flat[i + 22] as AuditFacts['resources'],
      tlsDetails: flat[i + 23] === undefined ? undefined : { tlsVersion: str(flat[i + 23]), cipherSuite: str(flat[i + 24]), clientProvidedHostHeader: str(flat[i + 25]) },
    });
  }
  return events;
}
/** Its answers: one per append, with the error text when it failed. */
export interface AuditWorkerReply {
  readonly id: number;
  readonly error?: string;
}
