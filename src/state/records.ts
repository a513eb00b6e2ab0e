/**
 * The records the store keeps for the AWS identity plane, one interface per entity kind.
 *
 * Field names follow the IAM and Organizations API shapes (botocore's `User`, `Group`, `Role`,
 * `Policy`, `PolicyVersion`, `AccessKey`, `Account`...) so the services layer maps them 1:1. The
 * store adds `AccountId` to account-scoped records (AWS carries it only inside the ARN) and leaves
 * out fields that are derived from other records, so they cannot drift:
 *
 * - `Policy.AttachmentCount` = `attachments.count({ scope, ref: policyArn })`;
 * - `Policy.PermissionsBoundaryUsageCount` = `users.count({ scope, ref: policyArn })` +
 *   `roles.count({ scope, ref: policyArn })` (a user's or role's `ref` is its boundary ARN);
 * - `PolicyVersion.IsDefaultVersion` = `VersionId === policy.DefaultVersionId`;
 * - `AccessKey.UserName` = the name of the user with `UserId`.
 *
 * Dates are ISO 8601 strings in UTC (`2024-05-01T12:00:00Z`), as AWS returns them. Policy
 * documents are stored as the JSON text the caller supplied (URL-decoded), because IAM returns the
 * document as it was submitted.
 */
import type { Json } from '../policy/types.js';

/** A 12-digit AWS account ID. */
export type AccountId = string;
/** An ISO 8601 date-time in UTC. */
export type IsoDate = string;
/** A policy document as JSON text, as the caller supplied it. */
export type PolicyDocumentText = string;

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface AttachedPermissionsBoundary {
  readonly PermissionsBoundaryType: 'PermissionsBoundaryPolicy';
  readonly PermissionsBoundaryArn: string;
}

/** An account of the organization (Organizations' `Account`). Organization-wide: scope `''`. */
export interface AccountRecord {
  readonly Id: AccountId;
  readonly Arn: string;
  readonly Name: string;
  readonly Email: string;
  readonly Status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  readonly JoinedMethod: 'INVITED' | 'CREATED';
  readonly JoinedTimestamp: IsoDate;
}

export interface UserRecord {
  readonly AccountId: AccountId;
  readonly Path: string;
  readonly UserName: string;
  /** `AIDA...` */
  readonly UserId: string;
  readonly Arn: string;
  readonly CreateDate: IsoDate;
  readonly PasswordLastUsed?: IsoDate;
  readonly PermissionsBoundary?: AttachedPermissionsBoundary;
  readonly Tags: readonly Tag[];
}

export interface GroupRecord {
  readonly AccountId: AccountId;
  readonly Path: string;
  readonly GroupName: string;
  /** `AGPA...` */
  readonly GroupId: string;
  readonly Arn: string;
  readonly CreateDate: IsoDate;
}

/** A user's membership in a group. */
export interface GroupMembershipRecord {
  readonly AccountId: AccountId;
  readonly GroupId: string;
  readonly UserId: string;
}

export interface RoleLastUsed {
  readonly LastUsedDate?: IsoDate;
  readonly Region?: string;
}

export interface RoleRecord {
  readonly AccountId: AccountId;
  readonly Path: string;
  readonly RoleName: string;
  /** `AROA...` */
  readonly RoleId: string;
  readonly Arn: string;
  readonly CreateDate: IsoDate;
  /** The trust policy. */
  readonly AssumeRolePolicyDocument: PolicyDocumentText;
  readonly Description?: string;
  /** Seconds, 3600..43200. */
  readonly MaxSessionDuration: number;
  readonly PermissionsBoundary?: AttachedPermissionsBoundary;
  readonly Tags: readonly Tag[];
  readonly RoleLastUsed?: RoleLastUsed;
}

