/**
 * The embedded store: one SQLite file in WAL mode, through better-sqlite3.
 *
 * better-sqlite3 is synchronous, so transactions are serialized in-process by an async mutex, and
 * each runs between BEGIN IMMEDIATE and COMMIT on the writer connection: awaiting inside `fn` is
 * safe because nothing else uses the writer until the mutex is released. BEGIN IMMEDIATE (with a
 * busy timeout) also serializes against another process that opens the same file. Reads outside
 * transactions go through a second, read-only connection, which in WAL mode sees the last committed
 * state and never an open transaction's writes.
 *
 * Group commit: transactions that queue up while one runs are run one after another inside one
 * SQLite transaction, each in its own SAVEPOINT (a failing one rolls back alone), and are
 * acknowledged together after the single COMMIT. They are still serialized, so the contract's
 * semantics hold; under concurrency one disk sync covers many transactions.
 *
 * Durability: with `synchronous` FULL (the default) an acknowledged transaction survives a process
 * crash and a power loss. SQLite itself runs with NORMAL (a commit writes the WAL without waiting
 * for the disk), and the store syncs the WAL file from the thread pool before it acknowledges a
 * group: the request thread never waits on the disk, and no transaction is acknowledged before it
 * is on disk. (Other readers may see a commit a moment before it is synced.) NORMAL syncs only at checkpoints: still
 * durable against a process crash (a committed transaction is in the WAL file), but the last
 * commits may be lost if the machine itself fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from './sqlite-driver.js';
import type BetterSqlite3 from 'better-sqlite3';
import { NestingGuard } from '../nesting-guard.js';
import type { AuditFacts } from '../audit-facts.js';
import { DEFAULT_AUDIT_RETENTION, type AuditRetention } from '../audit-retention.js';
import { RevisionClock } from '../revision-clock.js';
import type { ChangesSince, Revision, Store, StoreTransaction, StoreView, TransactionOptions } from '../store.js';
import { StoreClosedError } from '../store-errors.js';
import { changesSince, commitChanges, readRevision } from '../sql/change-log.js';
import { migrate } from '../sql/migrate.js';
import { SqliteAuditLog } from './audit-log.js';
import { AUDIT_FILE_SUFFIX } from './audit-file.js';
import { SqlTransactionScope, sqlStoreView } from '../sql/sql-views.js';
import { SqliteRunner } from './sqlite-runner.js';

export interface SqliteStoreOptions {
  /** FULL (default): durable against power loss; NORMAL: durable against process crashes only. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long to wait for another process's write lock, in milliseconds (default 10 s). */
  readonly busyTimeoutMs?: number;
  /** How much audit trail to keep (default DEFAULT_AUDIT_RETENTION). */
  readonly auditRetention?: AuditRetention;
}

/** A transaction body waiting for the writer. */
interface QueuedBody {
  readonly body: () => Promise<unknown>;
  /** False for transactions that need not wait for the disk (see TransactionOptions). */
  readonly durable: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** The most transactions one COMMIT acknowledges. */
const MAX_GROUP = 256;

class SqliteStore implements Store {
  readonly backend = 'sqlite';
  readonly read: StoreView;
  private readonly writerRunner: SqliteRunner;
  private readonly readerRunner: SqliteRunner;
  private readonly nesting = new NestingGuard();
  private readonly queue: QueuedBody[] = [];
  private draining: Promise<void> | undefined;
  private readonly syncing = new Set<Promise<void>>();
  private walHandle: Promise<fs.promises.FileHandle> | undefined;
  private closed = false;

  constructor(
    private readonly writer: BetterSqlite3.Database,
    private readonly reader: BetterSqlite3.Database,
    private readonly clock: RevisionClock,
    private readonly durableMode: 'FULL' | 'NORMAL',
    private readonly auditLog: SqliteAuditLog,
    private readonly walPath: string,
  ) {
    this.writerRunner = new SqliteRunner(writer);
    this.readerRunner = new SqliteRunner(reader);
    this.read = sqlStoreView(() => this.readRunner(), auditLog.reader);
  }

  private readRunner(): SqliteRunner {
    if (this.closed) throw new StoreClosedError();
    return this.readerRunner;
  }

