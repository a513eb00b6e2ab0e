/**
 * Long-term access keys (id_credentials_access-keys.md): CreateAccessKey, UpdateAccessKey,
 * DeleteAccessKey, ListAccessKeys, GetAccessKeyLastUsed. At most two keys per user and two for the
 * root user, checked inside the creating transaction so concurrent creations cannot exceed it. The
 * secret is returned by CreateAccessKey only.
 *
 * Without UserName these act on the caller: an IAM user's own keys, or for the root user the
 * account's root keys (stored with the account ID as holder). Root keys are reported without a
 * UserName: the root user has none.
 */
import { AwsError, awsErrors } from '../../aws/aws-error.js';
import { rootArn, type AccountId } from '../../aws/arn.js';
import { newAccessKeyId, newSecretAccessKey } from '../../aws/ids.js';
import type { AccessKeyRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { subjectAuthorization, subjectHolder, userNameField, type SubjectHolder } from './caller-subject.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { requiredString } from './input-fields.js';
import { listPage, pageFields, pageRequest } from './paging.js';
import { requireRoom } from './quotas.js';

/** The key with this ID held by `holder`; NoSuchEntity otherwise. */
async function requireKey(c: ReadCollections, holder: SubjectHolder, accessKeyId: string): Promise<AccessKeyRecord> {
  const key = await c.accessKeys.getById(accessKeyId);
  if (key?.UserId !== holder.holderId) throw awsErrors.noSuchAccessKey(accessKeyId);
  return key;
}

export const createAccessKey: OperationDef = {
  name: 'CreateAccessKey',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:CreateAccessKey', input, ctx),
  async handler(input, ctx) {
    const { key, holder } = await ctx.store.transaction(async (tx) => {
      const holder = await subjectHolder(tx, ctx, input);
      await requireRoom('accessKeysPerUser', tx, ctx.accountId, holder.holderId);
      const key: AccessKeyRecord = {
        AccountId: ctx.accountId,
        UserId: holder.holderId,
        AccessKeyId: newAccessKeyId(ctx.accountId as AccountId),
        SecretAccessKey: newSecretAccessKey(),
        Status: 'Active',
        CreateDate: isoSeconds(ctx.now),
      };
      await tx.accessKeys.put(key);
      return { key, holder };
    });
    return {
      AccessKey: {
        ...userNameField(holder),
        AccessKeyId: key.AccessKeyId,
        Status: key.Status,
        SecretAccessKey: key.SecretAccessKey,
        CreateDate: wireDate(key.CreateDate),
      },
    };
  },
};

export const updateAccessKey: OperationDef = {
  name: 'UpdateAccessKey',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:UpdateAccessKey', input, ctx),
  async handler(input, ctx) {
    const status = requiredString(input, 'Status') as AccessKeyRecord['Status'];
    await ctx.store.transaction(async (tx) => {
      const key = await requireKey(tx, await subjectHolder(tx, ctx, input), requiredString(input, 'AccessKeyId'));
      await tx.accessKeys.put({ ...key, Status: status });
    });
    return {};
  },
};

export const deleteAccessKey: OperationDef = {
  name: 'DeleteAccessKey',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:DeleteAccessKey', input, ctx),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const key = await requireKey(tx, await subjectHolder(tx, ctx, input), requiredString(input, 'AccessKeyId'));
      await tx.accessKeys.delete(key.AccessKeyId);
    });
    return {};
  },
};

export const listAccessKeys: OperationDef = {
  name: 'ListAccessKeys',
  readOnly: true,
  authorize: (input, ctx) => subjectAuthorization('iam:ListAccessKeys', input, ctx),
  async handler(input, ctx) {
    const read = ctx.store.read;
    const holder = await subjectHolder(read, ctx, input);
    const page = await listPage(() => read.accessKeys.list({ scope: ctx.accountId, parent: holder.holderId, ...pageRequest(input) }));
    return {
      AccessKeyMetadata: page.items.map((k) => ({
        ...userNameField(holder),
        AccessKeyId: k.AccessKeyId,
        Status: k.Status,
        CreateDate: wireDate(k.CreateDate),
      })),
      ...pageFields(page),
    };
  },
};

/** The owner of a key of this account, for authorization and the reply. */
async function keyOwner(c: ReadCollections, ctx: OperationContext, accessKeyId: string): Promise<{ key: AccessKeyRecord; holder: SubjectHolder; arn: string }> {
  const key = await c.accessKeys.getById(accessKeyId);
  if (key === undefined || key.AccountId !== ctx.accountId) throw awsErrors.noSuchAccessKey(accessKeyId);
  if (key.UserId === ctx.accountId) return { key, holder: { holderId: key.UserId }, arn: rootArn(ctx.accountId as AccountId) };
  const user = await c.users.getById(key.UserId);
  if (user === undefined) throw awsErrors.noSuchAccessKey(accessKeyId);
  return { key, holder: { holderId: user.UserId, userName: user.UserName }, arn: user.Arn };
}

export const getAccessKeyLastUsed: OperationDef = {
  name: 'GetAccessKeyLastUsed',
  readOnly: true,
  async authorize(input, ctx) {
    const accessKeyId = requiredString(input, 'AccessKeyId');
    const key = await ctx.store.read.accessKeys.getById(accessKeyId);
    // An unknown key is authorized on the account's users: IAM's resource for it is not known.
    if (key === undefined || key.AccountId !== ctx.accountId) return { action: 'iam:GetAccessKeyLastUsed', resource: `arn:aws:iam::${ctx.accountId}:user/*` };
    const owner = await keyOwner(ctx.store.read, ctx, accessKeyId);
    return { action: 'iam:GetAccessKeyLastUsed', resource: owner.arn };
  },
  async handler(input, ctx) {
    const accessKeyId = requiredString(input, 'AccessKeyId');
    const stored = await ctx.store.read.accessKeys.getById(accessKeyId);
    // A key IAM cannot find in the account is refused, not reported missing, in words of its own
    // (recorded: test_iam_users › test_access_key_errors › get-last-used-nonexistent-key-error,
    // 403, "perform" without a colon).
    if (stored === undefined || stored.AccountId !== ctx.accountId) {
      throw new AwsError('AccessDenied', `User: ${ctx.caller.principal.arn} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key ${accessKeyId}`, 403);
    }
    const { key, holder } = await keyOwner(ctx.store.read, ctx, accessKeyId);
    // Never used: IAM reports ServiceName and Region as "N/A" and no LastUsedDate.
    const lastUsed = key.LastUsed;
    return {
      ...userNameField(holder),
      AccessKeyLastUsed:
        lastUsed === undefined
          ? { ServiceName: 'N/A', Region: 'N/A' }
          : { LastUsedDate: wireDate(lastUsed.LastUsedDate), ServiceName: lastUsed.ServiceName, Region: lastUsed.Region },
    };
  },
};

export const accessKeyOperations: readonly OperationDef[] = [createAccessKey, updateAccessKey, deleteAccessKey, listAccessKeys, getAccessKeyLastUsed];
