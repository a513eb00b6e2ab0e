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
