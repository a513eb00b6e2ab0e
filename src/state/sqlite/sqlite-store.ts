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
 * Durability: `synchronous` FULL (the default) syncs the WAL on every commit, so an acknowledged
 * transaction survives a process crash and a power loss. NORMAL syncs only at checkpoints: still
 * durable against a process crash (a committed transaction is in the WAL file), but the last
 * commits may be lost if the machine itself fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { NestingGuard } from '../nesting-guard.js';
import type { AuditEventRecord } from '../records.js';
import { RevisionClock } from '../revision-clock.js';
import type { ChangesSince, Revision, Store, StoreTransaction, StoreView } from '../store.js';
import { StoreClosedError } from '../store-errors.js';
import { changesSince, commitChanges, readRevision } from '../sql/change-log.js';
import { migrate } from '../sql/migrate.js';
import { appendAuditEvent } from '../sql/sql-audit.js';
import { SqlTransactionScope, sqlStoreView } from '../sql/sql-views.js';
import { AsyncMutex } from './async-mutex.js';
import { SqliteRunner } from './sqlite-runner.js';

export interface SqliteStoreOptions {
  /** FULL (default): durable against power loss; NORMAL: durable against process crashes only. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long to wait for another process's write lock, in milliseconds (default 10 s). */
  readonly busyTimeoutMs?: number;
}

class SqliteStore implements Store {
  readonly backend = 'sqlite';
  readonly read: StoreView;
  private readonly writerRunner: SqliteRunner;
  private readonly readerRunner: SqliteRunner;
  private readonly mutex = new AsyncMutex();
  private readonly nesting = new NestingGuard();
  private closed = false;

  constructor(
    private readonly writer: Database.Database,
    private readonly reader: Database.Database,
    private readonly clock: RevisionClock,
  ) {
    this.writerRunner = new SqliteRunner(writer);
    this.readerRunner = new SqliteRunner(reader);
    this.read = sqlStoreView(() => this.readRunner());
  }

  private readRunner(): SqliteRunner {
    if (this.closed) throw new StoreClosedError();
    return this.readerRunner;
  }

  /** Runs `body` as one IMMEDIATE transaction on the writer, holding the mutex. */
  private exclusive<T>(body: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return this.nesting.run(() =>
      this.mutex.run(async () => {
        if (this.closed) throw new StoreClosedError();
        this.writer.exec('BEGIN IMMEDIATE');
        try {
          const result = await body();
          this.writer.exec('COMMIT');
          return result;
        } catch (error) {
          if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
          throw error;
        }
      }),
    );
  }

  async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    let committed: Revision | undefined;
    const result = await this.exclusive(async () => {
      const scope = new SqlTransactionScope(this.writerRunner);
      try {
        const value = await fn(scope.tx);
        const changes = scope.recorder.changes;
        if (changes.length > 0) committed = await commitChanges(this.writerRunner, changes, new Date());
        return value;
      } finally {
        scope.end();
      }
    });
    if (committed !== undefined) this.clock.advance(committed);
    return result;
  }

  appendAuditEvents(events: readonly AuditEventRecord[]): Promise<void> {
    return this.exclusive(async () => {
      for (const event of events) await appendAuditEvent(this.writerRunner, event);
    });
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
    await this.mutex.run(() => Promise.resolve());
    this.closed = true;
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
    writer.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
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
    return new SqliteStore(writer, reader, new RevisionClock(revision));
  } catch (error) {
    writer.close();
    throw error;
  }
}
