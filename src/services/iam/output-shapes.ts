/**
 * Store records → IAM's output structures (botocore member names, `Date`s for timestamps).
 *
 * IAM's list operations return a subset of each entity (IAM API reference, ListUsers / ListRoles /
 * ListPolicies: "returns a subset of the available attributes"): no tags, no permissions boundary,
 * no RoleLastUsed, no policy Description. `detail: 'full'` is for the Get and Create operations.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { GroupRecord, InstanceProfileRecord, ManagedPolicyRecord, RoleRecord, Tag, UserRecord } from '../../state/records.js';
import { wireDate } from './iam-dates.js';
import { encodeDocument } from './policy-documents.js';

export type Detail = 'full' | 'list';

/**
 * How much of a role an answer carries (recorded IAM replies): `full` for GetRole (with
 * RoleLastUsed, boundary, tags), `list` for ListRoles (no RoleLastUsed, boundary or tags),
 * `created` for CreateRole and CreateServiceLinkedRole (no Description, MaxSessionDuration or
 * RoleLastUsed, but the boundary and tags), `embedded` for the roles inside an instance profile
 * (path, name, ID, ARN, creation date and trust policy only).
 */
export type RoleDetail = Detail | 'created' | 'embedded';

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

export function roleShape(r: RoleRecord, detail: RoleDetail): WireRecord {
  const base: WireRecord = {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: wireDate(r.CreateDate),
    AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
  };
  if (detail === 'embedded') return base;
  const boundaryAndTags: WireRecord = {
    ...optional('PermissionsBoundary', r.PermissionsBoundary === undefined ? undefined : { ...r.PermissionsBoundary }),
    ...optional('Tags', r.Tags.length > 0 ? tagsShape(r.Tags) : undefined),
  };
  if (detail === 'created') return { ...base, ...boundaryAndTags };
  const lastUsed: WireRecord = {
    ...optional('LastUsedDate', r.RoleLastUsed?.LastUsedDate === undefined ? undefined : wireDate(r.RoleLastUsed.LastUsedDate)),
    ...optional('Region', r.RoleLastUsed?.Region),
  };
  return {
    ...base,
    ...optional('Description', r.Description),
    MaxSessionDuration: r.MaxSessionDuration,
    ...(detail === 'full' ? { ...boundaryAndTags, RoleLastUsed: lastUsed } : {}),
  };
}

/**
 * An instance profile with its role (recorded IAM replies): Get carries `Tags` (empty or not),
 * Create carries them only when the profile has any, and the list operations never do.
 */
export function instanceProfileShape(p: InstanceProfileRecord, roles: readonly RoleRecord[], detail: 'full' | 'created' | 'list'): WireRecord {
  return {
    Path: p.Path,
    InstanceProfileName: p.InstanceProfileName,
    InstanceProfileId: p.InstanceProfileId,
    Arn: p.Arn,
    CreateDate: wireDate(p.CreateDate),
    Roles: roles.map((r) => roleShape(r, 'embedded')),
    ...(detail === 'full' || (detail === 'created' && p.Tags.length > 0) ? { Tags: tagsShape(p.Tags) } : {}),
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
