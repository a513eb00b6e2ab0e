/**
 * IAM roles: CreateRole, GetRole, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy,
 * DeleteRole, ListRoles. The trust policy is validated as a trust policy and returned
 * percent-encoded, as IAM does. Service-linked roles (protected-roles.ts) take only a new
 * description here.
 */
import { awsErrors } from '../../aws/aws-error.js';
import { iamArn, type AccountId } from '../../aws/arn.js';
import { newUniqueId } from '../../aws/ids.js';
import type { RoleRecord } from '../../state/records.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { requireBoundary } from './boundary-policy.js';
import { mergeKeys, permissionsBoundaryKey, requestTagKeys, resourceTagKeys } from './condition-keys.js';
import { requireRole } from './entity-lookup.js';
import { isoSeconds } from './iam-dates.js';
import { optionalNumber, optionalString, requiredString, tagList } from './input-fields.js';
import { roleShape } from './output-shapes.js';
import { listPage, pageFields, pageRequest } from './paging.js';
import { listResource, requireValidPath, ROOT_PATH } from './path-rules.js';
import { requireValidDocument } from './policy-documents.js';
import { roleTarget } from './resource-targets.js';
import { initialTags } from './tag-rules.js';
import { requireRoom } from './quotas.js';
import { putUnique } from './unique-insert.js';
import { requireModifiableRole, requireUnreservedRolePath } from './protected-roles.js';

/** MaxSessionDuration: 1 hour by default, 1 to 12 hours (id_roles_use.md). */
export const DEFAULT_MAX_SESSION_DURATION = 3600;
const MIN_SESSION = 3600;
const MAX_SESSION = 43200;

const acct = (ctx: OperationContext): AccountId => ctx.accountId as AccountId;

/**
 * The decoder checks the model's range first; this repeats it with the same wording for callers
 * that bypass the decoder.
 */
function requireSessionDuration(seconds: number): void {
  if (seconds < MIN_SESSION || seconds > MAX_SESSION) {
    const bound = seconds < MIN_SESSION ? `greater than or equal to ${MIN_SESSION}` : `less than or equal to ${MAX_SESSION}`;
    throw awsErrors.validation(
      `1 validation error detected: Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value ${bound}`,
    );
  }
}

async function roleAuthorization(action: string, ctx: OperationContext, roleName: string) {
  const target = await roleTarget(ctx, roleName);
  return { action, resource: target.arn, keys: resourceTagKeys(target.tags) };
}

export const createRole: OperationDef = {
  name: 'CreateRole',
  readOnly: false,
  authorize(input, ctx) {
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    return {
      action: 'iam:CreateRole',
      resource: iamArn(acct(ctx), 'role', requiredString(input, 'RoleName'), path),
      keys: mergeKeys(requestTagKeys(tagList(input)), permissionsBoundaryKey(optionalString(input, 'PermissionsBoundary'))),
    };
  },
  async handler(input, ctx) {
    const roleName = requiredString(input, 'RoleName');
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    requireValidPath(path);
    requireUnreservedRolePath(path);
    const document = requiredString(input, 'AssumeRolePolicyDocument');
    requireValidDocument(document, 'trust');
    const maxSession = optionalNumber(input, 'MaxSessionDuration') ?? DEFAULT_MAX_SESSION_DURATION;
    requireSessionDuration(maxSession);
    const description = optionalString(input, 'Description');
    const tags = initialTags(tagList(input));
    const boundaryArn = optionalString(input, 'PermissionsBoundary');
    const role = await ctx.store.transaction(async (tx) => {
      await requireRoom('roles', tx, ctx.accountId);
      const boundary = boundaryArn === undefined ? undefined : await requireBoundary(tx, ctx.accountId, boundaryArn);
      const record: RoleRecord = {
        AccountId: ctx.accountId,
        Path: path,
        RoleName: roleName,
        RoleId: newUniqueId('role', acct(ctx)),
        Arn: iamArn(acct(ctx), 'role', roleName, path),
        CreateDate: isoSeconds(ctx.now),
        AssumeRolePolicyDocument: document,
        ...(description === undefined ? {} : { Description: description }),
        MaxSessionDuration: maxSession,
        ...(boundary === undefined ? {} : { PermissionsBoundary: boundary }),
        Tags: tags,
      };
      await putUnique(tx.roles, record, () => awsErrors.entityAlreadyExists('role', roleName));
      return record;
    });
    return { Role: roleShape(role, 'created') };
  },
};

