/**
 * The main thread's side of the SQLite audit trail: appends go to the worker (audit-worker.ts),
 * queries read the audit file directly.
 */
import { Worker } from 'node:worker_threads';
import { packageFile } from '../../package-files.js';
import type Database from 'better-sqlite3';
import type { AuditFacts } from '../audit-facts.js';
import type { AuditRetention } from '../audit-retention.js';
import type { AuditReader } from '../store.js';
import { queryTrailEvents } from './trail-table.js';
import { openAuditFile, packAuditFacts, type AuditWorkerReply, type AuditWorkerRequest } from './audit-file.js';

export class SqliteAuditLog {
  readonly reader: AuditReader;
  readonly #db: Database.Database;
  readonly #file: string;
  readonly #busyTimeoutMs: number;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  readonly #inflight = new Set<Promise<void>>();

  readonly #retention: AuditRetention;

  constructor(file: string, busyTimeoutMs: number, retention: AuditRetention) {
    this.#file = file;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#retention = retention;
    const db = openAuditFile(file, busyTimeoutMs);
    this.#db = db;
    this.reader = { query: (query) => Promise.resolve().then(() => queryTrailEvents(db, query)) };
  }

  /** The worker starts with the first append, so opening the store stays quick. */
  #workerThread(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(packageFile('dist', 'src', 'state', 'sqlite', 'audit-worker.js'), { workerData: { file: this.#file, busyTimeoutMs: this.#busyTimeoutMs, retention: this.#retention } });
    worker.on('message', (reply: AuditWorkerReply) => {
      const waiting = this.#pending.get(reply.id);
      if (waiting === undefined) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) this.#worker?.unref();
      if (reply.error === undefined) waiting.resolve();
      else waiting.reject(new Error(`audit trail write failed: ${reply.error}`));
    });
    const failAll = (error: Error): void => {
      for (const waiting of this.#pending.values()) waiting.reject(error);
      this.#pending.clear();
      this.#worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (this.#pending.size > 0) failAll(new Error(`audit worker exited with code ${code}`));
      this.#worker = undefined;
    });
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  /** Resolves once the worker has committed the events. */
  append(events: readonly AuditFacts[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const id = this.#nextId++;
    const appended = new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const request: AuditWorkerRequest = { id, facts: packAuditFacts(events) };
      const worker = this.#workerThread();
      // Held while appends wait for their answer; an idle worker does not keep the process alive.
      worker.ref();
      worker.postMessage(request);
    });
    this.#inflight.add(appended);
    const forget = (): void => {
      this.#inflight.delete(appended);
    };
    appended.then(forget, forget);
    return appended;
  }

  /** Waits for pending appends, stops the worker, closes the file. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
    const worker = this.#worker;
    if (worker !== undefined) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      const request: AuditWorkerRequest = { close: true };
      worker.postMessage(request);
      await exited;
    }
    this.#db.close();
  }
}
