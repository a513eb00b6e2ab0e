/** IAM users: CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers. */
import { awsErrors, type AwsError } from '../../aws/aws-error.js';
import type { StoreTransaction } from '../../state/store.js';
import { iamArn, rootArn, type AccountId } from '../../aws/arn.js';
import { newUniqueId } from '../../aws/ids.js';
import type { UserRecord } from '../../state/records.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { requireBoundary } from './boundary-policy.js';
import { callerSubject, callerUserArn } from './caller-subject.js';
import { mergeKeys, permissionsBoundaryKey, requestTagKeys, resourceTagKeys } from './condition-keys.js';
import { requireUser } from './entity-lookup.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { optionalString, requiredString, tagList } from './input-fields.js';
import { userShape } from './output-shapes.js';
import { listPage, pageFields, pageRequest } from './paging.js';
import { listResource, requireValidPath, ROOT_PATH } from './path-rules.js';
import { userTarget } from './resource-targets.js';
import { initialTags } from './tag-rules.js';
import { requireRoom } from './quotas.js';
import { putUnique } from './unique-insert.js';

const acct = (ctx: OperationContext): AccountId => ctx.accountId as AccountId;

export const createUser: OperationDef = {
  name: 'CreateUser',
  readOnly: false,
  authorize(input, ctx) {
    const userName = requiredString(input, 'UserName');
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    return {
      action: 'iam:CreateUser',
      resource: iamArn(acct(ctx), 'user', userName, path),
      keys: mergeKeys(requestTagKeys(tagList(input)), permissionsBoundaryKey(optionalString(input, 'PermissionsBoundary'))),
    };
  },
  async handler(input, ctx) {
    const userName = requiredString(input, 'UserName');
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    requireValidPath(path);
    const tags = initialTags(tagList(input));
    const boundaryArn = optionalString(input, 'PermissionsBoundary');
    const user = await ctx.store.transaction(async (tx) => {
      await requireRoom('users', tx, ctx.accountId);
      const boundary = boundaryArn === undefined ? undefined : await requireBoundary(tx, ctx.accountId, boundaryArn);
      const record: UserRecord = {
        AccountId: ctx.accountId,
        Path: path,
        UserName: userName,
        UserId: newUniqueId('user', acct(ctx)),
        Arn: iamArn(acct(ctx), 'user', userName, path),
        CreateDate: isoSeconds(ctx.now),
        ...(boundary === undefined ? {} : { PermissionsBoundary: boundary }),
        Tags: tags,
      };
      await putUnique(tx.users, record, () => awsErrors.entityAlreadyExists('user', userName));
      return record;
    });
    return { User: userShape(user, 'full') };
  },
};

export const getUser: OperationDef = {
  name: 'GetUser',
  readOnly: true,
  async authorize(input, ctx) {
    const userName = optionalString(input, 'UserName');
    if (userName === undefined) {
      if (ctx.caller.principal.type === 'root') return { action: 'iam:GetUser', resource: rootArn(acct(ctx)) };
      return { action: 'iam:GetUser', resource: callerUserArn(ctx) };
    }
    const target = await userTarget(ctx, userName);
    return { action: 'iam:GetUser', resource: target.arn, keys: resourceTagKeys(target.tags) };
  },
  async handler(input, ctx) {
    const userName = optionalString(input, 'UserName');
    if (userName !== undefined) return { User: userShape(await requireUser(ctx.store.read, ctx.accountId, userName), 'full') };
    const subject = await callerSubject(ctx.store.read, ctx);
    if (subject.kind === 'user') return { User: userShape(subject.user, 'full') };
    // The root user: AWS returns the account ID as UserId and the root ARN, with no UserName or
    // Path. Its CreateDate is the account's; an account the store does not hold (a standalone
    // account) reports the request time.
    const account = await ctx.store.read.accounts.getById(ctx.accountId);
    return {
      User: {
        UserId: ctx.accountId,
        Arn: rootArn(acct(ctx)),
        CreateDate: account === undefined ? ctx.now : wireDate(account.JoinedTimestamp),
      },
    };
  },
};

