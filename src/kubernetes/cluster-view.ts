/**
 * What the cluster side needs to know about one EKS cluster: the view the EKS service gives of it
 * (`src/services/eks/cluster-view.ts`: the DescribeCluster shape, its access entries with their
 * access policies, its pod identity associations, the service-account token issuer and the
 * cluster's creator). One declaration, re-exported here for the cluster side.
 */
import type { AccessEntry, AssociatedAccessPolicy } from '../services/eks/cluster-view.js';
import type { TokenCaller } from '../server/eks/token-caller.js';

export type { AccessEntry, AssociatedAccessPolicy, Cluster, ClusterView, PodIdentityAssociation, ServiceAccountTokenRequest } from '../services/eks/cluster-view.js';

/** EKS `AccessScope`. */
export type AccessScope = AssociatedAccessPolicy['accessScope'];

export type AccessEntryWithPolicies = AccessEntry & { readonly associatedAccessPolicies: readonly AssociatedAccessPolicy[] };

/**
 * The caller behind a verified `k8s-aws-v1.` token, resolved through Gatehouse's STS.
 * `canonicalArn` is the role ARN for an assumed-role session (`arn:aws:iam::<acct>:role/<name>`,
 * the path removed), as aws-iam-authenticator computes it; the ARN itself otherwise.
 */
export type VerifiedCaller = TokenCaller;
