/**
 * The SQLite store's audit trail table, laid out for cheap appends: one row per event with the
 * lookup attributes in columns, the event's resources in one delimited column, and one index (by
 * time). An append costs about half what the shared SQL layout (five indexes and a resources
 * table) costs; a lookup walks the time index newest first and filters rows, stopping once a page
 * is full. Written by the audit worker, read by the main thread (see audit-file.ts).
 */
import type Database from 'better-sqlite3';
import type { AuditEventRecord, AuditResource } from '../records.js';
import type { AuditPage, AuditQuery } from '../store.js';
import { auditPage, auditQueryPlan, timeMs } from '../sql/sql-audit.js';
import { integerColumn, textColumn, type SqlRow } from '../sql/sql-runner.js';
import { isoSeconds } from '../../aws/iso-seconds.js';
import type { Json } from '../../policy/types.js';
import { DEFAULT_AUDIT_RETENTION, type AuditRetention } from '../audit-retention.js';

export const TRAIL_TABLE_DDL = [
  `CREATE TABLE IF NOT EXISTS trail_events (
    seq INTEGER PRIMARY KEY,
    event_time_ms INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    event_name TEXT NOT NULL,
    event_source TEXT NOT NULL,
    account_id TEXT NOT NULL,
    username TEXT,
    access_key_id TEXT,
    read_only INTEGER NOT NULL,
    error_code TEXT,
    resources TEXT NOT NULL,
    record TEXT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS trail_events_time ON trail_events (event_time_ms, seq)`,
];

/** Resources as `\x02type\x01name\x02type\x01name\x02`, so a type or a name is found with instr(). */
const ITEM = '\u0002';
const PAIR = '\u0001';

function resourcesColumn(event: AuditEventRecord): string {
  return ITEM + event.Resources.map((r) => `${r.ResourceType}${PAIR}${r.ResourceName}${ITEM}`).join('');
}

function resourcesOf(column: string): AuditResource[] {
  const out: AuditResource[] = [];
  for (const item of column.split(ITEM)) {
    if (item === '') continue;
    const at = item.indexOf(PAIR);
    out.push({ ResourceType: item.slice(0, at), ResourceName: item.slice(at + 1) });
  }
  return out;
}

/**
 * The event of a row. The row keeps the lookup attributes in its columns and only the CloudTrail
 * record in `record` (a quarter less to write than the whole event); rows written before that
 * keep the whole event there.
 */
function eventOf(row: SqlRow): AuditEventRecord {
  const record = JSON.parse(textColumn(row, 'record')) as { [key: string]: Json };
  if ('CloudTrailEvent' in record && 'EventId' in record) return record as unknown as AuditEventRecord;
  const event: { -readonly [K in keyof AuditEventRecord]: AuditEventRecord[K] } = {
    EventId: textColumn(row, 'event_id'),
    EventTime: isoSeconds(integerColumn(row, 'event_time_ms')),
    EventName: textColumn(row, 'event_name'),
    EventSource: textColumn(row, 'event_source'),
    AccountId: textColumn(row, 'account_id'),
  } as AuditEventRecord;
  const username = row['username'];
  if (typeof username === 'string') event.Username = username;
  const accessKeyId = row['access_key_id'];
  if (typeof accessKeyId === 'string') event.AccessKeyId = accessKeyId;
  event.ReadOnly = integerColumn(row, 'read_only') === 1;
  const errorCode = row['error_code'];
  if (typeof errorCode === 'string') event.ErrorCode = errorCode;
  event.Resources = resourcesOf(textColumn(row, 'resources'));
  event.CloudTrailEvent = record;
  return event;
}

/** Appends events in one transaction. */
export function appendTrailEvents(db: Database.Database, events: readonly AuditEventRecord[]): void {
  const insert = db.prepare(
    `INSERT INTO trail_events (event_time_ms, event_id, event_name, event_source, account_id, username, access_key_id, read_only, error_code, resources, record)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const e of events) {
      insert.run(
        timeMs(e.EventTime),
        e.EventId,
        e.EventName,
        e.EventSource,
        e.AccountId,
        e.Username ?? null,
        e.AccessKeyId ?? null,
        e.ReadOnly ? 1 : 0,
        e.ErrorCode ?? null,
        resourcesColumn(e),
        JSON.stringify(e.CloudTrailEvent),
      );
    }
  })();
}

/** Deletes events beyond the retention (see audit-retention.ts); space is reused by later appends. */
export function trimTrail(db: Database.Database, nowMs: number, retention: Pick<AuditRetention, 'maxEvents' | 'maxAgeMs'> = DEFAULT_AUDIT_RETENTION): number {
  const byCount = db.prepare('DELETE FROM trail_events WHERE seq <= (SELECT MAX(seq) FROM trail_events) - ?').run(retention.maxEvents).changes;
  const byAge = db.prepare('DELETE FROM trail_events WHERE event_time_ms < ?').run(nowMs - retention.maxAgeMs).changes;
  return byCount + byAge;
}

/** Newest first, by time range and attribute filters (all must match), in pages. */
export function queryTrailEvents(db: Database.Database, query: AuditQuery): AuditPage {
  const plan = auditQueryPlan(query, (attribute, value) => ({
    sql: 'instr(resources, ?) > 0',
    param: attribute === 'ResourceType' ? `${ITEM}${value}${PAIR}` : `${PAIR}${value}${ITEM}`,
  }));
  const rows = db
    .prepare(`SELECT * FROM trail_events ${plan.where} ORDER BY event_time_ms DESC, seq DESC LIMIT ?`)
    .all(...plan.params) as SqlRow[];
  return auditPage(rows, plan.limit, eventOf);
}
