/**
 * EKS's records: clusters (with their OIDC issuer's signing key, sealed), access entries (with the
 * access policies associated with each), EKS Pod Identity associations, and the updates
 * UpdateClusterConfig made (DescribeUpdate, ListUpdates). Field names follow the
 * EKS API's shapes where they have one.
 */
import type { IsoDate, SealedSecret } from './records.js';

export type AuthenticationMode = 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP';

export interface EksClusterRecord {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  /** 32 uppercase hex digits: the OIDC issuer's ID (`…/id/<this>`) and the endpoint's label. */
  readonly issuerId: string;
  readonly createdAt: IsoDate;
  readonly version: string;
  readonly platformVersion: string;
  readonly roleArn: string;
  readonly authenticationMode: AuthenticationMode;
  readonly bootstrapClusterCreatorAdminPermissions: boolean;
  /** The request's VPC configuration as given (subnets, security groups, access flags). */
  readonly resourcesVpcConfig: Readonly<Record<string, unknown>>;
  readonly kubernetesNetworkConfig: Readonly<Record<string, unknown>>;
  readonly tags: Readonly<Record<string, string>>;
  /** The issuer's RSA signing key (PKCS #8 PEM), sealed with the cluster ARN as context. */
  readonly signingKey: SealedSecret;
  /** The key's ID in the JWKS and in tokens' `kid`. */
  readonly signingKeyId: string;
  readonly clientRequestToken?: string;
  /** The IAM principal that made the cluster (an assumed role's role ARN): on CONFIG_MAP clusters with bootstrap admin permissions it is mapped to system:masters. */
  readonly creatorArn?: string;
  /** The control plane log types enabled by UpdateClusterConfig (none when absent). */
  readonly enabledLogTypes?: readonly string[];
}

export type EksUpdateStatus = 'InProgress' | 'Failed' | 'Cancelled' | 'Successful';

/** One update of a cluster, in the EKS API's `Update` shape plus its owner. */
export interface EksUpdateRecord {
  readonly accountId: string;
  readonly region: string;
  readonly clusterName: string;
  /** The cluster's issuer ID: updates belong to one incarnation of a cluster name. */
  readonly clusterId: string;
  /** A UUID, as EKS's update IDs are. */
  readonly id: string;
  readonly status: EksUpdateStatus;
  /** EKS's UpdateType: AccessConfigUpdate, LoggingUpdate, EndpointAccessUpdate… */
  readonly type: string;
  readonly params: readonly { readonly type: string; readonly value: string }[];
  readonly createdAt: IsoDate;
  readonly errors: readonly { readonly errorCode: string; readonly errorMessage: string; readonly resourceIds: readonly string[] }[];
}

export interface AssociatedAccessPolicyRecord {
  readonly policyArn: string;
  readonly accessScope: { readonly type: 'cluster' | 'namespace'; readonly namespaces: readonly string[] };
  readonly associatedAt: IsoDate;
  readonly modifiedAt: IsoDate;
}

export interface EksAccessEntryRecord {
  readonly accountId: string;
  readonly region: string;
  readonly clusterName: string;
  /** The cluster's issuer ID: entries belong to one incarnation of a cluster name. */
  readonly clusterId: string;
  readonly principalArn: string;
  readonly kubernetesGroups: readonly string[];
  readonly accessEntryArn: string;
  readonly createdAt: IsoDate;
  readonly modifiedAt: IsoDate;
  readonly tags: Readonly<Record<string, string>>;
  readonly username: string;
  readonly type: string;
  /** The IAM principal's unique ID when the entry was made (a recreated principal does not match). */
  readonly principalId?: string;
  readonly associatedAccessPolicies: readonly AssociatedAccessPolicyRecord[];
}

export interface EksPodIdentityAssociationRecord {
  readonly accountId: string;
  readonly region: string;
  readonly clusterName: string;
  readonly clusterId: string;
  readonly associationId: string;
  readonly associationArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
  readonly targetRoleArn?: string;
  readonly disableSessionTags: boolean;
  readonly policy?: string;
  readonly externalId?: string;
  readonly ownerArn?: string;
  readonly createdAt: IsoDate;
  readonly modifiedAt: IsoDate;
  readonly tags: Readonly<Record<string, string>>;
}
