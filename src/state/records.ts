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

/**
 * An account Gatehouse holds (Organizations' `Account`): the management account from the first
 * start, and the member accounts of the organization. An account removed from the organization
 * becomes a standalone account and leaves this collection (its IAM entities stay). Organization-wide:
 * scope `''`.
 */
export interface AccountRecord {
  readonly Id: AccountId;
  readonly Arn: string;
  readonly Name: string;
  readonly Email: string;
  readonly Status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  readonly JoinedMethod: 'INVITED' | 'CREATED';
  readonly JoinedTimestamp: IsoDate;
  /** The root or OU the account is in; absent while there is no organization. */
  readonly ParentId?: string;
  /** Organizations tags of the account. */
  readonly Tags?: readonly Tag[];
}

/** Organizations' policy types (`PolicyType`), of which SCPs and RCPs take part in authorization. */
export type OrganizationPolicyType =
  | 'SERVICE_CONTROL_POLICY'
  | 'RESOURCE_CONTROL_POLICY'
  | 'TAG_POLICY'
  | 'BACKUP_POLICY'
  | 'AISERVICES_OPT_OUT_POLICY'
  | 'CHATBOT_POLICY'
  | 'DECLARATIVE_POLICY_EC2'
  | 'SECURITYHUB_POLICY'
  | 'INSPECTOR_POLICY'
  | 'UPGRADE_ROLLOUT_POLICY'
  | 'BEDROCK_POLICY'
  | 'S3_POLICY'
  | 'NETWORK_SECURITY_DIRECTOR_POLICY';

export interface PolicyTypeSummary {
  readonly Type: OrganizationPolicyType;
  readonly Status: 'ENABLED' | 'PENDING_ENABLE' | 'PENDING_DISABLE';
}

/** The organization's root (Organizations' `Root`); an organization has exactly one. */
export interface OrganizationRootRecord {
  /** `r-` and 4 lowercase letters or digits. */
  readonly Id: string;
  readonly Arn: string;
  readonly Name: string;
  /** The policy types enabled in the root. */
  readonly PolicyTypes: readonly PolicyTypeSummary[];
  readonly Tags: readonly Tag[];
}

/** The organization (Organizations' `Organization`). Gatehouse holds at most one. */
export interface OrganizationRecord {
  /** `o-` and 10 lowercase letters or digits. */
  readonly Id: string;
  readonly Arn: string;
  readonly FeatureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  readonly MasterAccountId: AccountId;
  readonly MasterAccountArn: string;
  readonly MasterAccountEmail: string;
  readonly Root: OrganizationRootRecord;
  readonly CreatedTimestamp: IsoDate;
}

/** An organizational unit; names are unique among the OUs of one parent. */
export interface OrganizationalUnitRecord {
  /** `ou-<root id without r->-<8 lowercase letters or digits>`. */
  readonly Id: string;
  readonly Arn: string;
  readonly Name: string;
  /** The root or OU it is in. */
  readonly ParentId: string;
  readonly Tags: readonly Tag[];
}

/**
 * A customer managed Organizations policy (SCP, RCP, or another type kept as data). AWS managed
 * ones (FullAWSAccess, RCPFullAWSAccess) are not stored; attachments name them by ID.
 */
export interface OrganizationPolicyRecord {
  /** `p-` and 8 lowercase letters or digits. */
  readonly Id: string;
  readonly Arn: string;
  readonly Name: string;
  readonly Description: string;
  readonly Type: OrganizationPolicyType;
  /** The document as the caller supplied it. */
  readonly Content: PolicyDocumentText;
  readonly Tags: readonly Tag[];
}

/** A policy attached to a root, an OU or an account. */
export interface OrganizationPolicyAttachmentRecord {
  readonly PolicyId: string;
  readonly PolicyType: OrganizationPolicyType;
  /** The root, OU or account ID. */
  readonly TargetId: string;
}