  /** Runs `body` on the writer, alone, inside a transaction that commits before it resolves. */
  private exclusive<T>(body: () => Promise<T>, durable = true): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    try {
      this.nesting.assertOutside();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ body, durable, resolve: resolve as (value: unknown) => void, reject });
      this.kick();
    });
  }

  /** Starts draining unless a drain is running; a body queued as a drain ends starts the next. */
  private kick(): void {
    if (this.draining !== undefined) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  /** Runs queued bodies in batches: one BEGIN IMMEDIATE … COMMIT per batch, a SAVEPOINT per body. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_GROUP);
      if (this.closed) {
        for (const item of batch) item.reject(new StoreClosedError());
        continue;
      }
      const done: { item: QueuedBody; value: unknown }[] = [];
      try {
        this.writer.exec('BEGIN IMMEDIATE');
      } catch (error) {
        for (const item of batch) item.reject(error);
        continue;
      }
      for (const item of batch) {
        this.writer.exec('SAVEPOINT gatehouse_tx');
        try {
          const value = await this.nesting.run(item.body);
          this.writer.exec('RELEASE gatehouse_tx');
          done.push({ item, value });
        } catch (error) {
          if (this.writer.inTransaction) {
            this.writer.exec('ROLLBACK TO gatehouse_tx');
            this.writer.exec('RELEASE gatehouse_tx');
            item.reject(error);
          } else {
            // SQLite ended the whole transaction: the bodies run before this one are lost too.
            item.reject(error);
            for (const d of done.splice(0)) d.item.reject(error);
            this.writer.exec('BEGIN IMMEDIATE');
          }
        }
      }
      try {
        this.writer.exec('COMMIT');
      } catch (error) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        for (const d of done) d.item.reject(error);
        continue;
      }
      if (this.durableMode === 'FULL' && batch.some((item) => item.durable)) this.acknowledgeWhenSynced(done);
      else for (const d of done) d.item.resolve(d.value);
    }
  }

  /** Resolves a committed group once the WAL holding it is on disk; the drain goes on meanwhile. */
  private acknowledgeWhenSynced(done: readonly { item: QueuedBody; value: unknown }[]): void {
    const synced = this.syncWal().then(
      () => {
        for (const d of done) d.item.resolve(d.value);
      },
      (error: unknown) => {
        for (const d of done) d.item.reject(error);
      },
    );
    this.syncing.add(synced);
    void synced.finally(() => this.syncing.delete(synced));
  }

  /** fdatasync of the WAL file, in the thread pool. A sync started after a commit covers it. */
  private async syncWal(): Promise<void> {
    this.walHandle ??= fs.promises.open(this.walPath, 'r');
    await (await this.walHandle).datasync();
  }

  async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    let committed: Revision | undefined;
    const result = await this.exclusive(async () => {
      const scope = new SqlTransactionScope(this.writerRunner, this.auditLog.reader);
      try {
        const value = await fn(scope.tx);
        const changes = scope.recorder.changes;
        if (changes.length > 0) committed = await commitChanges(this.writerRunner, changes, new Date());
        return value;
      } finally {
        scope.end();
      }
    }, options.durable ?? true);
    if (committed !== undefined) this.clock.advance(committed);
    return result;
  }

  appendAuditEvents(events: readonly AuditFacts[]): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return this.auditLog.append(events);
  }

  revision(): Revision {
    return this.clock.revision;
  }

  async latestRevision(): Promise<Revision> {
    const revision = await readRevision(this.readRunner());
    this.clock.advance(revision);
    return revision;
  }

  changesSince(revision: number): Promise<ChangesSince> {
    return changesSince(this.readRunner(), revision);
  }

  onRevision(listener: (revision: Revision) => void): () => void {
    return this.clock.subscribe(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let the running and queued transactions finish first.
    while (this.draining !== undefined) await this.draining;
    this.closed = true;
    await Promise.allSettled([...this.syncing]);
    if (this.walHandle !== undefined) await (await this.walHandle).close();
    await this.auditLog.close();
    this.reader.close();
    this.writer.close();
  }
}

/** Opens (creating if needed) the SQLite store in `file`, migrating its schema. */
export async function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<Store> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  const writer = new Database(file);
  try {
    writer.pragma(`busy_timeout = ${busyTimeoutMs}`);
    writer.pragma('journal_mode = WAL');
    // FULL durability is provided by the store's own WAL sync before acknowledging (see above).
    writer.pragma('synchronous = NORMAL');
    const runner = new SqliteRunner(writer);
    writer.exec('BEGIN IMMEDIATE');
    try {
      await migrate(runner, () => new Date());
      writer.exec('COMMIT');
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      throw error;
    }
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    reader.pragma(`busy_timeout = ${busyTimeoutMs}`);
    const revision = await readRevision(new SqliteRunner(reader));
    const auditFile = file.replace(/\.db$/, '') + AUDIT_FILE_SUFFIX;
    return new SqliteStore(writer, reader, new RevisionClock(revision), options.synchronous ?? 'FULL', new SqliteAuditLog(auditFile, busyTimeoutMs, options.auditRetention ?? DEFAULT_AUDIT_RETENTION), `${file}-wal`);
  } catch (error) {
    writer.close();
    throw error;
  }
}
