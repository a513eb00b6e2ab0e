/**
 * GetAccountAuthorizationDetails: the account's users, groups, roles and managed policies with
 * their relationships, the export other tools consume. Shapes follow recorded AWS replies:
 *
 * - UserDetail carries GroupList, AttachedManagedPolicies and Tags even when empty, and
 *   UserPolicyList only when the user has inline policies;
 * - GroupDetail carries GroupPolicyList and AttachedManagedPolicies even when empty;
 * - RoleDetail carries InstanceProfileList, RolePolicyList, AttachedManagedPolicies, Tags and
 *   RoleLastUsed (`{}` for a role never used) even when empty, and neither Description nor
 *   MaxSessionDuration (not members of RoleDetail);
 * - ManagedPolicyDetail carries every version, newest first, with IsDefaultVersion;
 * - every document is URL-encoded, as everywhere in IAM.
 *
 * The items are listed users, then groups, then roles, then policies (customer managed, then AWS
 * managed), each by name; MaxItems and Marker page over that one sequence. With the
 * AWSManagedPolicy filter AWS lists only the AWS managed policies the account uses (a recorded
 * reply lists AmazonS3FullAccess with its AttachmentCount); a policy used only as a permissions
 * boundary is listed here too, which a recording does not confirm.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { GroupRecord, ManagedPolicyRecord, RoleRecord, UserRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationDef } from '../operation.js';
import { awsManagedPolicies } from './aws-managed-policies.js';
import { policyVersionsOf } from './entity-lookup.js';
import { wireDate } from './iam-dates.js';
import { stringList } from './input-fields.js';
import { tagsShape, type PolicyCounts } from './output-shapes.js';
import { listAll, pageFields, pageInMemory, pageRequest } from './paging.js';
import { policyCounts, policyUsage } from './policy-counts.js';
import { encodeDocument } from './policy-documents.js';

type EntityType = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

/**
 * The instance profiles a role belongs to, as IAM's `InstanceProfile` structures. Gatehouse holds
 * no instance profiles yet, so the default lookup finds none; the resource family that adds them
 * passes its own lookup to `accountAuthorizationDetailsOperation`.
 */
export type RoleInstanceProfiles = (c: ReadCollections, role: RoleRecord) => Promise<readonly WireRecord[]>;

export const NO_INSTANCE_PROFILES: RoleInstanceProfiles = () => Promise.resolve([]);

type Item =
  | { readonly type: 'user'; readonly record: UserRecord }
  | { readonly type: 'group'; readonly record: GroupRecord }
  | { readonly type: 'role'; readonly record: RoleRecord }
  | { readonly type: 'policy'; readonly record: ManagedPolicyRecord; readonly counts?: PolicyCounts };

function pageOf(accountId: string) {
  return (marker: string | undefined) => ({ scope: accountId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) });
}

/** Inline policies of one holder, as PolicyDetail structures. */
async function inlinePolicies(c: ReadCollections, accountId: string, holderId: string): Promise<WireRecord[]> {
  const page = pageOf(accountId);
  const inline = await listAll((m) => c.inlinePolicies.list({ ...page(m), parent: holderId }));
  return inline.map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: encodeDocument(p.PolicyDocument) }));
}

/** Managed policies attached to one holder, as AttachedPolicy structures. */
async function attachedPolicies(c: ReadCollections, accountId: string, holderId: string): Promise<WireRecord[]> {
  const page = pageOf(accountId);
  const attached = await listAll((m) => c.policyAttachments.list({ ...page(m), parent: holderId }));
  return attached.map((a) => ({ PolicyName: a.PolicyName, PolicyArn: a.PolicyArn }));
}

async function userDetail(c: ReadCollections, u: UserRecord): Promise<WireRecord> {
  const page = pageOf(u.AccountId);
  const memberships = await listAll((m) => c.groupMemberships.list({ ...page(m), ref: u.UserId }));
  const groups = (await Promise.all(memberships.map((m) => c.groups.getById(m.GroupId)))).filter((g): g is GroupRecord => g !== undefined);
  const inline = await inlinePolicies(c, u.AccountId, u.UserId);
  return {
    Path: u.Path,
    UserName: u.UserName,
    UserId: u.UserId,
    Arn: u.Arn,
    CreateDate: wireDate(u.CreateDate),
    ...(inline.length > 0 ? { UserPolicyList: inline } : {}),
    GroupList: groups.map((g) => g.GroupName).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
    AttachedManagedPolicies: await attachedPolicies(c, u.AccountId, u.UserId),
    ...(u.PermissionsBoundary === undefined ? {} : { PermissionsBoundary: { ...u.PermissionsBoundary } }),
    Tags: tagsShape(u.Tags),
  };
}

