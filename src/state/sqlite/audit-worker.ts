/** The worker thread that writes the SQLite store's audit trail (see audit-file.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditEventRecord } from '../records.js';
import { appendAuditEvent } from '../sql/sql-audit.js';
import { SqliteRunner } from './sqlite-runner.js';
import { openAuditFile, type AuditWorkerReply, type AuditWorkerRequest } from './audit-file.js';

const { file, busyTimeoutMs } = workerData as { file: string; busyTimeoutMs: number };
const db = openAuditFile(file, busyTimeoutMs);
const runner = new SqliteRunner(db);
const port = parentPort;
if (port === null) throw new Error('audit-worker must run as a worker thread');

/** Appends one batch in one transaction. */
async function append(events: readonly AuditEventRecord[]): Promise<void> {
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const event of events) await appendAuditEvent(runner, event);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

// Batches are written one after another, in the order they arrive.
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: AuditWorkerRequest) => {
  queue = queue.then(async () => {
    if ('close' in message) {
      db.close();
      port.close();
      return;
    }
    let reply: AuditWorkerReply;
    try {
      await append(message.events as readonly AuditEventRecord[]);
      reply = { id: message.id };
    } catch (error) {
      reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
});
