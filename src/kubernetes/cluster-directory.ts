/**
 * How the cluster side finds a cluster by (account, region, name): the EKS service's
 * `clusterView(store, accountId, region, name, deps)` over its clusters, or, in tests, a directory
 * of in-memory views. Undefined: there is no such cluster.
 */
import type { Store } from '../state/store.js';
import type { ClusterView } from './cluster-view.js';

export type ClusterDirectory = (store: Store, accountId: string, region: string, name: string) => Promise<ClusterView | undefined>;

/** A cluster view that cannot mint service-account tokens (tests' stand-ins). */
export class TokenIssuerUnavailableError extends Error {
  constructor(cluster: string) {
    super(`cluster ${cluster} has no service-account token issuer in this Gatehouse`);
    this.name = 'TokenIssuerUnavailableError';
  }
}
