/**
 * What the pod identity webhook reads of a cluster for each AdmissionReview — the cluster's region
 * and version, its service accounts and its Pod Identity associations — read once and kept until
 * the store's revision moves on (a change committed by this process or, with PostgreSQL, another
 * process's change when its notification arrives, as for the store's read cache). An API server
 * calls the webhook for every pod it creates; without this each review read the store three times.
 */
import type { Store } from '../state/store.js';
import type { V1ServiceAccount } from '@kubernetes/client-node';
import type { ClusterDirectory } from './cluster-directory.js';
import { clusterWebhookSettings } from './admission.js';
import { StoredClusterObjects } from './object-store.js';
import { refOf } from './kube-object.js';
import type { WebhookSettings } from './pod-identity-mutation.js';

export interface AdmissionSnapshot {
  readonly settings: WebhookSettings;
  /** The cluster's service account `namespace/name`, if it has one. */
  serviceAccount(namespace: string, name: string): V1ServiceAccount | undefined;
  /** Whether a Pod Identity association names this namespace and service account. */
  hasPodIdentityAssociation(namespace: string, serviceAccount: string): boolean;
}

function pairKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

/** Clusters kept at most; past that the snapshots are dropped all at once (memory stays bounded). */
const LIMIT = 1000;

export class AdmissionSnapshots {
  readonly #store: Store;
  readonly #clusters: ClusterDirectory;
  readonly #clock: (() => Date) | undefined;
  readonly #entries = new Map<string, Promise<AdmissionSnapshot | undefined>>();

  constructor(store: Store, clusters: ClusterDirectory, clock?: () => Date) {
    this.#store = store;
    this.#clusters = clusters;
    this.#clock = clock;
    store.onRevision(() => this.#entries.clear());
  }

  /** The snapshot of cluster `name`, or undefined when there is no such cluster (not kept). */
  get(accountId: string, region: string, name: string): Promise<AdmissionSnapshot | undefined> {
    const key = `${accountId}\u0000${region}\u0000${name}`;
    let hit = this.#entries.get(key);
    if (hit === undefined) {
      const revision = this.#store.revision();
      hit = this.#load(accountId, region, name);
      if (this.#entries.size >= LIMIT) this.#entries.clear();
      this.#entries.set(key, hit);
      // Not kept when it failed, found no cluster, or a change overtook the reads.
      hit.then(
        (s) => {
          if (s === undefined || this.#store.revision() !== revision) this.#entries.delete(key);
        },
        () => this.#entries.delete(key),
      );
    }
    return hit;
  }

  async #load(accountId: string, region: string, name: string): Promise<AdmissionSnapshot | undefined> {
    const view = await this.#clusters(this.#store, accountId, region, name);
    if (view === undefined) return undefined;
    const stored = new StoredClusterObjects(this.#store, accountId, region, name, this.#clock);
    const [serviceAccounts, associations] = await Promise.all([stored.list({ kind: 'ServiceAccount' }), view.podIdentityAssociations()]);
    // Keyed, so that a review costs the same in a cluster of many service accounts.
    const byName = new Map<string, V1ServiceAccount>();
    for (const o of serviceAccounts) {
      const r = refOf(o);
      byName.set(pairKey(r.namespace, r.name), o as V1ServiceAccount);
    }
    const associated = new Set(associations.map((a) => pairKey(a.namespace, a.serviceAccount)));
    return {
      settings: clusterWebhookSettings(view),
      serviceAccount: (namespace, saName) => byName.get(pairKey(namespace, saName)),
      hasPodIdentityAssociation: (namespace, saName) => associated.has(pairKey(namespace, saName)),
    };
  }
}
