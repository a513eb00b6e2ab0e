import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAuditFile } from './audit-file.js';
import { appendTrailEvents, queryTrailEvents, trimTrail } from './trail-table.js';
import type { AuditEventRecord } from '../records.js';

function event(n: number, time: string): AuditEventRecord {
  return {
    EventId: `event-${n}`,
    EventTime: time,
    EventName: 'GetUser',
    EventSource: 'iam.amazonaws.com',
    AccountId: '123456789012',
    ReadOnly: true,
    Resources: [],
    CloudTrailEvent: { n },
  };
}

describe('SQLite trail table', () => {
  it('reads back what it stores, and rows that kept the whole event in their record', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-trail-'));
    const db = openAuditFile(path.join(dir, 'trail.db'), 1000);
    try {
      const stored: AuditEventRecord = { ...event(1, '2026-11-25T10:00:01Z'), Username: 'alice', AccessKeyId: 'AKIAEXAMPLE', ErrorCode: 'AccessDenied', Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'arn:aws:iam::123456789012:user/alice' }] };
      appendTrailEvents(db, [stored]);
      const older = { ...event(2, '2026-11-25T10:00:02Z'), Resources: [] };
      db.prepare(
        `INSERT INTO trail_events (event_time_ms, event_id, event_name, event_source, account_id, username, access_key_id, read_only, error_code, resources, record)
         VALUES (?, ?, 'GetUser', 'iam.amazonaws.com', '123456789012', NULL, NULL, 1, NULL, ?, ?)`,
      ).run(Date.parse(older.EventTime), older.EventId, '\u0002', JSON.stringify(older));
      assert.deepEqual(queryTrailEvents(db, {}).events, [older, stored]);
      assert.deepEqual(queryTrailEvents(db, { filter: { ResourceName: 'arn:aws:iam::123456789012:user/alice' } }).events, [stored]);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the newest events within the retention, by count and by age', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-trail-'));
    const db = openAuditFile(path.join(dir, 'trail.db'), 1000);
    try {
      appendTrailEvents(db, [event(1, '2026-01-01T00:00:00Z'), ...[2, 3, 4, 5].map((n) => event(n, '2026-11-25T10:00:0' + String(n) + 'Z'))]);
      const removed = trimTrail(db, Date.parse('2026-11-25T12:00:00Z'), { maxEvents: 3, maxAgeMs: 90 * 24 * 3600 * 1000 });
      assert.equal(removed, 2);
      assert.deepEqual(
        queryTrailEvents(db, {}).events.map((e) => e.EventId),
        ['event-5', 'event-4', 'event-3'],
      );
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a damaged trail file aside and starts a new one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-trail-'));
    const file = path.join(dir, 'trail.db');
    fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const warnings: string[] = [];
    const onWarning = (w: Error): number => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const db = openAuditFile(file, 1000);
      try {
        appendTrailEvents(db, [event(1, '2026-11-25T10:00:00Z')]);
        assert.deepEqual(queryTrailEvents(db, {}).events.map((e) => e.EventId), ['event-1']);
      } finally {
        db.close();
      }
      const aside = fs.readdirSync(dir).filter((f) => f.startsWith('trail.db.damaged-'));
      assert.equal(aside.length, 1);
      assert.deepEqual(fs.readFileSync(path.join(dir, aside[0]!)), Buffer.alloc(8192, 0x5a), 'the damaged file is kept as it was');
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(warnings.some((w) => w.includes('is damaged') && w.includes(aside[0]!)), warnings.join('\n'));
    } finally {
      process.off('warning', onWarning);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
