/**
 * The three kinds of IAM identity that hold policies (users, groups, roles), in one table: how the
 * request names the holder, how it is found, its ID, and what it supplies to authorization. The
 * inline-policy and attachment operations are generated from this table.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { PolicyHolderType } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationContext } from '../operation.js';
import { requireGroup, requireRole, requireUser } from './entity-lookup.js';
import { requireModifiableRole } from './protected-roles.js';
import { requiredString } from './input-fields.js';
import type { QuotaName } from './quotas.js';
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
  /** The quota on attached managed policies (quotas.ts). */
  readonly attachedQuota: Extract<QuotaName, 'attachedPoliciesPerUser' | 'attachedPoliciesPerGroup' | 'attachedPoliciesPerRole'>;
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
    attachedQuota: 'attachedPoliciesPerUser',
  },
  {
    type: 'group',
    title: 'Group',
    nameMember: 'GroupName',
    require: groupHolder,
    requireWritable: groupHolder,
    target: groupTarget,
    hasBoundary: false,
    attachedQuota: 'attachedPoliciesPerGroup',
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
    attachedQuota: 'attachedPoliciesPerRole',
  },
];

export function holderName(kind: HolderKind, input: WireRecord): string {
  return requiredString(input, kind.nameMember);
}

