/**
 * The Kubernetes objects of one cluster, kept in Gatehouse's store under (account, region,
 * cluster). A cluster starts with the objects a new EKS cluster has that identity depends on (see
 * `built-in-objects.ts`); they are written the first time the cluster's objects are used, and from
 * then on can be changed or deleted like any other (deleting the `pod-identity-webhook`
 * MutatingWebhookConfiguration stops the injection, as on EKS).
 */
import type { Store } from '../state/store.js';
import type { KubernetesObjectRecord } from '../state/records.js';
import type { Json } from '../policy/types.js';
import { builtInObjects } from './built-in-objects.js';
import { refOf, type KubeObject, type ObjectRef } from './kube-object.js';

export interface ObjectFilter {
  readonly kind?: string;
  /** Only objects in this namespace (cluster-scoped objects have none and are left out). */
  readonly namespace?: string;
}

export interface KubernetesObjectStore {
  list(filter?: ObjectFilter): Promise<readonly KubeObject[]>;
  get(kind: string, namespace: string, name: string): Promise<KubeObject | undefined>;
  /** Writes the objects (replacing ones with the same identity), in one transaction. */
  put(objects: readonly KubeObject[]): Promise<void>;
  delete(ref: ObjectRef): Promise<boolean>;
}

/** The record that says a cluster's built-in objects were written (never listed). */
const SEED_MARK: Pick<KubernetesObjectRecord, 'Group' | 'Kind' | 'Namespace' | 'Name'> = { Group: 'gatehouse', Kind: '', Namespace: '', Name: 'built-in-objects' };

export class StoredClusterObjects implements KubernetesObjectStore {
  readonly #store: Store;
  readonly #accountId: string;
  readonly #region: string;
  readonly #cluster: string;
  readonly #now: () => Date;
  #seeded = false;

  constructor(store: Store, accountId: string, region: string, cluster: string, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#accountId = accountId;
    this.#region = region;
    this.#cluster = cluster;
    this.#now = now;
  }

  #record(o: KubeObject, at: string): KubernetesObjectRecord {
    const r = refOf(o);
    return {
      AccountId: this.#accountId,
      Region: this.#region,
      ClusterName: this.#cluster,
      Group: r.group,
      Kind: r.kind,
      Namespace: r.namespace,
      Name: r.name,
      Object: o as unknown as Json,
      UpdatedAt: at,
    };
  }

  #id(group: string, kind: string, namespace: string, name: string): string {
    return `${this.#accountId}|${this.#region}|${this.#cluster}|${group}|${kind}|${namespace}|${name}`;
  }

  async #seed(): Promise<void> {
    if (this.#seeded) return;
    const markId = this.#id(SEED_MARK.Group, SEED_MARK.Kind, SEED_MARK.Namespace, SEED_MARK.Name);
    if ((await this.#store.read.kubernetesObjects.getById(markId)) === undefined) {
      const at = this.#now().toISOString();
      await this.#store.transaction(async (tx) => {
        if ((await tx.kubernetesObjects.getById(markId)) !== undefined) return;
        for (const o of builtInObjects(at)) await tx.kubernetesObjects.put(this.#record(o, at));
        await tx.kubernetesObjects.put({
          AccountId: this.#accountId,
          Region: this.#region,
          ClusterName: this.#cluster,
          ...SEED_MARK,
          Object: {},
          UpdatedAt: at,
        });
      });
    }
    this.#seeded = true;
  }

  async list(filter: ObjectFilter = {}): Promise<readonly KubeObject[]> {
    await this.#seed();
    const out: KubeObject[] = [];
    let marker: string | undefined;
    do {
      const page = await this.#store.read.kubernetesObjects.list({
        scope: this.#accountId,
        parent: `${this.#region}|${this.#cluster}`,
        ...(filter.kind !== undefined ? { ref: filter.kind } : {}),
        maxItems: 1000,
        ...(marker !== undefined ? { marker } : {}),
      });
      for (const r of page.items) {
        if (r.Kind === SEED_MARK.Kind) continue;
        if (filter.namespace !== undefined && r.Namespace !== filter.namespace) continue;
        out.push(r.Object as unknown as KubeObject);
      }
      marker = page.isTruncated ? page.marker : undefined;
    } while (marker !== undefined);
    return out;
  }

  async get(kind: string, namespace: string, name: string): Promise<KubeObject | undefined> {
    const all = await this.list({ kind });
    return all.find((o) => {
      const r = refOf(o);
      return r.name === name && r.namespace === namespace;
    });
  }

  async put(objects: readonly KubeObject[]): Promise<void> {
    await this.#seed();
    const at = this.#now().toISOString();
    await this.#store.transaction(async (tx) => {
      for (const o of objects) await tx.kubernetesObjects.put(this.#record(o, at));
    });
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    await this.#seed();
    const id = this.#id(ref.group, ref.kind, ref.namespace, ref.name);
    return this.#store.transaction((tx) => tx.kubernetesObjects.delete(id));
  }
}

/** Objects in memory (tests, and one-off computations such as `gatehouse pod run` on a file). */
export class MemoryObjects implements KubernetesObjectStore {
  readonly #objects = new Map<string, KubeObject>();

  constructor(objects: readonly KubeObject[] = []) {
    for (const o of objects) this.#objects.set(key(refOf(o)), o);
  }

  list(filter: ObjectFilter = {}): Promise<readonly KubeObject[]> {
    return Promise.resolve(
      [...this.#objects.values()].filter((o) => {
        const r = refOf(o);
        return (filter.kind === undefined || r.kind === filter.kind) && (filter.namespace === undefined || r.namespace === filter.namespace);
      }),
    );
  }

  get(kind: string, namespace: string, name: string): Promise<KubeObject | undefined> {
    return Promise.resolve([...this.#objects.values()].find((o) => {
      const r = refOf(o);
      return r.kind === kind && r.namespace === namespace && r.name === name;
    }));
  }

  put(objects: readonly KubeObject[]): Promise<void> {
    for (const o of objects) this.#objects.set(key(refOf(o)), o);
    return Promise.resolve();
  }

  delete(ref: ObjectRef): Promise<boolean> {
    return Promise.resolve(this.#objects.delete(key(ref)));
  }
}

function key(r: ObjectRef): string {
  return `${r.group}|${r.kind}|${r.namespace}|${r.name}`;
}

/** Objects not stored, seen over a cluster's stored ones (a manifest's service account for a pod of the same manifest). */
export class OverlayObjects implements KubernetesObjectStore {
  readonly #base: KubernetesObjectStore;
  readonly #top: MemoryObjects;

  constructor(base: KubernetesObjectStore, top: readonly KubeObject[]) {
    this.#base = base;
    this.#top = new MemoryObjects(top);
  }

  async list(filter: ObjectFilter = {}): Promise<readonly KubeObject[]> {
    const top = await this.#top.list(filter);
    const keys = new Set(top.map((o) => key(refOf(o))));
    return [...top, ...(await this.#base.list(filter)).filter((o) => !keys.has(key(refOf(o))))];
  }

  async get(kind: string, namespace: string, name: string): Promise<KubeObject | undefined> {
    return (await this.#top.get(kind, namespace, name)) ?? this.#base.get(kind, namespace, name);
  }

  put(objects: readonly KubeObject[]): Promise<void> {
    return this.#top.put(objects);
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    return this.#top.delete(ref);
  }
}
