/**
 * The audit trail over SQL, shared by both stores: append events, and query them newest first by
 * time range and attribute filters, in pages (CloudTrail LookupEvents' semantics, except that any
 * number of filters may be combined).
 */
import type { AuditEventRecord } from '../records.js';
import type { AuditRetention } from '../audit-retention.js';
import {
  DEFAULT_AUDIT_MAX_RESULTS,
  type AuditFilter,
  type AuditPage,
  type AuditQuery,
  type AuditReader,
} from '../store.js';
import { decodeMarker, encodeMarker, pageSize } from './paging-marker.js';
import { integerColumn, textColumn, type SqlRow, type SqlRunner, type SqlValue } from './sql-runner.js';

/** The filter attributes kept in columns of audit_events. */
const COLUMN_FILTERS = {
  EventId: 'event_id',
  EventName: 'event_name',
  EventSource: 'event_source',
  Username: 'username',
  AccessKeyId: 'access_key_id',
  ErrorCode: 'error_code',
  AccountId: 'account_id',
} as const satisfies { readonly [K in keyof AuditFilter]?: string };

/** The filter attributes matched against an event's resources. */
const RESOURCE_FILTERS = {
  ResourceType: 'resource_type',
  ResourceName: 'resource_name',
} as const satisfies { readonly [K in keyof AuditFilter]?: string };

export function timeMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: ${iso}`);
  return ms;
}

export async function appendAuditEvent(db: SqlRunner, event: AuditEventRecord): Promise<void> {
  const rows = await db.rows(
    `INSERT INTO audit_events (event_id, event_time_ms, event_name, event_source, account_id, username,
       access_key_id, read_only, error_code, record)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
    [
      event.EventId,
      timeMs(event.EventTime),
      event.EventName,
      event.EventSource,
      event.AccountId,
      event.Username ?? null,
      event.AccessKeyId ?? null,
      event.ReadOnly ? 1 : 0,
      event.ErrorCode ?? null,
      JSON.stringify(event),
    ],
  );
  const seq = rows[0] === undefined ? undefined : integerColumn(rows[0], 'seq');
  if (seq === undefined) throw new Error('audit insert returned no sequence number');
  for (const resource of event.Resources) {
    await db.run('INSERT INTO audit_event_resources (seq, resource_type, resource_name) VALUES (?, ?, ?)', [
      seq,
      resource.ResourceType,
      resource.ResourceName,
    ]);
  }
}

/**
 * Deletes events beyond the retention (see audit-retention.ts), with their resources: all but the
 * newest `maxEvents` by sequence, and all older than `maxAgeMs`. Returns the events deleted.
 */
export async function trimAuditEvents(db: SqlRunner, nowMs: number, retention: Pick<AuditRetention, 'maxEvents' | 'maxAgeMs'>): Promise<number> {
  const rows = await db.rows('SELECT MAX(seq) AS newest FROM audit_events');
  const row = rows[0];
  if (row === undefined || row['newest'] === null || row['newest'] === undefined) return 0;
  const newest = integerColumn(row, 'newest');
  const keepFrom = newest - retention.maxEvents;
  const cutoff = nowMs - retention.maxAgeMs;
  await db.run('DELETE FROM audit_event_resources WHERE seq <= ? OR seq IN (SELECT seq FROM audit_events WHERE event_time_ms < ?)', [keepFrom, cutoff]);
  return db.run('DELETE FROM audit_events WHERE seq <= ? OR event_time_ms < ?', [keepFrom, cutoff]);
}

/** How a table matches a resource filter: the SQL clause and its parameter. */
export type ResourceClause = (attribute: keyof typeof RESOURCE_FILTERS, value: string) => { readonly sql: string; readonly param: SqlValue };

/**
 * The WHERE clause, parameters (the page size last) and page size of an audit query, for any table
 * with the audit columns (`seq`, `event_time_ms`, the attribute columns, `read_only`); tables differ
 * only in how they keep an event's resources.
 */
export function auditQueryPlan(query: AuditQuery, resourceClause: ResourceClause): { where: string; params: SqlValue[]; limit: number } {
  const limit = pageSize(query.maxResults, DEFAULT_AUDIT_MAX_RESULTS, DEFAULT_AUDIT_MAX_RESULTS);
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (query.startTime !== undefined) {
    clauses.push('event_time_ms >= ?');
    params.push(timeMs(query.startTime));
  }
  if (query.endTime !== undefined) {
    clauses.push('event_time_ms <= ?');
    params.push(timeMs(query.endTime));
  }
  const filter = query.filter ?? {};
  for (const [attribute, column] of Object.entries(COLUMN_FILTERS)) {
    const value = filter[attribute as keyof typeof COLUMN_FILTERS];
    if (value === undefined) continue;
    clauses.push(`${column} = ?`);
    params.push(value);
  }
  if (filter.ReadOnly !== undefined) {
    clauses.push('read_only = ?');
    params.push(filter.ReadOnly ? 1 : 0);
  }
  for (const attribute of Object.keys(RESOURCE_FILTERS) as (keyof typeof RESOURCE_FILTERS)[]) {
    const value = filter[attribute];
    if (value === undefined) continue;
    const clause = resourceClause(attribute, value);
    clauses.push(clause.sql);
    params.push(clause.param);
  }
  if (query.nextToken !== undefined) {
    const [ms, seq] = decodeMarker(query.nextToken, ['number', 'number'] as const);
    clauses.push('(event_time_ms < ? OR (event_time_ms = ? AND seq < ?))');
    params.push(ms, ms, seq);
  }
  params.push(limit + 1);
  return { where: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params, limit };
}

/**
 * A page of events from rows of `seq`, `event_time_ms`, `record`, newest first (one row past the
 * page); `toEvent` reads a row (by default, `record` holds the whole event as JSON).
 */
export function auditPage(rows: readonly SqlRow[], limit: number, toEvent: (row: SqlRow) => AuditEventRecord = (row) => JSON.parse(textColumn(row, 'record')) as AuditEventRecord): AuditPage {
  const kept = rows.slice(0, limit);
  const events = kept.map(toEvent);
  const last = kept[kept.length - 1];
  if (rows.length <= limit || last === undefined) return { events };
  return {
    events,
    nextToken: encodeMarker([integerColumn(last, 'event_time_ms'), integerColumn(last, 'seq')]),
  };
}

export async function queryAuditEvents(db: SqlRunner, query: AuditQuery): Promise<AuditPage> {
  const plan = auditQueryPlan(query, (attribute, value) => ({
    sql: `seq IN (SELECT seq FROM audit_event_resources WHERE ${RESOURCE_FILTERS[attribute]} = ?)`,
    param: value,
  }));
  const rows = await db.rows(
    `SELECT seq, event_time_ms, record FROM audit_events ${plan.where} ORDER BY event_time_ms DESC, seq DESC LIMIT ?`,
    plan.params,
  );
  return auditPage(rows, plan.limit);
}

export function auditReader(db: () => SqlRunner): AuditReader {
  return { query: (query) => queryAuditEvents(db(), query) };
}
