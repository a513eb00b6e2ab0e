/**
 * One entity collection over SQL, shared by both stores: records are JSON in `data`, found and
 * ordered through the key columns that the collection's EntityKind derives.
 */
import { nameKey, type CollectionName, type EntityKind } from '../entity-kinds.js';
import {
  DEFAULT_MAX_ITEMS,
  MAX_MAX_ITEMS,
  type CountQuery,
  type ListQuery,
  type Page,
  type WriteCollection,
} from '../store.js';
import { DuplicateNameError } from '../store-errors.js';
import { decodeMarker, encodeMarker, pageSize } from './paging-marker.js';
import { textColumn, type SqlRunner, type SqlValue } from './sql-runner.js';

/** Receives every put and delete made through a transaction's collections. */
export interface ChangeSink {
  changed(collection: CollectionName, op: 'put' | 'delete', id: string, scope: string, parent: string): void;
}

function where(query: CountQuery): { sql: string; params: SqlValue[] } {
  const clauses = ['scope = ?'];
  const params: SqlValue[] = [query.scope];
  if (query.parent !== undefined) {
    clauses.push('parent = ?');
    params.push(query.parent);
  }
  if (query.ref !== undefined) {
    clauses.push('ref = ?');
    params.push(query.ref);
  }
  if (query.pathPrefix !== undefined && query.pathPrefix !== '/') {
    clauses.push('substr(path, 1, ?) = ?');
    params.push(query.pathPrefix.length, query.pathPrefix);
  }
  return { sql: clauses.join(' AND '), params };
}

export class SqlCollection<R> implements WriteCollection<R> {
  constructor(
    private readonly collection: CollectionName,
    private readonly kind: EntityKind<R>,
    private readonly db: () => SqlRunner,
    private readonly sink: ChangeSink | undefined,
  ) {}

  private parse(row: { readonly [column: string]: unknown }): R {
    return JSON.parse(textColumn(row, 'data')) as R;
  }

  async getById(id: string): Promise<R | undefined> {
    const rows = await this.db().rows(`SELECT data FROM ${this.kind.table} WHERE id = ?`, [id]);
    return rows[0] === undefined ? undefined : this.parse(rows[0]);
  }

  async getByName(scope: string, name: string, parent = ''): Promise<R | undefined> {
    const rows = await this.db().rows(
      `SELECT data FROM ${this.kind.table} WHERE scope = ? AND parent = ? AND name_key = ?`,
      [scope, parent, nameKey(name)],
    );
    return rows[0] === undefined ? undefined : this.parse(rows[0]);
  }

  async list(query: ListQuery): Promise<Page<R>> {
    const limit = pageSize(query.maxItems, DEFAULT_MAX_ITEMS, MAX_MAX_ITEMS);
    const { sql, params } = where(query);
    let after = '';
    if (query.marker !== undefined) {
      const [sortKey, id] = decodeMarker(query.marker, ['string', 'string'] as const);
      after = ' AND (sort_key > ? OR (sort_key = ? AND id > ?))';
      params.push(sortKey, sortKey, id);
    }
    params.push(limit + 1);
    const rows = await this.db().rows(
      `SELECT sort_key, id, data FROM ${this.kind.table} WHERE ${sql}${after} ORDER BY sort_key, id LIMIT ?`,
      params,
    );
    const isTruncated = rows.length > limit;
    const kept = isTruncated ? rows.slice(0, limit) : rows;
    const items = kept.map((row) => this.parse(row));
    const last = kept[kept.length - 1];
    if (!isTruncated || last === undefined) return { items, isTruncated: false };
    return { items, isTruncated: true, marker: encodeMarker([textColumn(last, 'sort_key'), textColumn(last, 'id')]) };
  }

  async count(query: CountQuery): Promise<number> {
    const { sql, params } = where(query);
    const rows = await this.db().rows(`SELECT COUNT(*) AS n FROM ${this.kind.table} WHERE ${sql}`, params);
    return Number(rows[0]?.['n'] ?? 0);
  }

  async put(record: R): Promise<void> {
    const keys = this.kind.keys(record);
    const db = this.db();
    if (keys.name !== null) {
      const clash = await db.rows(
        `SELECT id FROM ${this.kind.table} WHERE scope = ? AND parent = ? AND name_key = ? AND id <> ?`,
        [keys.scope, keys.parent, keys.name, keys.id],
      );
      if (clash[0] !== undefined) {
        throw new DuplicateNameError(this.collection, keys.scope, keys.name, textColumn(clash[0], 'id'));
      }
    }
    await db.run(
      `INSERT INTO ${this.kind.table} (id, scope, parent, ref, name_key, path, sort_key, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, parent = excluded.parent, ref = excluded.ref,
         name_key = excluded.name_key, path = excluded.path, sort_key = excluded.sort_key, data = excluded.data`,
      [keys.id, keys.scope, keys.parent, keys.ref, keys.name, keys.path, keys.sortKey, JSON.stringify(record)],
    );
    this.sink?.changed(this.collection, 'put', keys.id, keys.scope, keys.parent);
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db().rows(`DELETE FROM ${this.kind.table} WHERE id = ? RETURNING scope, parent`, [id]);
    const row = rows[0];
    if (row === undefined) return false;
    this.sink?.changed(this.collection, 'delete', id, textColumn(row, 'scope'), textColumn(row, 'parent'));
    return true;
  }
}
