/**
 * What mapping a caller reads of a cluster — its access entries (with their access policies) and
 * its `kube-system/aws-auth` ConfigMap — read once and kept until the store's revision moves on
 * (a change committed by this process or, with PostgreSQL, another process's change when its
 * notification arrives, as for the store's read cache). Every TokenReview and every kubectl
 * request maps its caller; without this each read the store, and parsed the ConfigMap's YAML,
 * again. The ConfigMap object kept is the same object from one request to the next, so its parsed
 * form is kept with it (`parseAwsAuth`).
 */
import type { Store } from '../state/store.js';
import type { AccessEntryWithPolicies, ClusterView } from './cluster-view.js';
import type { KubeObject } from './kube-object.js';
import type { KubernetesObjectStore, ObjectFilter } from './object-store.js';

interface Facts {
  accessEntries?: Promise<readonly AccessEntryWithPolicies[]>;
  awsAuth?: Promise<KubeObject | undefined>;
}

/** Clusters kept at most; past that all are dropped at once (memory stays bounded). */
const LIMIT = 1000;

const isAwsAuth = (kind: string, namespace: string, name: string): boolean => kind === 'ConfigMap' && namespace === 'kube-system' && name === 'aws-auth';

export class IdentityFacts {
  readonly #store: Store;
  #entries = new Map<string, Facts>();

  constructor(store: Store) {
    this.#store = store;
    store.onRevision(() => {
      this.#entries = new Map();
    });
  }

  /**
   * The view and objects to map a caller of `view`'s cluster with: the same answers as `view` and
   * `objects`, the access entries and the aws-auth ConfigMap from what is kept.
   */
  forCluster(view: ClusterView, objects: KubernetesObjectStore): { view: Pick<ClusterView, 'cluster' | 'accessEntries' | 'creatorArn'>; objects: KubernetesObjectStore } {
    // The issuer names one incarnation of a cluster name.
    const key = `${view.accountId}\u0000${view.cluster.identity.oidc.issuer}`;
    let facts = this.#entries.get(key);
    if (facts === undefined) {
      if (this.#entries.size >= LIMIT) this.#entries = new Map();
      facts = {};
      this.#entries.set(key, facts);
    }
    const kept = facts;
    const entries = this.#entries;
    const revision = this.#store.revision();
    /** Keeps a read unless it failed or a change overtook it. */
    const keep = <T>(field: keyof Facts, load: () => Promise<T>): Promise<T> => {
      const p = load();
      p.then(
        () => {
          if (this.#store.revision() !== revision || this.#entries !== entries) delete kept[field];
        },
        () => delete kept[field],
      );
      return p;
    };
    return {
      view: {
        cluster: view.cluster,
        creatorArn: view.creatorArn,
        accessEntries: () => (kept.accessEntries ??= keep('accessEntries', () => view.accessEntries())),
      },
      objects: {
        list: (filter?: ObjectFilter) => objects.list(filter),
        get: (kind, namespace, name) => (isAwsAuth(kind, namespace, name) ? (kept.awsAuth ??= keep('awsAuth', () => objects.get(kind, namespace, name))) : objects.get(kind, namespace, name)),
        put: (o) => objects.put(o),
        delete: (ref) => objects.delete(ref),
      },
    };
  }
}