/** A customer managed policy. AWS managed policies are not stored; attachments name them by ARN. */
export interface ManagedPolicyRecord {
  readonly AccountId: AccountId;
  readonly PolicyName: string;
  /** `ANPA...` */
  readonly PolicyId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly DefaultVersionId: string;
  /**
   * The highest version number ever issued (IAM never issues a number twice, even after the
   * version is deleted). Absent in records written before it was kept: then the stored versions
   * tell.
   */
  readonly LastVersionNumber?: number;
  readonly IsAttachable: boolean;
  readonly Description?: string;
  readonly CreateDate: IsoDate;
  readonly UpdateDate: IsoDate;
  readonly Tags: readonly Tag[];
}

/** One stored version (`v1`, `v2`, ...) of a customer managed policy; IAM keeps at most 5. */
export interface PolicyVersionRecord {
  readonly AccountId: AccountId;
  readonly PolicyId: string;
  readonly VersionId: string;
  readonly Document: PolicyDocumentText;
  readonly CreateDate: IsoDate;
}

export type PolicyHolderType = 'user' | 'group' | 'role';

/** An inline policy embedded in a user, group or role. Names are unique per holder. */
export interface InlinePolicyRecord {
  readonly AccountId: AccountId;
  readonly PrincipalType: PolicyHolderType;
  /** The holder's unique ID (`AIDA...`, `AGPA...`, `AROA...`). */
  readonly PrincipalId: string;
  readonly PolicyName: string;
  readonly PolicyDocument: PolicyDocumentText;
}

/** A managed policy (customer or AWS managed, by ARN) attached to a user, group or role. */
export interface PolicyAttachmentRecord {
  readonly AccountId: AccountId;
  readonly PrincipalType: PolicyHolderType;
  readonly PrincipalId: string;
  readonly PolicyArn: string;
  readonly PolicyName: string;
}

export interface AccessKeyLastUsed {
  readonly LastUsedDate: IsoDate;
  readonly ServiceName: string;
  readonly Region: string;
}

/** A long-term access key. The holder is an IAM user (`UserId`) or, for root keys, the account ID. */
export interface AccessKeyRecord {
  readonly AccountId: AccountId;
  readonly UserId: string;
  /** `AKIA...` */
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly Status: 'Active' | 'Inactive';
  readonly CreateDate: IsoDate;
  readonly LastUsed?: AccessKeyLastUsed;
}

/**
 * A secret of Gatehouse's own, kept with the state so that every process sharing it uses the
 * same one (the key that seals session tokens). Organization-wide: scope `''`.
 */
export interface ServiceSecretRecord {
  /** What the secret is for, e.g. `session-token-key`. */
  readonly Name: string;
  /** The secret's bytes, base64. */
  readonly Value: string;
  readonly CreateDate: IsoDate;
}

export interface AuditResource {
  readonly ResourceType: string;
  readonly ResourceName: string;
}

/**
 * One audit trail event: the lookup attributes of CloudTrail's `LookupEvents` `Event` plus the full
 * CloudTrail record. `ErrorCode` and `AccountId` are kept for filtering as well.
 */
export interface AuditEventRecord {
  readonly EventId: string;
  readonly EventTime: IsoDate;
  readonly EventName: string;
  readonly EventSource: string;
  readonly AccountId: AccountId;
  readonly Username?: string;
  readonly AccessKeyId?: string;
  readonly ReadOnly: boolean;
  readonly ErrorCode?: string;
  readonly Resources: readonly AuditResource[];
  /** The CloudTrail record (eventVersion, userIdentity, eventTime, ...), as JSON. */
  readonly CloudTrailEvent: { readonly [key: string]: Json };
}

/**
 * An IAM OpenID Connect identity provider. `Url` is the issuer URL without `https://`, as IAM
 * returns it and as the ARN carries it (`arn:aws:iam::<acct>:oidc-provider/<Url>`).
 */
export interface OidcProviderRecord {
  readonly AccountId: AccountId;
  readonly Arn: string;
  readonly Url: string;
  /** Audiences, in the order added, without repeats. */
  readonly ClientIDList: readonly string[];
  /** 40-character hex SHA-1 thumbprints, at most 5. */
  readonly ThumbprintList: readonly string[];
  readonly CreateDate: IsoDate;
  readonly Tags: readonly Tag[];
}

