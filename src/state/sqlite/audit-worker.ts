/** The worker thread that writes the SQLite store's audit trail (see audit-file.ts). */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { appendTrailEvents, trimTrail } from './trail-table.js';
import { openAuditFile, unpackAuditFacts, type AuditWorkerReply, type AuditWorkerRequest } from './audit-file.js';
import { auditEventRecord } from '../audit-facts.js';
import type { AuditRetention } from '../audit-retention.js';

lowerThisThreadsPriority();

const { file, busyTimeoutMs, retention } = workerData as { file: string; busyTimeoutMs: number; retention: AuditRetention };
const db = openAuditFile(file, busyTimeoutMs);
const port = parentPort;
if (port === null) throw new Error('audit-worker must run as a worker thread');

/** Events appended since the trail was last trimmed to its retention. */
let sinceTrim = 0;

// Batches are written one after another, in the order they arrive, each in one transaction.
port.on('message', (message: AuditWorkerRequest) => {
  if ('close' in message) {
    db.close();
    port.close();
    return;
  }
  let reply: AuditWorkerReply;
  try {
    const events = unpackAuditFacts(message.facts).map(auditEventRecord);
    appendTrailEvents(db, events);
    sinceTrim += events.length;
    if (sinceTrim >= retention.trimEvery) {
      sinceTrim = 0;
      trimTrail(db, Date.now(), retention);
    }
    reply = { id: message.id };
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});

/**
 * The trail is background work: on Linux this thread takes the lowest scheduling priority, so that
 * when the cores are busy, request threads (and the clients on the same machine) run first and
 * the trail catches up in the gaps. Elsewhere the thread keeps the process's priority.
 */
function lowerThisThreadsPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // no /proc/thread-self (not Linux): nothing to lower
  }
}