async function groupDetail(c: ReadCollections, g: GroupRecord): Promise<WireRecord> {
  return {
    Path: g.Path,
    GroupName: g.GroupName,
    GroupId: g.GroupId,
    Arn: g.Arn,
    CreateDate: wireDate(g.CreateDate),
    GroupPolicyList: await inlinePolicies(c, g.AccountId, g.GroupId),
    AttachedManagedPolicies: await attachedPolicies(c, g.AccountId, g.GroupId),
  };
}

async function roleDetail(c: ReadCollections, r: RoleRecord, instanceProfiles: RoleInstanceProfiles): Promise<WireRecord> {
  const lastUsed = r.RoleLastUsed;
  return {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: wireDate(r.CreateDate),
    AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
    InstanceProfileList: [...(await instanceProfiles(c, r))],
    RolePolicyList: await inlinePolicies(c, r.AccountId, r.RoleId),
    AttachedManagedPolicies: await attachedPolicies(c, r.AccountId, r.RoleId),
    ...(r.PermissionsBoundary === undefined ? {} : { PermissionsBoundary: { ...r.PermissionsBoundary } }),
    Tags: tagsShape(r.Tags),
    RoleLastUsed: {
      ...(lastUsed?.LastUsedDate === undefined ? {} : { LastUsedDate: wireDate(lastUsed.LastUsedDate) }),
      ...(lastUsed?.Region === undefined ? {} : { Region: lastUsed.Region }),
    },
  };
}

async function policyDetail(c: ReadCollections, accountId: string, p: ManagedPolicyRecord, known: PolicyCounts | undefined): Promise<WireRecord> {
  const counts = known ?? (await policyCounts(c, accountId, p.Arn));
  const versions = (await policyVersionsOf(c, p)).reverse();
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: counts.attachmentCount,
    PermissionsBoundaryUsageCount: counts.boundaryUsageCount,
    IsAttachable: p.IsAttachable,
    ...(p.Description === undefined ? {} : { Description: p.Description }),
    CreateDate: wireDate(p.CreateDate),
    UpdateDate: wireDate(p.UpdateDate),
    PolicyVersionList: versions.map((v) => ({
      Document: encodeDocument(v.Document),
      VersionId: v.VersionId,
      IsDefaultVersion: v.VersionId === p.DefaultVersionId,
      CreateDate: wireDate(v.CreateDate),
    })),
  };
}

/** Every item the filter selects, in listing order, without their details. */
async function selectItems(c: ReadCollections, accountId: string, wanted: (t: EntityType) => boolean): Promise<Item[]> {
  const page = pageOf(accountId);
  const items: Item[] = [];
  if (wanted('User')) for (const record of await listAll((m) => c.users.list(page(m)))) items.push({ type: 'user', record });
  if (wanted('Group')) for (const record of await listAll((m) => c.groups.list(page(m)))) items.push({ type: 'group', record });
  if (wanted('Role')) for (const record of await listAll((m) => c.roles.list(page(m)))) items.push({ type: 'role', record });
  if (wanted('LocalManagedPolicy')) for (const record of await listAll((m) => c.policies.list(page(m)))) items.push({ type: 'policy', record });
  if (wanted('AWSManagedPolicy')) {
    const usage = await policyUsage(c, accountId);
    for (const record of awsManagedPolicies().policies) {
      const counts = usage.get(record.Arn);
      if (counts !== undefined) items.push({ type: 'policy', record, counts });
    }
  }
  return items;
}

/** The operation, with the lookup that finds a role's instance profiles. */
export function accountAuthorizationDetailsOperation(instanceProfiles: RoleInstanceProfiles = NO_INSTANCE_PROFILES): OperationDef {
  return {
    name: 'GetAccountAuthorizationDetails',
    readOnly: true,
    authorize: () => ({ action: 'iam:GetAccountAuthorizationDetails', resource: '*' }),
    async handler(input, ctx) {
      const read = ctx.store.read;
      const filter = new Set(stringList(input, 'Filter') ?? []);
      const wanted = (t: EntityType): boolean => filter.size === 0 || filter.has(t);
      const page = pageInMemory(await selectItems(read, ctx.accountId, wanted), pageRequest(input));
      const out = { UserDetailList: [] as WireRecord[], GroupDetailList: [] as WireRecord[], RoleDetailList: [] as WireRecord[], Policies: [] as WireRecord[] };
      for (const item of page.items) {
        switch (item.type) {
          case 'user':
            out.UserDetailList.push(await userDetail(read, item.record));
            break;
          case 'group':
            out.GroupDetailList.push(await groupDetail(read, item.record));
            break;
          case 'role':
            out.RoleDetailList.push(await roleDetail(read, item.record, instanceProfiles));
            break;
          case 'policy':
            out.Policies.push(await policyDetail(read, ctx.accountId, item.record, item.counts));
            break;
        }
      }
      return { ...out, ...pageFields(page) };
    },
  };
}