export const getRole: OperationDef = {
  name: 'GetRole',
  readOnly: true,
  authorize: (input, ctx) => roleAuthorization('iam:GetRole', ctx, requiredString(input, 'RoleName')),
  async handler(input, ctx) {
    return { Role: roleShape(await requireRole(ctx.store.read, ctx.accountId, requiredString(input, 'RoleName')), 'full') };
  },
};

/** Applies `change` to the named role in one transaction and returns the updated record. */
async function updateRoleRecord(ctx: OperationContext, roleName: string, change: (role: RoleRecord) => RoleRecord): Promise<RoleRecord> {
  return ctx.store.transaction(async (tx) => {
    const updated = change(await requireRole(tx, ctx.accountId, roleName));
    await tx.roles.put(updated);
    return updated;
  });
}

export const updateRole: OperationDef = {
  name: 'UpdateRole',
  readOnly: false,
  authorize: (input, ctx) => roleAuthorization('iam:UpdateRole', ctx, requiredString(input, 'RoleName')),
  async handler(input, ctx) {
    const description = optionalString(input, 'Description');
    const maxSession = optionalNumber(input, 'MaxSessionDuration');
    if (maxSession !== undefined) requireSessionDuration(maxSession);
    await updateRoleRecord(ctx, requiredString(input, 'RoleName'), (role) => ({
      // A service-linked role takes a new description, nothing else (using-service-linked-roles.md).
      ...(maxSession === undefined ? role : requireModifiableRole(role)),
      ...(description === undefined ? {} : { Description: description }),
      ...(maxSession === undefined ? {} : { MaxSessionDuration: maxSession }),
    }));
    return {};
  },
};

export const updateRoleDescription: OperationDef = {
  name: 'UpdateRoleDescription',
  readOnly: false,
  authorize: (input, ctx) => roleAuthorization('iam:UpdateRoleDescription', ctx, requiredString(input, 'RoleName')),
  async handler(input, ctx) {
    const description = requiredString(input, 'Description');
    const role = await updateRoleRecord(ctx, requiredString(input, 'RoleName'), (r) => ({ ...r, Description: description }));
    return { Role: roleShape(role, 'full') };
  },
};

export const updateAssumeRolePolicy: OperationDef = {
  name: 'UpdateAssumeRolePolicy',
  readOnly: false,
  authorize: (input, ctx) => roleAuthorization('iam:UpdateAssumeRolePolicy', ctx, requiredString(input, 'RoleName')),
  async handler(input, ctx) {
    const roleName = requiredString(input, 'RoleName');
    const document = requiredString(input, 'PolicyDocument');
    requireValidDocument(document, 'trust');
    await updateRoleRecord(ctx, roleName, (role) => ({ ...requireModifiableRole(role), AssumeRolePolicyDocument: document }));
    return {};
  },
};

export const deleteRole: OperationDef = {
  name: 'DeleteRole',
  readOnly: false,
  authorize: (input, ctx) => roleAuthorization('iam:DeleteRole', ctx, requiredString(input, 'RoleName')),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const role = requireModifiableRole(await requireRole(tx, ctx.accountId, requiredString(input, 'RoleName')));
      const scope = ctx.accountId;
      // Recorded: a role in an instance profile that also has inline policies is refused for the profile.
      if ((await tx.instanceProfiles.count({ scope, ref: role.RoleId })) > 0) throw awsErrors.deleteConflict('instance profile roles');
      if ((await tx.policyAttachments.count({ scope, parent: role.RoleId })) > 0) throw awsErrors.deleteConflict('attached policies');
      if ((await tx.inlinePolicies.count({ scope, parent: role.RoleId })) > 0) throw awsErrors.deleteConflict('inline policies');
      await tx.roles.delete(role.RoleId);
    });
    return {};
  },
};

export const listRoles: OperationDef = {
  name: 'ListRoles',
  readOnly: true,
  authorize: (input, ctx) => ({ action: 'iam:ListRoles', resource: listResource(ctx.accountId, 'role', optionalString(input, 'PathPrefix')) }),
  async handler(input, ctx) {
    const pathPrefix = optionalString(input, 'PathPrefix');
    const page = await listPage(() =>
      ctx.store.read.roles.list({ scope: ctx.accountId, ...pageRequest(input), ...(pathPrefix === undefined ? {} : { pathPrefix }) }),
    );
    return { Roles: page.items.map((r) => roleShape(r, 'list')), ...pageFields(page) };
  },
};

export const roleOperations: readonly OperationDef[] = [
  createRole,
  getRole,
  updateRole,
  updateRoleDescription,
  updateAssumeRolePolicy,
  deleteRole,
  listRoles,
];
