/**
 * Permissions boundaries of users and roles: Put/Delete {User,Role}PermissionsBoundary
 * (access_policies_boundaries.md). The boundary must be an existing managed policy; each operation
 * supplies `iam:PermissionsBoundary` — the boundary being set, or the one being removed.
 */
import type { OperationContext, OperationDef } from '../operation.js';
import { requireBoundary } from './boundary-policy.js';
import { mergeKeys, permissionsBoundaryKey, resourceTagKeys } from './condition-keys.js';
import { requireRole, requireUser } from './entity-lookup.js';
import { requireModifiableRole } from './protected-roles.js';
import { requiredString } from './input-fields.js';
import { roleTarget, userTarget, type ResourceTarget } from './resource-targets.js';

interface BoundaryHolder {
  readonly title: 'User' | 'Role';
  readonly nameMember: 'UserName' | 'RoleName';
  target(ctx: OperationContext, name: string): Promise<ResourceTarget>;
  /** Sets (or with `undefined` removes) the boundary in one transaction. */
  set(ctx: OperationContext, name: string, boundaryArn: string | undefined): Promise<void>;
}

const HOLDERS: readonly BoundaryHolder[] = [
  {
    title: 'User',
    nameMember: 'UserName',
    target: userTarget,
    set: (ctx, name, boundaryArn) =>
      ctx.store.transaction(async (tx) => {
        const { PermissionsBoundary: _old, ...user } = await requireUser(tx, ctx.accountId, name);
        const boundary = boundaryArn === undefined ? undefined : await requireBoundary(tx, ctx.accountId, boundaryArn);
        await tx.users.put(boundary === undefined ? user : { ...user, PermissionsBoundary: boundary });
      }),
  },
  {
    title: 'Role',
    nameMember: 'RoleName',
    target: roleTarget,
    set: (ctx, name, boundaryArn) =>
      ctx.store.transaction(async (tx) => {
        const { PermissionsBoundary: _old, ...role } = requireModifiableRole(await requireRole(tx, ctx.accountId, name));
        const boundary = boundaryArn === undefined ? undefined : await requireBoundary(tx, ctx.accountId, boundaryArn);
        await tx.roles.put(boundary === undefined ? role : { ...role, PermissionsBoundary: boundary });
      }),
  },
];

function boundaryOperations(holder: BoundaryHolder): OperationDef[] {
  const put: OperationDef = {
    name: `Put${holder.title}PermissionsBoundary`,
    readOnly: false,
    async authorize(input, ctx) {
      const target = await holder.target(ctx, requiredString(input, holder.nameMember));
      return {
        action: `iam:Put${holder.title}PermissionsBoundary`,
        resource: target.arn,
        keys: mergeKeys(resourceTagKeys(target.tags), permissionsBoundaryKey(requiredString(input, 'PermissionsBoundary'))),
      };
    },
    async handler(input, ctx) {
      await holder.set(ctx, requiredString(input, holder.nameMember), requiredString(input, 'PermissionsBoundary'));
      return {};
    },
  };
  const del: OperationDef = {
    name: `Delete${holder.title}PermissionsBoundary`,
    readOnly: false,
    async authorize(input, ctx) {
      const target = await holder.target(ctx, requiredString(input, holder.nameMember));
      return {
        action: `iam:Delete${holder.title}PermissionsBoundary`,
        resource: target.arn,
        keys: mergeKeys(resourceTagKeys(target.tags), permissionsBoundaryKey(target.boundaryArn)),
      };
    },
    async handler(input, ctx) {
      // Removing a boundary that is not set: AWS's answer is not confirmed by a recording; it
      // succeeds here without change.
      await holder.set(ctx, requiredString(input, holder.nameMember), undefined);
      return {};
    },
  };
  return [put, del];
}

export const permissionsBoundaryOperations: readonly OperationDef[] = HOLDERS.flatMap(boundaryOperations);