/** A SAML 2.0 single sign-on endpoint of the IdP (`md:SingleSignOnService`). */
export interface SamlSsoEndpoint {
  readonly Binding: string;
  readonly Location: string;
}

/** What IAM keeps of a SAML metadata document besides its text. */
export interface SamlMetadataFacts {
  /** The `entityID` of the IdP's `md:EntityDescriptor` (the `Issuer` of its assertions). */
  readonly EntityId: string;
  readonly SsoEndpoints: readonly SamlSsoEndpoint[];
  /** The IdP's signing certificates (`md:KeyDescriptor` for signing), PEM encoded. */
  readonly SigningCertificates: readonly string[];
  /** The document's own `validUntil`, when it has one. */
  readonly ValidUntil?: IsoDate;
}

/**
 * A private key for decrypting SAML assertions, as IAM reports it (`SAMLPrivateKey`). The key
 * itself is never returned by IAM and is not stored: only a SHA-256 fingerprint of its public key
 * identifies it.
 */
export interface SamlPrivateKeyRecord {
  readonly KeyId: string;
  readonly Timestamp: IsoDate;
  readonly PublicKeySha256: string;
}

export interface SamlProviderRecord {
  readonly AccountId: AccountId;
  readonly Name: string;
  readonly Arn: string;
  /** `SAMLProviderUUID`. */
  readonly SAMLProviderUUID: string;
  readonly SAMLMetadataDocument: string;
  readonly Metadata: SamlMetadataFacts;
  readonly CreateDate: IsoDate;
  readonly ValidUntil: IsoDate;
  readonly AssertionEncryptionMode: 'Required' | 'Allowed';
  readonly PrivateKeys: readonly SamlPrivateKeyRecord[];
  readonly Tags: readonly Tag[];
}

/** An instance profile; it holds at most one role (IAM's quota, which cannot be raised). */
export interface InstanceProfileRecord {
  readonly AccountId: AccountId;
  readonly Path: string;
  readonly InstanceProfileName: string;
  /** `AIPA...` */
  readonly InstanceProfileId: string;
  readonly Arn: string;
  readonly CreateDate: IsoDate;
  /** The role in the profile, by `RoleId`. */
  readonly RoleId?: string;
  readonly Tags: readonly Tag[];
}

/** A DeleteServiceLinkedRole task and its outcome (GetServiceLinkedRoleDeletionStatus). */
export interface ServiceLinkedRoleDeletionRecord {
  readonly AccountId: AccountId;
  /** `task/aws-service-role/<service>/<role name>/<uuid>` */
  readonly DeletionTaskId: string;
  readonly RoleName: string;
  readonly AWSServiceName: string;
  readonly Status: 'SUCCEEDED' | 'IN_PROGRESS' | 'FAILED' | 'NOT_STARTED';
  readonly CreateDate: IsoDate;
  readonly Reason?: string;
}

/** The account's alias. One per account; aliases are unique across all accounts. Scope `''`. */
export interface AccountAliasRecord {
  readonly AccountId: AccountId;
  readonly AccountAlias: string;
}

/** IAM settings of one account that belong to no entity. */
export interface AccountSettingsRecord {
  readonly AccountId: AccountId;
  /** SetSecurityTokenServicePreferences; absent means AWS's default, `v1Token`. */
  readonly GlobalEndpointTokenVersion?: 'v1Token' | 'v2Token';
  /** EnableOutboundWebIdentityFederation: the account's issuer, kept once generated. */
  readonly OutboundWebIdentityFederation?: {
    readonly IssuerIdentifier: string;
    readonly Enabled: boolean;
  };
}

/** IAM's centralized root access features of one organization. Organization-wide: scope `''`. */
export interface OrganizationFeaturesRecord {
  readonly OrganizationId: string;
  readonly ManagementAccountId: AccountId;
  readonly EnabledFeatures: readonly ('RootCredentialsManagement' | 'RootSessions')[];
}
