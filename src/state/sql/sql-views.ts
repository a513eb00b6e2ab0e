/**
 * Assembles the contract's views over a SQL runner: the read-only view used outside transactions,
 * and the per-transaction view that records changes and refuses use once the transaction settled.
 */
import { COLLECTION_NAMES, ENTITY_KINDS, type CollectionName } from '../entity-kinds.js';
import type { AuditReader, StoreTransaction, StoreView, WriteCollections } from '../store.js';
import { TransactionMisuseError } from '../store-errors.js';
import { auditReader } from './sql-audit.js';
import { ChangeRecorder } from './change-log.js';
import { SqlCollection, type ChangeSink } from './sql-collection.js';
import type { SqlRunner } from './sql-runner.js';

function sqlCollections(db: () => SqlRunner, sink: ChangeSink | undefined): WriteCollections {
  const entries = COLLECTION_NAMES.map(
    <C extends CollectionName>(name: C) => [name, new SqlCollection(name, ENTITY_KINDS[name], db, sink)] as const,
  );
  return Object.fromEntries(entries) as unknown as WriteCollections;
}

/** `audit` overrides where the audit trail is read from (the SQLite store keeps it in its own file). */
export function sqlStoreView(db: () => SqlRunner, audit?: AuditReader): StoreView {
  return { ...sqlCollections(db, undefined), audit: audit ?? auditReader(db) };
}

/** One transaction's view: usable until `end()`, recording what it changed. */
export class SqlTransactionScope {
  readonly recorder = new ChangeRecorder();
  readonly tx: StoreTransaction;
  private open = true;

  constructor(
    private readonly runner: SqlRunner,
    audit?: AuditReader,
  ) {
    const db = (): SqlRunner => this.db();
    this.tx = { ...sqlCollections(db, this.recorder), audit: audit ?? auditReader(db) };
  }

  private db(): SqlRunner {
    if (!this.open) throw new TransactionMisuseError('the transaction has already ended');
    return this.runner;
  }

  end(): void {
    this.open = false;
  }
}
