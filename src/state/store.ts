/**
 * The store contract: one small transactional interface that the SQLite and PostgreSQL stores both
 * implement and that one shared test suite checks (store-contract.test-suite.ts).
 *
 * - `transaction(fn)` runs `fn` with typed collections. Write transactions are serializable in
 *   effect: each sees every transaction committed before it, as if they ran one at a time. A
 *   transaction that conflicts is retried transparently, so `fn` may run more than once and must
 *   not have side effects outside `tx`. When the returned promise resolves the transaction is
 *   committed and durable (it survives a crash of the process); when it rejects nothing of it was
 *   written. `tx` must not be used after `fn` settles, and transactions do not nest.
 * - `read` answers single reads outside any transaction, from committed state only.
 * - The revision is a number bumped by exactly one by every committed transaction that changed an
 *   entity (audit events alone do not bump it). With it comes the list of what changed, so a cache
 *   of compiled policies can refresh only the principals and policies that changed.
 */
import type { CollectionName, EntityRecords } from './entity-kinds.js';
import type { AuditEventRecord, IsoDate } from './records.js';
import type { AuditFacts } from './audit-facts.js';

declare const revisionBrand: unique symbol;
/** A store revision: increases by one per committed entity-changing transaction. */
export type Revision = number & { readonly [revisionBrand]: true };

export const DEFAULT_MAX_ITEMS = 100;
export const MAX_MAX_ITEMS = 1000;

export interface ListQuery {
  /** The account ID (`''` for organization-wide collections such as `accounts`). */
  readonly scope: string;
  /** Only records under this parent (a group's memberships, a user's access keys...). */
  readonly parent?: string;
  /** Only records with this reference (attachments of a policy ARN, memberships of a user...). */
  readonly ref?: string;
  /** Only records whose path starts with this prefix. */
  readonly pathPrefix?: string;
  /** The `marker` of the previous page. */
  readonly marker?: string;
  /** 1..1000; default 100 (IAM's MaxItems). */
  readonly maxItems?: number;
}

export type CountQuery = Omit<ListQuery, 'marker' | 'maxItems'>;

export interface Page<R> {
  readonly items: readonly R[];
  readonly isTruncated: boolean;
  /** Present when `isTruncated`: pass it back as `marker` for the next page. */
  readonly marker?: string;
}

export interface ReadCollection<R> {
  getById(id: string): Promise<R | undefined>;
  /** By friendly name, case-insensitively, within an account (and a parent for nested records). */
  getByName(scope: string, name: string, parent?: string): Promise<R | undefined>;
  /** In a stable order (by name case-insensitively for named entities), in pages. */
  list(query: ListQuery): Promise<Page<R>>;
  count(query: CountQuery): Promise<number>;
}

export interface WriteCollection<R> extends ReadCollection<R> {
  /**
   * Inserts the record, or replaces the record with the same ID. Throws `DuplicateNameError` if
   * another record in the same account (and parent) has the same name case-insensitively.
   */
  put(record: R): Promise<void>;
  /** Deletes by ID; false if there was none. */
  delete(id: string): Promise<boolean>;
}

export type ReadCollections = { readonly [C in CollectionName]: ReadCollection<EntityRecords[C]> };
export type WriteCollections = { readonly [C in CollectionName]: WriteCollection<EntityRecords[C]> };

/** Attribute filters of an audit query; all given filters must match (exact, case-sensitive). */
export interface AuditFilter {
  readonly EventId?: string;
  readonly EventName?: string;
  readonly EventSource?: string;
  readonly Username?: string;
  readonly AccessKeyId?: string;
  readonly ReadOnly?: boolean;
  readonly ErrorCode?: string;
  readonly AccountId?: string;
  readonly ResourceType?: string;
  readonly ResourceName?: string;
}

export const DEFAULT_AUDIT_MAX_RESULTS = 50;

export interface AuditQuery {
  /** Events at or after this time. */
  readonly startTime?: IsoDate;
  /** Events at or before this time. */
  readonly endTime?: IsoDate;
  readonly filter?: AuditFilter;
  /** 1..50, default 50 (CloudTrail LookupEvents' MaxResults). */
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface AuditPage {
  /** Newest first. */
  readonly events: readonly AuditEventRecord[];
  readonly nextToken?: string;
}

export interface AuditReader {
  query(query: AuditQuery): Promise<AuditPage>;
}

export interface StoreView extends ReadCollections {
  readonly audit: AuditReader;
}

export interface StoreTransaction extends WriteCollections {
  /** Audit events are appended with `appendAuditEvents`, outside entity transactions. */
  readonly audit: AuditReader;
}

/** One changed entity. For nested records `parent` names the owner (principal, policy, group). */
export interface Change {
  readonly collection: CollectionName;
  readonly op: 'put' | 'delete';
  readonly id: string;
  readonly scope: string;
  readonly parent: string;
}

export interface RevisionChanges {
  readonly revision: Revision;
  readonly changes: readonly Change[];
}

export interface ChangesSince {
  /** The latest revision. */
  readonly revision: Revision;
  /**
   * False when the change log no longer reaches back to the asked revision (it keeps the most
   * recent changes only) or the asked revision is ahead of the store: reload everything.
   */
  readonly complete: boolean;
  /** Oldest first; empty when not `complete`. */
  readonly batches: readonly RevisionChanges[];
}

export type StoreBackend = 'sqlite' | 'postgres';

export interface TransactionOptions {
  /**
   * False for bookkeeping that may be lost with the machine (an access key's last use): the
   * transaction is still atomic and survives a process crash, but need not wait for a disk sync.
   * Default true.
   */
  readonly durable?: boolean;
}

export interface Store {
  readonly backend: StoreBackend;
  readonly read: StoreView;
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Appends audit events, in their own transaction, each built from its facts by
   * `auditEventRecord`; resolves once they are stored.
   */
  appendAuditEvents(events: readonly AuditFacts[]): Promise<void>;
  /**
   * The last revision this process knows of, without I/O: its own commits and, for PostgreSQL,
   * other processes' commits as their notifications arrive.
   */
  revision(): Revision;
  /** Reads the current revision from the database (and updates `revision()`). */
  latestRevision(): Promise<Revision>;
  changesSince(revision: number): Promise<ChangesSince>;
  /** Called when `revision()` advances. Returns an unsubscribe function. */
  onRevision(listener: (revision: Revision) => void): () => void;
  close(): Promise<void>;
}
