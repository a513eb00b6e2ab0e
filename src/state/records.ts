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
