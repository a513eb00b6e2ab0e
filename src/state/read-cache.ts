/**
 * A store whose single-record reads (`getById`, `getByName`) are remembered until the store's
 * revision moves on: a read-heavy workload (the same user fetched for authorization and by the
 * handler, request after request) reads the database once per change instead of once per call.
 * Lists and counts are not cached. With PostgreSQL, another process's change clears the cache when
 * its notification arrives, as the store's revision does.
 */
import type { CollectionName, EntityRecords } from './entity-kinds.js';
import { COLLECTION_NAMES } from './entity-kinds.js';
import type { ReadCollection, Store, StoreView } from './store.js';

/** Entries above this many are dropped all at once (memory stays bounded). */
const LIMIT = 50_000;

export function withReadCache(store: Store): Store {
  const cache = new Map<string, Promise<unknown>>();
  store.onRevision(() => cache.clear());
  const remember = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key) as Promise<T> | undefined;
    if (hit === undefined) {
      const revision = store.revision();
      hit = load();
      if (cache.size >= LIMIT) cache.clear();
      cache.set(key, hit);
      // A failed read is not remembered; nor is one that a change overtook.
      hit.then(
        () => {
          if (store.revision() !== revision) cache.delete(key);
        },
        () => cache.delete(key),
      );
    }
    return hit;
  };
  const view: Partial<Record<CollectionName, ReadCollection<unknown>>> = {};
  for (const name of COLLECTION_NAMES) {
    const inner = store.read[name] as ReadCollection<EntityRecords[typeof name]>;
    view[name] = {
      getById: (id) => remember(`${name}\u0000i\u0000${id}`, () => inner.getById(id)),
      getByName: (scope, n, parent) => remember(`${name}\u0000n\u0000${scope}\u0000${parent ?? ''}\u0000${n.toLowerCase()}`, () => inner.getByName(scope, n, parent)),
      list: (q) => inner.list(q),
      count: (q) => inner.count(q),
    };
  }
  const read = { ...view, audit: store.read.audit } as StoreView;
  return {
    get backend() {
      return store.backend;
    },
    read,
    transaction: (fn, options) => store.transaction(fn, options),
    appendAuditEvents: (events) => store.appendAuditEvents(events),
    revision: () => store.revision(),
    latestRevision: () => store.latestRevision(),
    changesSince: (r) => store.changesSince(r),
    onRevision: (listener) => store.onRevision(listener),
    close: () => store.close(),
  };
}
