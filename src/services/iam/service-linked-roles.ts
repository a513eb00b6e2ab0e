/**
 * Service-linked roles (using-service-linked-roles.md; using-service-linked-roles-eks.md):
 * CreateServiceLinkedRole, DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus.
 *
 * CreateServiceLinkedRole makes the service's role (service-linked-role-table.ts) under
 * `/aws-service-role/<service>/`, trusting only the service principal, with a session duration of
 * one hour, and attaches the service's AWS managed policies by ARN. The regular role APIs cannot
 * change or delete it (protected-roles.ts). Authorized as `iam:CreateServiceLinkedRole` on the
 * role's ARN with `iam:AWSServiceName` (reference_policies_iam-condition-keys.md).
 *
 * DeleteServiceLinkedRole is asynchronous in AWS and can fail while the service still uses the
 * role. The services using these roles keep no resources in Gatehouse yet, so the task always
 * succeeds at once: the role and its attachments are gone when the call returns, and the task's
 * status is SUCCEEDED.
 */
import { randomUUID } from 'node:crypto';
import { iamArn, type AccountId } from '../../aws/arn.js';
import { newUniqueId } from '../../aws/ids.js';
import type { RoleRecord } from '../../state/records.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { DEFAULT_MAX_SESSION_DURATION } from './roles.js';
import { requireRole } from './entity-lookup.js';
import { isoSeconds } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { optionalString, requiredString } from './input-fields.js';
import { roleShape } from './output-shapes.js';
import { listAll } from './paging.js';
import { isServiceLinkedRole, SERVICE_ROLE_PATH_PREFIX } from './protected-roles.js';
import { roleTarget } from './resource-targets.js';
import { serviceLinkedRoleSpec } from './service-linked-role-table.js';
import { putUnique } from './unique-insert.js';

/** IAM role names are at most 64 characters (reference_iam-quotas.md). */
const MAX_ROLE_NAME = 64;
const TASK_ID = /^task\/aws-service-role\/([^/]+)\/([^/]+)\/([0-9a-fA-F-]{36})$/;

const acct = (ctx: OperationContext): AccountId => ctx.accountId as AccountId;

function servicePath(service: string): string {
  return `${SERVICE_ROLE_PATH_PREFIX}${service}/`;
}

/** The trust policy AWS gives a service-linked role (recorded GetRole output). */
export function serviceTrustPolicy(service: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
}

/** The role name for a service and optional suffix; InvalidInput for a service or suffix IAM refuses. */
function serviceRoleName(service: string, suffix: string | undefined): string {
  const spec = serviceLinkedRoleSpec(service);
  if (spec === undefined) throw iamMessages.unknownServiceName(service);
  if (suffix === undefined) return spec.roleName;
  if (!spec.customSuffix) throw iamMessages.customSuffixNotAllowed(service);
  const name = `${spec.roleName}_${suffix}`;
  // AWS's answer for a suffix that makes the name longer than a role name may be is not known.
  if (name.length > MAX_ROLE_NAME) throw iamMessages.customSuffixNotAllowed(service);
  return name;
}