/** One CreateAccount request and how it ended (Organizations' `CreateAccountStatus`). */
export interface CreateAccountStatusRecord {
  /** `car-` and 32 lowercase letters or digits. */
  readonly Id: string;
  readonly AccountName: string;
  readonly State: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  readonly RequestedTimestamp: IsoDate;
  readonly CompletedTimestamp?: IsoDate;
  readonly AccountId?: AccountId;
  readonly FailureReason?: 'EMAIL_ALREADY_EXISTS' | 'INVALID_EMAIL' | 'INTERNAL_FAILURE';
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

/** An IAM identity a last-accessed report covers (IAM's `EntityInfo`). */
export interface AccessReportEntity {
  readonly Arn: string;
  readonly Name: string;
  readonly Type: 'USER' | 'ROLE' | 'GROUP';
  readonly Id: string;
  readonly Path: string;
}

/** A service the report's policies allow, and for action-level reports its tracked actions. */
export interface AccessReportService {
  readonly ServiceNamespace: string;
  readonly ServiceName: string;
  readonly TrackedActions?: readonly string[];
}

/** An entity's last attempt to use a service (and, for action-level reports, each action). */
export interface AccessReportUse {
  readonly ServiceNamespace: string;
  /** Index into the report's `Entities`. */
  readonly Entity: number;
  readonly LastAuthenticated: IsoDate;
  readonly Region: string;
  readonly Actions?: readonly { readonly ActionName: string; readonly LastAccessedTime: IsoDate; readonly Region: string }[];
}

/**
 * A service last-accessed report (GenerateServiceLastAccessedDetails), computed from the policies
 * and the audit trail when it is generated and kept for the Get operations to page through.
 */
export interface AccessReportRecord {
  readonly AccountId: AccountId;
  /** A UUID. */
  readonly JobId: string;
  readonly JobType: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  /** The user, group, role or managed policy the report is for. */
  readonly EntityArn: string;
  readonly JobCreationDate: IsoDate;
  readonly JobCompletionDate: IsoDate;
  /** The users and roles (or the entity itself) whose attempts the report counts. */
  readonly Entities: readonly AccessReportEntity[];
  /** The services the policies allow, by namespace. */
  readonly Services: readonly AccessReportService[];
  /** Last use per service and entity, from the trail. */
  readonly Uses: readonly AccessReportUse[];
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

/**
 * A password as IAM keeps it after hashing: `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url salt and
 * hash; the cost parameters are kept with each hash so they can be raised later).
 */
export type PasswordHash = string & { readonly __brand: 'PasswordHash' };

/**
 * A secret encrypted at rest with the store's sealing key (AES-256-GCM, bound to the record it
 * belongs to): `v1.<iv>.<tag>.<ciphertext>`, base64url parts. See `state/secret-sealer.ts`.
 */
export type SealedSecret = string & { readonly __brand: 'SealedSecret' };

/** An IAM user's console password (`LoginProfile`). One per user; the password only as a hash. */
export interface LoginProfileRecord {
  readonly AccountId: AccountId;
  /** The user's unique ID (`AIDA...`). */
  readonly UserId: string;
  readonly CreateDate: IsoDate;
  readonly PasswordResetRequired: boolean;
  readonly PasswordHash: PasswordHash;
  /** When the password was last set (the credential report's `password_last_changed`). */
  readonly PasswordLastChanged: IsoDate;
  /**
   * Hashes of the passwords set before the current one, newest first, for the password policy's
   * PasswordReusePrevention (at most 24 are ever needed).
   */
  readonly PreviousPasswordHashes: readonly PasswordHash[];
}

/** The account's custom password policy (`PasswordPolicy`); absent when the default applies. */
export interface PasswordPolicyRecord {
  readonly AccountId: AccountId;
  readonly MinimumPasswordLength: number;
  readonly RequireSymbols: boolean;
  readonly RequireNumbers: boolean;
  readonly RequireUppercaseCharacters: boolean;
  readonly RequireLowercaseCharacters: boolean;
  readonly AllowUsersToChangePassword: boolean;
  /** Days, 1..1095; absent when passwords do not expire. */
  readonly MaxPasswordAge?: number;
  /** 1..24; absent when reuse is not prevented. */
  readonly PasswordReusePrevention?: number;
  readonly HardExpiry?: boolean;
}

/**
 * A virtual MFA device (`VirtualMFADevice`). The TOTP seed is kept sealed, for verifying codes
 * later (EnableMFADevice, ResyncMFADevice, STS's MFA checks); it is shown only by
 * CreateVirtualMFADevice.
 */
export interface VirtualMfaDeviceRecord {
  readonly AccountId: AccountId;
  /** The device ARN, `arn:aws:iam::<account>:mfa/<path><name>`. */
  readonly SerialNumber: string;
  readonly Path: string;
  readonly VirtualMFADeviceName: string;
  /** The seed's bytes (the RFC 6238 HMAC key), sealed with the serial number as context. */
  readonly SealedSeed: SealedSecret;
  readonly CreateDate: IsoDate;
  /** The user the device is enabled for (`AIDA...`); absent while unassigned. */
  readonly UserId?: string;
  readonly EnableDate?: IsoDate;
  /** The last TOTP time step accepted (Unix time / 30), so no code is accepted twice. */
  readonly LastUsedStep?: number;
  /** How many 30-second steps the device's clock runs ahead (negative: behind), set by resync. */
  readonly DriftSteps?: number;
  readonly Tags: readonly Tag[];
}

export type CredentialStatus = 'Active' | 'Inactive' | 'Expired';

/** An SSH public key of an IAM user, for CodeCommit (`SSHPublicKey`). */
export interface SshPublicKeyRecord {
  readonly AccountId: AccountId;
  readonly UserId: string;
  /** `APKA...` */
  readonly SSHPublicKeyId: string;
  /** As uploaded (`ssh-rsa AAAA...` or PEM). */
  readonly SSHPublicKeyBody: string;
  /** MD5 of the key in SSH wire format, as colon-separated hex. */
  readonly Fingerprint: string;
  readonly Status: Exclude<CredentialStatus, 'Expired'>;
  readonly UploadDate: IsoDate;
}

/** An X.509 signing certificate of an IAM user or, filed under the account ID, of the root user. */
export interface SigningCertificateRecord {
  readonly AccountId: AccountId;
  readonly UserId: string;
  readonly CertificateId: string;
  readonly CertificateBody: string;
  /** SHA-256 of the certificate's DER form, to find the same certificate uploaded twice. */
  readonly Fingerprint: string;
  readonly Status: Exclude<CredentialStatus, 'Expired'>;
  readonly UploadDate: IsoDate;
}

/**
 * A server certificate (`ServerCertificate`). The private key uploaded with it is checked against
 * the certificate and then dropped: IAM never returns it, and nothing in Gatehouse serves TLS with it.
 */
export interface ServerCertificateRecord {
  readonly AccountId: AccountId;
  readonly Path: string;
  readonly ServerCertificateName: string;
  /** `ASCA...` */
  readonly ServerCertificateId: string;
  readonly Arn: string;
  readonly CertificateBody: string;
  readonly CertificateChain?: string;
  readonly UploadDate: IsoDate;
  /** The certificate's notAfter. */
  readonly Expiration: IsoDate;
  readonly Tags: readonly Tag[];
}

/** A service-specific credential (`ServiceSpecificCredential`); the password only as a hash. */
export interface ServiceSpecificCredentialRecord {
  readonly AccountId: AccountId;
  readonly UserId: string;
  /** `ACCA...` */
  readonly ServiceSpecificCredentialId: string;
  /** `codecommit.amazonaws.com`, `cassandra.amazonaws.com`, ... */
  readonly ServiceName: string;
  /** `<user>-at-<account>` for user-name/password credentials. */
  readonly ServiceUserName?: string;
  /** The API key's alias, for services that issue API keys instead (Bedrock, CloudWatch Logs). */
  readonly ServiceCredentialAlias?: string;
  readonly SecretHash: PasswordHash;
  readonly Status: Exclude<CredentialStatus, 'Expired'>;
  readonly CreateDate: IsoDate;
  readonly ExpirationDate?: IsoDate;
}

/** The account's latest credential report (GenerateCredentialReport): the CSV as generated. */
export interface CredentialReportRecord {
  readonly AccountId: AccountId;
  readonly GeneratedTime: IsoDate;
  /** The report, `text/csv`. */
  readonly Content: string;
}

/**
 * One Kubernetes object of an EKS cluster, loaded from a manifest (`gatehouse k8s apply`): the
 * object as JSON, filed under (account, region, cluster) by API group, kind, namespace (`''` for
 * cluster-scoped kinds) and name.
 */
export interface KubernetesObjectRecord {
  readonly AccountId: AccountId;
  readonly Region: string;
  readonly ClusterName: string;
  readonly Group: string;
  readonly Kind: string;
  readonly Namespace: string;
  readonly Name: string;
  /** The object as applied (after admission: the pod identity webhook's mutation). */
  readonly Object: Json;
  readonly UpdatedAt: IsoDate;
}
