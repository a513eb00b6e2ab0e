/**
 * What the cluster side needs to know about one EKS cluster: the shapes of the EKS API
 * (`src/aws/models/eks.json`), declared here as interfaces mirroring the model, and the view that
 * the EKS service gives of one cluster (its access entries with their access policies, its pod
 * identity associations, and the service-account token issuer).
 *
 * The EKS service implements `ClusterView` over the store; tests fill it with small in-memory
 * implementations.
 */

/** EKS `Cluster` (DescribeCluster), the members the cluster side reads. */
export interface Cluster {
  readonly name?: string;
  readonly arn?: string;
  readonly createdAt?: Date | string | number;
  readonly version?: string;
  readonly endpoint?: string;
  readonly roleArn?: string;
  readonly identity?: { readonly oidc?: { readonly issuer?: string } };
  readonly status?: string;
  readonly certificateAuthority?: { readonly data?: string };
  readonly platformVersion?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly accessConfig?: {
    readonly bootstrapClusterCreatorAdminPermissions?: boolean;
    /** `CONFIG_MAP`, `API_AND_CONFIG_MAP` or `API`. */
    readonly authenticationMode?: string;
  };
}

/** EKS `AccessEntry`. */
export interface AccessEntry {
  readonly clusterName?: string;
  readonly principalArn?: string;
  readonly kubernetesGroups?: readonly string[];
  readonly accessEntryArn?: string;
  readonly createdAt?: Date | string | number;
  readonly modifiedAt?: Date | string | number;
  readonly tags?: Readonly<Record<string, string>>;
  readonly username?: string;
  /** `STANDARD`, `EC2_LINUX`, `EC2_WINDOWS`, `FARGATE_LINUX`, `HYBRID_LINUX`, `HYPERPOD_LINUX`, `EC2`. */
  readonly type?: string;
}

/** EKS `AccessScope`. */
export interface AccessScope {
  /** `cluster` or `namespace`. */
  readonly type?: string;
  readonly namespaces?: readonly string[];
}

/** EKS `AssociatedAccessPolicy`. */
export interface AssociatedAccessPolicy {
  readonly policyArn?: string;
  readonly accessScope?: AccessScope;
  readonly associatedAt?: Date | string | number;
  readonly modifiedAt?: Date | string | number;
}

/** EKS `PodIdentityAssociation`. */
export interface PodIdentityAssociation {
  readonly clusterName?: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly roleArn?: string;
  readonly associationArn?: string;
  readonly associationId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly createdAt?: Date | string | number;
  readonly modifiedAt?: Date | string | number;
  readonly ownerArn?: string;
  readonly disableSessionTags?: boolean;
  readonly targetRoleArn?: string;
  readonly externalId?: string;
  readonly policy?: string;
}

export type AccessEntryWithPolicies = AccessEntry & { readonly associatedAccessPolicies: readonly AssociatedAccessPolicy[] };

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
  /** The DescribeCluster shape. */
  readonly cluster: Cluster;
  /** Access entries with the access policies associated with each. */
  accessEntries(): Promise<readonly AccessEntryWithPolicies[]>;
  podIdentityAssociations(): Promise<readonly PodIdentityAssociation[]>;
  /** Mints a projected service-account token (JWT) signed by the cluster's issuer key. */
  serviceAccountToken(o: ServiceAccountTokenRequest): Promise<string>;
}

/**
 * The caller behind a verified `k8s-aws-v1.` token, resolved through Gatehouse's STS.
 * `canonicalArn` is the role ARN for an assumed-role session (`arn:aws:iam::<acct>:role/<name>`,
 * the path removed), as aws-iam-authenticator computes it; the ARN itself otherwise.
 */
export interface VerifiedCaller {
  readonly arn: string;
  readonly canonicalArn: string;
  readonly accountId: string;
  readonly userId: string;
  readonly sessionName?: string;
  readonly accessKeyId: string;
}