export const createServiceLinkedRole: OperationDef = {
  name: 'CreateServiceLinkedRole',
  readOnly: false,
  authorize(input, ctx) {
    const service = requiredString(input, 'AWSServiceName');
    const known = serviceLinkedRoleSpec(service);
    const suffix = optionalString(input, 'CustomSuffix');
    const name = known === undefined ? '*' : suffix === undefined ? known.roleName : `${known.roleName}_${suffix}`;
    return {
      action: 'iam:CreateServiceLinkedRole',
      resource: iamArn(acct(ctx), 'role', name, servicePath(service)),
      keys: { 'iam:AWSServiceName': service },
    };
  },
  async handler(input, ctx) {
    const service = requiredString(input, 'AWSServiceName');
    const roleName = serviceRoleName(service, optionalString(input, 'CustomSuffix'));
    const spec = serviceLinkedRoleSpec(service);
    const description = optionalString(input, 'Description');
    const path = servicePath(service);
    const role: RoleRecord = {
      AccountId: ctx.accountId,
      Path: path,
      RoleName: roleName,
      RoleId: newUniqueId('role', acct(ctx)),
      Arn: iamArn(acct(ctx), 'role', roleName, path),
      CreateDate: isoSeconds(ctx.now),
      AssumeRolePolicyDocument: serviceTrustPolicy(service),
      ...(description === undefined ? {} : { Description: description }),
      MaxSessionDuration: DEFAULT_MAX_SESSION_DURATION,
      Tags: [],
    };
    await ctx.store.transaction(async (tx) => {
      await putUnique(tx.roles, role, () => iamMessages.serviceRoleNameTaken(roleName));
      for (const policyArn of spec?.policies ?? []) {
        await tx.policyAttachments.put({
          AccountId: ctx.accountId,
          PrincipalType: 'role',
          PrincipalId: role.RoleId,
          PolicyArn: policyArn,
          PolicyName: policyArn.slice(policyArn.lastIndexOf('/') + 1),
        });
      }
    });
    return { Role: roleShape(role, 'created') };
  },
};

export const deleteServiceLinkedRole: OperationDef = {
  name: 'DeleteServiceLinkedRole',
  readOnly: false,
  async authorize(input, ctx) {
    const target = await roleTarget(ctx, requiredString(input, 'RoleName'));
    return { action: 'iam:DeleteServiceLinkedRole', resource: target.arn };
  },
  async handler(input, ctx) {
    const taskId = await ctx.store.transaction(async (tx) => {
      const role = await requireRole(tx, ctx.accountId, requiredString(input, 'RoleName'));
      if (!isServiceLinkedRole(role)) throw iamMessages.notServiceLinked(role.RoleName);
      const service = role.Path.slice(SERVICE_ROLE_PATH_PREFIX.length, -1);
      const id = `task/aws-service-role/${service}/${role.RoleName}/${randomUUID()}`;
      const attached = await listAll((marker) =>
        tx.policyAttachments.list({ scope: ctx.accountId, parent: role.RoleId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }),
      );
      for (const a of attached) await tx.policyAttachments.delete(`${a.PrincipalId}|${a.PolicyArn}`);
      await tx.roles.delete(role.RoleId);
      await tx.serviceLinkedRoleDeletions.put({
        AccountId: ctx.accountId,
        DeletionTaskId: id,
        RoleName: role.RoleName,
        AWSServiceName: service,
        Status: 'SUCCEEDED',
        CreateDate: isoSeconds(ctx.now),
      });
      return id;
    });
    return { DeletionTaskId: taskId };
  },
};

export const getServiceLinkedRoleDeletionStatus: OperationDef = {
  name: 'GetServiceLinkedRoleDeletionStatus',
  readOnly: true,
  authorize(input, ctx) {
    const match = TASK_ID.exec(requiredString(input, 'DeletionTaskId'));
    const resource = match === null ? '*' : iamArn(acct(ctx), 'role', match[2] ?? '', servicePath(match[1] ?? ''));
    return { action: 'iam:GetServiceLinkedRoleDeletionStatus', resource };
  },
  async handler(input, ctx) {
    const taskId = requiredString(input, 'DeletionTaskId');
    if (!TASK_ID.test(taskId)) throw iamMessages.invalidDeletionTaskId(taskId);
    const task = await ctx.store.read.serviceLinkedRoleDeletions.getById(taskId);
    if (task?.AccountId !== ctx.accountId) throw iamMessages.noSuchDeletionTask(taskId);
    return { Status: task.Status, ...(task.Reason === undefined ? {} : { Reason: { Reason: task.Reason } }) };
  },
};

export const serviceLinkedRoleOperations: readonly OperationDef[] = [createServiceLinkedRole, deleteServiceLinkedRole, getServiceLinkedRoleDeletionStatus];
