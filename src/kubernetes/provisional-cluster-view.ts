/**
 * How the cluster side finds a cluster by (account, region, name). The EKS service provides
 * `clusterView(store, accountId, region, name)` over its clusters; until a server is given it, the
 * provisional directory below accepts any cluster name, with no access entries, no pod identity
 * associations and no token issuer (the check against EKS clusters is wired where the EKS service
 * is mounted).
 */
import type { Store } from '../state/store.js';
import type { ClusterView } from './cluster-view.js';

export type ClusterDirectory = (store: Store, accountId: string, region: string, name: string) => Promise<ClusterView | undefined>;

export class TokenIssuerUnavailableError extends Error {
  constructor(cluster: string) {
    super(`cluster ${cluster} has no service-account token issuer in this Gatehouse`);
    this.name = 'TokenIssuerUnavailableError';
  }
}

export const provisionalClusterDirectory: ClusterDirectory = (_store, accountId, region, name) =>
  Promise.resolve({
    accountId,
    region,
    cluster: {
      name,
      arn: `arn:aws:eks:${region}:${accountId}:cluster/${name}`,
      version: '1.31',
      status: 'ACTIVE',
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
    },
    accessEntries: () => Promise.resolve([]),
    podIdentityAssociations: () => Promise.resolve([]),
    serviceAccountToken: () => Promise.reject(new TokenIssuerUnavailableError(name)),
  });