export const updateUser: OperationDef = {
  name: 'UpdateUser',
  readOnly: false,
  async authorize(input, ctx) {
    const target = await userTarget(ctx, requiredString(input, 'UserName'));
    return { action: 'iam:UpdateUser', resource: target.arn, keys: resourceTagKeys(target.tags) };
  },
  async handler(input, ctx) {
    const userName = requiredString(input, 'UserName');
    const newName = optionalString(input, 'NewUserName');
    const newPath = optionalString(input, 'NewPath');
    if (newPath !== undefined) requireValidPath(newPath);
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, ctx.accountId, userName);
      const name = newName ?? user.UserName;
      const path = newPath ?? user.Path;
      const updated: UserRecord = { ...user, UserName: name, Path: path, Arn: iamArn(acct(ctx), 'user', name, path) };
      await putUnique(tx.users, updated, () => awsErrors.entityAlreadyExists('user', name));
    });
    return {};
  },
};

/**
 * What IAM refuses to delete a user over (id_users_remove.md), in the order that page lists them
 * for removal: password, access keys, signing certificates, SSH public keys, service-specific
 * credentials, MFA devices, inline policies, attached managed policies, group memberships. The
 * order in which IAM itself checks them is not documented.
 */
const USER_DEPENDENTS: readonly {
  readonly count: (tx: StoreTransaction, scope: string, userId: string) => Promise<number>;
  readonly conflict: () => AwsError;
}[] = [
  { count: (tx, scope, id) => tx.loginProfiles.count({ scope, parent: id }), conflict: () => awsErrors.deleteConflict('login profile') },
  { count: (tx, scope, id) => tx.accessKeys.count({ scope, parent: id }), conflict: () => awsErrors.deleteConflict('access keys') },
  { count: (tx, scope, id) => tx.signingCertificates.count({ scope, parent: id }), conflict: () => awsErrors.deleteConflict('signing certificates') },
  { count: (tx, scope, id) => tx.sshPublicKeys.count({ scope, parent: id }), conflict: () => awsErrors.deleteConflict('ssh public keys') },
  {
    count: (tx, scope, id) => tx.serviceSpecificCredentials.count({ scope, parent: id }),
    conflict: () => awsErrors.deleteConflict('service specific credentials'),
  },
  { count: (tx, scope, id) => tx.virtualMfaDevices.count({ scope, ref: id }), conflict: () => awsErrors.deleteConflict('mfa devices') },
  { count: (tx, scope, id) => tx.inlinePolicies.count({ scope, parent: id }), conflict: () => awsErrors.deleteConflict('inline policies') },
  { count: (tx, scope, id) => tx.policyAttachments.count({ scope, parent: id }), conflict: () => awsErrors.deleteConflict('attached policies') },
  { count: (tx, scope, id) => tx.groupMemberships.count({ scope, ref: id }), conflict: () => iamMessages.userInGroups() },
];

export const deleteUser: OperationDef = {
  name: 'DeleteUser',
  readOnly: false,
  async authorize(input, ctx) {
    const target = await userTarget(ctx, requiredString(input, 'UserName'));
    return { action: 'iam:DeleteUser', resource: target.arn, keys: resourceTagKeys(target.tags) };
  },
  async handler(input, ctx) {
    const userName = requiredString(input, 'UserName');
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, ctx.accountId, userName);
      for (const item of USER_DEPENDENTS) {
        if ((await item.count(tx, ctx.accountId, user.UserId)) > 0) throw item.conflict();
      }
      await tx.users.delete(user.UserId);
    });
    return {};
  },
};

export const listUsers: OperationDef = {
  name: 'ListUsers',
  readOnly: true,
  authorize(input, ctx) {
    return { action: 'iam:ListUsers', resource: listResource(ctx.accountId, 'user', optionalString(input, 'PathPrefix')) };
  },
  async handler(input, ctx) {
    const request = pageRequest(input);
    const pathPrefix = optionalString(input, 'PathPrefix');
    const page = await listPage(() =>
      ctx.store.read.users.list({ scope: ctx.accountId, ...request, ...(pathPrefix === undefined ? {} : { pathPrefix }) }),
    );
    return { Users: page.items.map((u) => userShape(u, 'list')), ...pageFields(page) };
  },
};

export const userOperations: readonly OperationDef[] = [createUser, getUser, updateUser, deleteUser, listUsers];
