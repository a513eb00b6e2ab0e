/**
 * The revision and its change log, shared by both stores. A transaction collects what it changed;
 * at commit, if anything changed, it bumps the single revision row and logs the changes under the
 * new revision, in the same transaction. Because write transactions hold the revision row's lock
 * from their start, revisions commit in order with no gaps, and a reader that saw revision N can
 * ask for exactly what changed after N.
 */
import type { CollectionName } from '../entity-kinds.js';
import type { Change, ChangesSince, Revision, RevisionChanges } from '../store.js';
import type { ChangeSink } from './sql-collection.js';
import { integerColumn, textColumn, type SqlRunner } from './sql-runner.js';

/** How many recent revisions keep their change lists. */
export const CHANGE_LOG_RETAINED = 10_000;
/** Pruning runs on every this-many-th revision. */
const PRUNE_EVERY = 256;

export function asRevision(n: number): Revision {
  return n as Revision;
}

/** The changes of one transaction: one entry per entity, its last operation, in first-touch order. */
export class ChangeRecorder implements ChangeSink {
  // Map.set on an existing key keeps the key's original position.
  private readonly byKey = new Map<string, Change>();

  changed(collection: CollectionName, op: 'put' | 'delete', id: string, scope: string, parent: string): void {
    this.byKey.set(`${collection}\u0000${id}`, { collection, op, id, scope, parent });
  }

  get changes(): readonly Change[] {
    return [...this.byKey.values()];
  }
}

export async function readRevision(db: SqlRunner): Promise<Revision> {
  const rows = await db.rows('SELECT revision FROM gatehouse_revision WHERE id = 1');
  if (rows[0] === undefined) throw new Error('the revision row is missing');
  return asRevision(integerColumn(rows[0], 'revision'));
}

/** Takes the revision row's lock (PostgreSQL); the caller's transaction holds it until it ends. */
export async function lockRevision(db: SqlRunner): Promise<Revision> {
  const rows = await db.rows('SELECT revision FROM gatehouse_revision WHERE id = 1 FOR UPDATE');
  if (rows[0] === undefined) throw new Error('the revision row is missing');
  return asRevision(integerColumn(rows[0], 'revision'));
}

/** Bumps the revision and logs the changes; call last, inside the transaction. */
export async function commitChanges(db: SqlRunner, changes: readonly Change[], now: Date): Promise<Revision> {
  const rows = await db.rows('UPDATE gatehouse_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision');
  if (rows[0] === undefined) throw new Error('the revision row is missing');
  const revision = integerColumn(rows[0], 'revision');
  await db.run('INSERT INTO gatehouse_changes (revision, committed_at, changes) VALUES (?, ?, ?)', [
    revision,
    now.toISOString(),
    JSON.stringify(changes),
  ]);
  if (revision % PRUNE_EVERY === 0) {
    await db.run('DELETE FROM gatehouse_changes WHERE revision <= ?', [revision - CHANGE_LOG_RETAINED]);
  }
  return asRevision(revision);
}

export async function changesSince(db: SqlRunner, since: number): Promise<ChangesSince> {
  const revision = await readRevision(db);
  if (since === revision) return { revision, complete: true, batches: [] };
  if (since > revision) return { revision, complete: false, batches: [] };
  const rows = await db.rows(
    'SELECT revision, changes FROM gatehouse_changes WHERE revision > ? AND revision <= ? ORDER BY revision',
    [since, revision],
  );
  const batches: RevisionChanges[] = rows.map((row) => ({
    revision: asRevision(integerColumn(row, 'revision')),
    changes: JSON.parse(textColumn(row, 'changes')) as Change[],
  }));
  const complete = batches.length === revision - since && batches[0]?.revision === since + 1;
  return complete ? { revision, complete, batches } : { revision, complete: false, batches: [] };
}
