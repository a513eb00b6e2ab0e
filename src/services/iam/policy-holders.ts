/**
 * The three kinds of IAM identity that hold policies (users, groups, roles), in one table: how the
 * request names the holder, how it is found, its ID, and what it supplies to authorization. The
 * inline-policy and attachment operations are generated from this table.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { IamQuota } from '../../aws/aws-error.js';
import type { PolicyHolderType } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationContext } from '../operation.js';
import { requireGroup, requireRole, requireUser } from './entity-lookup.js';
import { requireModifiableRole } from './protected-roles.js';
import { requiredString } from './input-fields.js';
import { groupTarget, roleTarget, userTarget, type ResourceTarget } from './resource-targets.js';

export interface Holder {
  readonly id: string;
  readonly name: string;
}

export interface HolderKind {
  readonly type: PolicyHolderType;
  /** `User`, `Group`, `Role`: the word in operation names. */
  readonly title: 'User' | 'Group' | 'Role';
  /** `UserName`, `GroupName`, `RoleName`. */
  readonly nameMember: string;
  require(c: ReadCollections, accountId: string, name: string): Promise<Holder>;
  /** As `require`, for changes to the holder's policies: refuses service-linked roles (UnmodifiableEntity). */
  requireWritable(c: ReadCollections, accountId: string, name: string): Promise<Holder>;
  target(ctx: OperationContext, name: string): Promise<ResourceTarget>;
  /** Does this kind take a permissions boundary (and so supply iam:PermissionsBoundary)? */
  readonly hasBoundary: boolean;
  /** The quota on the total size of the holder's inline policies (reference_iam-quotas.md). */
  readonly inlineSizeQuota: { readonly name: IamQuota; readonly limit: number };
  /** The quota on attached managed policies (default values of reference_iam-quotas.md). */
  readonly attachedQuota: { readonly name: IamQuota; readonly limit: number };
}

async function userHolder(c: ReadCollections, accountId: string, name: string): Promise<Holder> {
  const u = await requireUser(c, accountId, name);
  return { id: u.UserId, name: u.UserName };
}

async function groupHolder(c: ReadCollections, accountId: string, name: string): Promise<Holder> {
  const g = await requireGroup(c, accountId, name);
  return { id: g.GroupId, name: g.GroupName };
}

export const HOLDER_KINDS: readonly HolderKind[] = [
  {
    type: 'user',
    title: 'User',
    nameMember: 'UserName',
    require: userHolder,
    requireWritable: userHolder,
    target: userTarget,
    hasBoundary: true,
    inlineSizeQuota: { name: 'UserPolicySize', limit: 2048 },
    attachedQuota: { name: 'AttachedPoliciesPerUser', limit: 10 },
  },
  {
    type: 'group',
    title: 'Group',
    nameMember: 'GroupName',
    require: groupHolder,
    requireWritable: groupHolder,
    target: groupTarget,
    hasBoundary: false,
    inlineSizeQuota: { name: 'GroupPolicySize', limit: 5120 },
    attachedQuota: { name: 'AttachedPoliciesPerGroup', limit: 10 },
  },
  {
    type: 'role',
    title: 'Role',
    nameMember: 'RoleName',
    require: async (c, a, n) => {
      const r = await requireRole(c, a, n);
      return { id: r.RoleId, name: r.RoleName };
    },
    requireWritable: async (c, a, n) => {
      const r = requireModifiableRole(await requireRole(c, a, n));
      return { id: r.RoleId, name: r.RoleName };
    },
    target: roleTarget,
    hasBoundary: true,
    inlineSizeQuota: { name: 'RolePolicySize', limit: 10240 },
    attachedQuota: { name: 'AttachedPoliciesPerRole', limit: 10 },
  },
];

export function holderName(kind: HolderKind, input: WireRecord): string {
  return requiredString(input, kind.nameMember);
}

