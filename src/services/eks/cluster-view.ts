/**
 * A cluster as the Kubernetes side of Gatehouse sees it: the DescribeCluster shape, its access
 * entries with their access policies, its pod identity associations, and projected
 * service-account tokens signed by its issuer key.
 */
import type { Store } from '../../state/store.js';
import type { SecretSealer } from '../../state/secret-sealer.js';
import type { EksClusterRecord } from '../../state/eks-records.js';
import { issuerUrl } from './eks-ids.js';
import { accessEntryShape, allEntries, associatedPolicyShape } from './access-entries.js';
import { allAssociations, associationShape } from './pod-identity-associations.js';
import { mintServiceAccountToken, verifyServiceAccountToken, type VerifiedServiceAccountToken } from './issuer-keys.js';
import { clusterEndpoint } from './eks-context.js';

export interface Cluster {
  readonly name: string;
  readonly arn: string;
  readonly createdAt: Date;
  readonly version: string;
  readonly platformVersion?: string;
  readonly endpoint: string;
  readonly roleArn: string;
  readonly identity: { readonly oidc: { readonly issuer: string } };
  readonly certificateAuthority: { readonly data: string };
  readonly accessConfig: { readonly authenticationMode: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP'; readonly bootstrapClusterCreatorAdminPermissions: boolean };
  readonly status: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface AccessEntry {
  readonly clusterName: string;
  readonly principalArn: string;
  readonly kubernetesGroups: readonly string[];
  readonly accessEntryArn: string;
  readonly createdAt: Date;
  readonly modifiedAt: Date;
  readonly tags: Readonly<Record<string, string>>;
  readonly username: string;
  readonly type: string;
}

export interface AssociatedAccessPolicy {
  readonly policyArn: string;
  readonly accessScope: { readonly type: 'cluster' | 'namespace'; readonly namespaces: readonly string[] };
  readonly associatedAt: Date;
  readonly modifiedAt: Date;
}

export interface PodIdentityAssociation {
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
  readonly associationArn: string;
  readonly associationId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly modifiedAt: Date;
  readonly disableSessionTags: boolean;
  readonly targetRoleArn?: string;
}

export interface ServiceAccountTokenRequest {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly audience?: string;
  readonly expirationSeconds?: number;
  readonly podName?: string;
  readonly podUid?: string;
}

export interface ClusterView {
  readonly accountId: string;
  readonly region: string;
  readonly cluster: Cluster;
  /**
   * The IAM principal that created the cluster (an assumed role's role ARN). With
   * `bootstrapClusterCreatorAdminPermissions` on a CONFIG_MAP cluster, EKS maps it to
   * `system:masters` outside the aws-auth ConfigMap; on the other modes it has an access entry.
   */
  readonly creatorArn: string | undefined;
  /** Access entries with the access policies associated with each. */
  accessEntries(): Promise<readonly (AccessEntry & { readonly associatedAccessPolicies: readonly AssociatedAccessPolicy[] })[]>;
  podIdentityAssociations(): Promise<readonly PodIdentityAssociation[]>;
  /** Mints a projected service-account token (JWT) signed by the cluster's issuer key. */
  serviceAccountToken(o: ServiceAccountTokenRequest): Promise<string>;
  /** Verifies a service-account token against the cluster's issuer (signature, issuer, API server audience, validity). */
  verifyServiceAccountToken(token: string): Promise<VerifiedServiceAccountToken | { readonly reason: string }>;
}

export interface ClusterViewDeps {
  readonly sealer: SecretSealer;
  readonly caPem: string;
  readonly clock: () => Date;
  /** The Host the cluster is reached under (for `endpoint`). */
  readonly host?: string;
}

export function viewOf(store: Store, record: EksClusterRecord, deps: ClusterViewDeps): ClusterView {
  const cluster: Cluster = {
    name: record.name,
    arn: record.arn,
    createdAt: new Date(record.createdAt),
    version: record.version,
    platformVersion: record.platformVersion,
    endpoint: clusterEndpoint(record, deps.host),
    roleArn: record.roleArn,
    identity: { oidc: { issuer: issuerUrl(record.region, record.issuerId) } },
    certificateAuthority: { data: Buffer.from(deps.caPem, 'utf8').toString('base64') },
    accessConfig: { authenticationMode: record.authenticationMode, bootstrapClusterCreatorAdminPermissions: record.bootstrapClusterCreatorAdminPermissions },
    status: 'ACTIVE',
    tags: { ...record.tags },
  };
  const ctx = { store };
  return {
    accountId: record.accountId,
    region: record.region,
    cluster,
    creatorArn: record.creatorArn,
    async accessEntries() {
      return (await allEntries(ctx, record)).map((e) => ({
        ...(accessEntryShape(e) as unknown as AccessEntry),
        associatedAccessPolicies: e.associatedAccessPolicies.map((p) => associatedPolicyShape(p) as unknown as AssociatedAccessPolicy),
      }));
    },
    async podIdentityAssociations() {
      return (await allAssociations(ctx, record)).map((a) => associationShape(a) as unknown as PodIdentityAssociation);
    },
    serviceAccountToken(o) {
      return mintServiceAccountToken(record, deps.sealer, deps.clock(), o);
    },
    verifyServiceAccountToken(token) {
      return verifyServiceAccountToken(record, deps.sealer, deps.clock(), token);
    },
  };
}

/** The view of cluster `name` in an account and region, or undefined when there is none. */
export async function clusterView(store: Store, accountId: string, region: string, name: string, deps: ClusterViewDeps): Promise<ClusterView | undefined> {
  const record = await store.read.eksClusters.getByName(accountId, name, region);
  return record !== undefined && record.name === name ? viewOf(store, record, deps) : undefined;
}
