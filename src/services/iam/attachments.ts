/**
 * Managed policies attached to users, groups and roles: Attach/Detach/ListAttached
 * {User,Group,Role}Policies, generated from the holder table, and ListEntitiesForPolicy.
 * Attach and Detach supply `iam:PolicyARN`, and for users and roles `iam:PermissionsBoundary`
 * (reference_policies_iam-condition-keys.md).
 */
import { AwsError, awsErrors } from '../../aws/aws-error.js';
import { parseIdentityArn } from '../../aws/arn.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { GroupRecord, PolicyAttachmentRecord, RoleRecord, UserRecord } from '../../state/records.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { mergeKeys, permissionsBoundaryKey, policyArnKey, resourceTagKeys } from './condition-keys.js';
import { findManagedPolicy, requirePolicyArn } from './entity-lookup.js';
import { iamMessages } from './iam-messages.js';
import { optionalString, requiredString } from './input-fields.js';
import { policyAuthorization } from './managed-policies.js';
import { listAll, pageFields, pageInMemory, pageRequest } from './paging.js';
import { ROOT_PATH } from './path-rules.js';
import { HOLDER_KINDS, holderName, type HolderKind } from './policy-holders.js';
import { requireRoom } from './quotas.js';

function attachmentId(holderId: string, policyArn: string): string {
  return `${holderId}|${policyArn}`;
}

function policyPath(policyArn: string): string {
  const parsed = parseIdentityArn(policyArn);
  return parsed?.kind === 'iam-resource' ? parsed.path : ROOT_PATH;
}

async function attachAuthorization(kind: HolderKind, action: string, ctx: OperationContext, input: WireRecord) {
  const target = await kind.target(ctx, holderName(kind, input));
  return {
    action,
    resource: target.arn,
    keys: mergeKeys(
      resourceTagKeys(target.tags),
      policyArnKey(requiredString(input, 'PolicyArn')),
      kind.hasBoundary ? permissionsBoundaryKey(target.boundaryArn) : {},
    ),
  };
}

function holderAttachmentOperations(kind: HolderKind): OperationDef[] {
  const attach: OperationDef = {
    name: `Attach${kind.title}Policy`,
    readOnly: false,
    authorize: (input, ctx) => attachAuthorization(kind, `iam:Attach${kind.title}Policy`, ctx, input),
    async handler(input, ctx) {
      const policyArn = requiredString(input, 'PolicyArn');
      // Attach*Policy answers a malformed ARN with ValidationError, where the boundary operations
      // answer InvalidInput (recorded: test_iam › test_user_attach_policy and test_iam_roles ›
      // test_role_permissions_boundary_errors).
      try {
        requirePolicyArn(policyArn);
      } catch (e) {
        if (e instanceof AwsError && e.code === 'InvalidInput') throw new AwsError('ValidationError', e.message);
        throw e;
      }
      await ctx.store.transaction(async (tx) => {
        const holder = await kind.requireWritable(tx, ctx.accountId, holderName(kind, input));
        const policy = await findManagedPolicy(tx, ctx.accountId, policyArn);
        if (policy?.IsAttachable !== true) throw awsErrors.noSuchPolicy(policyArn);
        // Attaching again changes nothing and succeeds, as in IAM.
        if ((await tx.policyAttachments.getById(attachmentId(holder.id, policyArn))) !== undefined) return;
        await requireRoom(kind.attachedQuota, tx, ctx.accountId, holder.id);
        await tx.policyAttachments.put({
          AccountId: ctx.accountId,
          PrincipalType: kind.type,
          PrincipalId: holder.id,
          PolicyArn: policyArn,
          PolicyName: policy.PolicyName,
        });
      });
      return {};
    },
  };
  const detach: OperationDef = {
    name: `Detach${kind.title}Policy`,
    readOnly: false,
    authorize: (input, ctx) => attachAuthorization(kind, `iam:Detach${kind.title}Policy`, ctx, input),
    async handler(input, ctx) {
      const policyArn = requiredString(input, 'PolicyArn');
      requirePolicyArn(policyArn);
      await ctx.store.transaction(async (tx) => {
        const holder = await kind.requireWritable(tx, ctx.accountId, holderName(kind, input));
        if (!(await tx.policyAttachments.delete(attachmentId(holder.id, policyArn)))) throw iamMessages.policyNotAttached(policyArn);
      });
      return {};
    },
  };
  const list: OperationDef = {
    name: `ListAttached${kind.title}Policies`,
    readOnly: true,
    async authorize(input, ctx) {
      const target = await kind.target(ctx, holderName(kind, input));
      return { action: `iam:ListAttached${kind.title}Policies`, resource: target.arn, keys: resourceTagKeys(target.tags) };
    },
    async handler(input, ctx) {
      const read = ctx.store.read;
      const holder = await kind.require(read, ctx.accountId, holderName(kind, input));
      const pathPrefix = optionalString(input, 'PathPrefix') ?? ROOT_PATH;
      const attached = await listAll((marker) =>
        read.policyAttachments.list({ scope: ctx.accountId, parent: holder.id, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }),
      );
      const selected = attached.filter((a) => policyPath(a.PolicyArn).startsWith(pathPrefix));
      const page = pageInMemory(selected, pageRequest(input));
      return { AttachedPolicies: page.items.map((a) => ({ PolicyName: a.PolicyName, PolicyArn: a.PolicyArn })), ...pageFields(page) };
    },
  };
  return [attach, detach, list];
}

