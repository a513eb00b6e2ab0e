/**
 * The shared store: PostgreSQL through a pg connection pool, for several Gatehouse processes on one
 * state. Everything lives in one schema (default `gatehouse`; `?schema=` in the URL), created and
 * migrated on open under an advisory lock so that processes starting together do not race.
 *
 * Concurrency: every transaction begins by locking the single revision row
 * (`SELECT ... FOR UPDATE`), at READ COMMITTED. Transactions therefore run one at a time across all
 * processes, and each statement of a transaction sees every transaction committed before it took
 * the lock: serial execution, which is serializable. The same lock orders revisions without gaps,
 * so the change log can be read by revision. Should the database still report a serialization
 * failure (40001) or a deadlock (40P01), the transaction is rolled back and run again.
 *
 * Revisions across processes: a committing transaction sends `pg_notify` on the schema's channel
 * with its revision (delivered only if it commits); each store LISTENs on its own connection and
 * advances `revision()` when one arrives. If that connection drops, it reconnects and re-reads the
 * revision. `latestRevision()` always reads the database.
 *
 * Durability is PostgreSQL's: COMMIT returns once the WAL is flushed (synchronous_commit on).
 */
import pg from 'pg';
import { NestingGuard } from '../nesting-guard.js';
import { auditEventRecord, type AuditFacts } from '../audit-facts.js';
import { DEFAULT_AUDIT_RETENTION, type AuditRetention } from '../audit-retention.js';
import { RevisionClock } from '../revision-clock.js';
import type { ChangesSince, Revision, Store, StoreTransaction, StoreView } from '../store.js';
import { StoreClosedError } from '../store-errors.js';
import { asRevision, changesSince, commitChanges, lockRevision, readRevision } from '../sql/change-log.js';
import { migrate } from '../sql/migrate.js';
import { appendAuditEvent, trimAuditEvents } from '../sql/sql-audit.js';
import { SqlTransactionScope, sqlStoreView } from '../sql/sql-views.js';
import { PostgresRunner } from './postgres-runner.js';
import { parsePostgresUrl, type PostgresTarget } from './postgres-url.js';

export interface PostgresStoreOptions {
  /** Overrides the URL's `schema` parameter. */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** Runs of a transaction that keeps failing to serialize before giving up (default 20). */
  readonly maxAttempts?: number;
  /** How much audit trail to keep (default DEFAULT_AUDIT_RETENTION). */
  readonly auditRetention?: AuditRetention;
}

/** Any constant shared by all Gatehouse processes: the advisory lock taken while migrating. */
const MIGRATION_LOCK_KEY = 0x6761_7465; // "gate"

/** SQLSTATEs after which running the transaction again is safe and may succeed. */
const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01']);

function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function channelName(schema: string): string {
  return `gatehouse_revision_${schema}`;
}

function connectionConfig(target: PostgresTarget): pg.ClientConfig {
  return { connectionString: target.connectionString, options: `-c search_path=${target.schema}` };
}

class PostgresStore implements Store {
  readonly backend = 'postgres';
  readonly read: StoreView;
  private readonly nesting = new NestingGuard();
  private readonly poolRunner: PostgresRunner;
  private readonly channel: string;
  private listener: pg.Client | undefined;
  private closed = false;
  /** Events this process appended since it last trimmed the trail. */
  private appendedSinceTrim = 0;

  constructor(
    private readonly target: PostgresTarget,
    private readonly pool: pg.Pool,
    private readonly clock: RevisionClock,
    private readonly maxAttempts: number,
    private readonly auditRetention: AuditRetention,
  ) {
    this.poolRunner = new PostgresRunner(pool);
    this.channel = channelName(target.schema);
    this.read = sqlStoreView(() => this.readRunner());
  }

  private readRunner(): PostgresRunner {
    if (this.closed) throw new StoreClosedError();
    return this.poolRunner;
  }

  /** Connects the LISTEN connection; on loss, reconnects and catches up. */
  async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(connectionConfig(this.target));
    client.on('notification', (message) => {
      if (message.channel !== this.channel || message.payload === undefined) return;
      const revision = Number(message.payload);
      if (Number.isSafeInteger(revision)) this.clock.advance(asRevision(revision));
    });
    const reconnect = (): void => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.closed) return;
      setTimeout(() => {
        this.listen()
          .then(() => this.latestRevision())
          .catch(() => reconnect());
      }, 1000).unref();
    };
    client.on('error', reconnect);
    client.on('end', reconnect);
    this.listener = client;
    await client.connect();
    await client.query(`LISTEN "${this.channel}"`);
  }

  async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreClosedError();
    return this.nesting.run(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.attempt(fn);
        } catch (error) {
          const state = sqlState(error);
          if (state === undefined || !RETRYABLE_SQLSTATES.has(state) || attempt >= this.maxAttempts) throw error;
          await sleep(Math.random() * 10 * attempt);
        }
      }
    });
  }

  private async attempt<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const runner = new PostgresRunner(client);
    const scope = new SqlTransactionScope(runner);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      await lockRevision(runner);
      const value = await fn(scope.tx);
      const changes = scope.recorder.changes;
      let committed: Revision | undefined;
      if (changes.length > 0) {
        committed = await commitChanges(runner, changes, new Date());
        await runner.rows('SELECT pg_notify(?, ?)', [this.channel, String(committed)]);
      }
      scope.end();
      await client.query('COMMIT');
      if (committed !== undefined) this.clock.advance(committed);
      return value;
    } catch (error) {
      scope.end();
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async appendAuditEvents(events: readonly AuditFacts[]): Promise<void> {
    if (this.closed) throw new StoreClosedError();
    const client = await this.pool.connect();
    const runner = new PostgresRunner(client);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      for (const event of events) await appendAuditEvent(runner, auditEventRecord(event));
      await client.query('COMMIT');
      this.appendedSinceTrim += events.length;
      if (this.appendedSinceTrim >= this.auditRetention.trimEvery) {
        this.appendedSinceTrim = 0;
        await trimAuditEvents(runner, Date.now(), this.auditRetention);
      }
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
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
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

async function createAndMigrate(target: PostgresTarget): Promise<void> {
  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
    await client.query(`SET LOCAL search_path TO "${target.schema}"`);
    await migrate(new PostgresRunner(client), () => new Date());
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Opens the PostgreSQL store at `url`, creating and migrating its schema. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const target = parsePostgresUrl(url, options.schema);
  await createAndMigrate(target);
  const pool = new pg.Pool({ ...connectionConfig(target), max: options.poolSize ?? 10 });
  // An idle connection that fails is dropped from the pool; the next checkout opens a new one.
  pool.on('error', () => undefined);
  let revision: Revision;
  try {
    revision = await readRevision(new PostgresRunner(pool));
  } catch (error) {
    await pool.end();
    throw error;
  }
  const store = new PostgresStore(target, pool, new RevisionClock(revision), options.maxAttempts ?? 20, options.auditRetention ?? DEFAULT_AUDIT_RETENTION);
  try {
    await store.listen();
    // A commit between reading the revision and listening would otherwise go unnoticed.
    await store.latestRevision();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
