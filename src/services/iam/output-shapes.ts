/**
 * Store records → IAM's output structures (botocore member names, `Date`s for timestamps).
 *
 * IAM's list operations return a subset of each entity (IAM API reference, ListUsers / ListRoles /
 * ListPolicies: "returns a subset of the available attributes"): no tags, no permissions boundary,
 * no RoleLastUsed, no policy Description. `detail: 'full'` is for the Get and Create operations.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { GroupRecord, ManagedPolicyRecord, RoleRecord, Tag, UserRecord } from '../../state/records.js';
import { wireDate } from './iam-dates.js';
import { encodeDocument } from './policy-documents.js';

export type Detail = 'full' | 'list';

export function tagsShape(tags: readonly Tag[]): WireRecord[] {
  return tags.map((t) => ({ Key: t.Key, Value: t.Value }));
}

function optional(name: string, value: WireRecord[string]): WireRecord {
  return value === undefined ? {} : { [name]: value };
}

export function userShape(u: UserRecord, detail: Detail): WireRecord {
  return {
    Path: u.Path,
    UserName: u.UserName,
    UserId: u.UserId,
    Arn: u.Arn,
    CreateDate: wireDate(u.CreateDate),
    ...optional('PasswordLastUsed', u.PasswordLastUsed === undefined ? undefined : wireDate(u.PasswordLastUsed)),
    ...(detail === 'full'
      ? {
          ...optional('PermissionsBoundary', u.PermissionsBoundary === undefined ? undefined : { ...u.PermissionsBoundary }),
          ...optional('Tags', u.Tags.length > 0 ? tagsShape(u.Tags) : undefined),
        }
      : {}),
  };
}

export function groupShape(g: GroupRecord): WireRecord {
  return { Path: g.Path, GroupName: g.GroupName, GroupId: g.GroupId, Arn: g.Arn, CreateDate: wireDate(g.CreateDate) };
}

export function roleShape(r: RoleRecord, detail: Detail): WireRecord {
  const lastUsed: WireRecord = {
    ...optional('LastUsedDate', r.RoleLastUsed?.LastUsedDate === undefined ? undefined : wireDate(r.RoleLastUsed.LastUsedDate)),
    ...optional('Region', r.RoleLastUsed?.Region),
  };
  return {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: wireDate(r.CreateDate),
    AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
    ...optional('Description', r.Description),
    MaxSessionDuration: r.MaxSessionDuration,
    ...(detail === 'full'
      ? {
          ...optional('PermissionsBoundary', r.PermissionsBoundary === undefined ? undefined : { ...r.PermissionsBoundary }),
          ...optional('Tags', r.Tags.length > 0 ? tagsShape(r.Tags) : undefined),
          RoleLastUsed: lastUsed,
        }
      : {}),
  };
}

export interface PolicyCounts {
  readonly attachmentCount: number;
  readonly boundaryUsageCount: number;
}

/**
 * How much of a managed policy an operation returns: `list` for ListPolicies (no Description, no
 * Tags); `created` for CreatePolicy (Tags only when given); `get` for GetPolicy, which always
 * carries Tags, empty or not (recorded GetPolicy replies, for customer and AWS managed policies).
 */
export type PolicyDetail = 'list' | 'created' | 'get';

/** A managed policy, customer or AWS managed, as IAM's `Policy` structure. */
export function policyShape(p: ManagedPolicyRecord, counts: PolicyCounts, detail: PolicyDetail): WireRecord {
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: counts.attachmentCount,
    PermissionsBoundaryUsageCount: counts.boundaryUsageCount,
    IsAttachable: p.IsAttachable,
    ...(detail !== 'list' ? optional('Description', p.Description) : {}),
    CreateDate: wireDate(p.CreateDate),
    UpdateDate: wireDate(p.UpdateDate),
    ...(detail === 'get' || (detail === 'created' && p.Tags.length > 0) ? { Tags: tagsShape(p.Tags) } : {}),
  };
}