type EntityFilter = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

export const listEntitiesForPolicy: OperationDef = {
  name: 'ListEntitiesForPolicy',
  readOnly: true,
  authorize: (input, ctx) => policyAuthorization('iam:ListEntitiesForPolicy', ctx, requiredString(input, 'PolicyArn')),
  async handler(input, ctx) {
    const read = ctx.store.read;
    const policyArn = requiredString(input, 'PolicyArn');
    requirePolicyArn(policyArn);
    // Recorded: test_iam_policies › test_list_entities_for_policy_errors › err-nonexistent-policy.
    if ((await findManagedPolicy(read, ctx.accountId, policyArn)) === undefined) throw iamMessages.policyNotAttachable(policyArn);
    const filter = optionalString(input, 'EntityFilter') as EntityFilter | undefined;
    const usage = optionalString(input, 'PolicyUsageFilter');
    const pathPrefix = optionalString(input, 'PathPrefix') ?? ROOT_PATH;

    interface Entity {
      readonly type: 'user' | 'group' | 'role';
      readonly record: UserRecord | GroupRecord | RoleRecord;
    }
    const entities: Entity[] = [];
    if (usage !== 'PermissionsBoundary') {
      const attachments: PolicyAttachmentRecord[] = await listAll((marker) =>
        read.policyAttachments.list({ scope: ctx.accountId, ref: policyArn, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }),
      );
      for (const a of attachments) {
        const record =
          a.PrincipalType === 'user'
            ? await read.users.getById(a.PrincipalId)
            : a.PrincipalType === 'group'
              ? await read.groups.getById(a.PrincipalId)
              : await read.roles.getById(a.PrincipalId);
        if (record !== undefined) entities.push({ type: a.PrincipalType, record });
      }
    }
    if (usage === 'PermissionsBoundary' || usage === undefined) {
      const seen = new Set(entities.map((e) => ('UserId' in e.record ? e.record.UserId : 'RoleId' in e.record ? e.record.RoleId : '')));
      const users = await listAll((marker) =>
        read.users.list({ scope: ctx.accountId, ref: policyArn, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }),
      );
      const roles = await listAll((marker) =>
        read.roles.list({ scope: ctx.accountId, ref: policyArn, maxItems: 1000, ...(marker === undefined ? {} : { marker }) }),
      );
      for (const u of users) if (!seen.has(u.UserId)) entities.push({ type: 'user', record: u });
      for (const r of roles) if (!seen.has(r.RoleId)) entities.push({ type: 'role', record: r });
    }
    const wanted = (e: Entity): boolean =>
      e.record.Path.startsWith(pathPrefix) &&
      (filter === undefined ||
        filter === 'LocalManagedPolicy' ||
        filter === 'AWSManagedPolicy' ||
        filter.toLowerCase() === e.type);
    const page = pageInMemory(entities.filter(wanted), pageRequest(input));
    const out = { PolicyGroups: [] as WireRecord[], PolicyUsers: [] as WireRecord[], PolicyRoles: [] as WireRecord[] };
    for (const e of page.items) {
      const r = e.record;
      if ('GroupId' in r) out.PolicyGroups.push({ GroupName: r.GroupName, GroupId: r.GroupId });
      else if ('UserId' in r) out.PolicyUsers.push({ UserName: r.UserName, UserId: r.UserId });
      else out.PolicyRoles.push({ RoleName: r.RoleName, RoleId: r.RoleId });
    }
    return { ...out, ...pageFields(page) };
  },
};

export const attachmentOperations: readonly OperationDef[] = [...HOLDER_KINDS.flatMap(holderAttachmentOperations), listEntitiesForPolicy];
