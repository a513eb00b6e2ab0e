/**
 * SSH public keys of IAM users, for CodeCommit: UploadSSHPublicKey, GetSSHPublicKey (in SSH or
 * PEM encoding), ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey. Keys are RSA of at
 * least 2048 bits (`ssh-key-format.ts`), at most 5 per user, each once per user. IDs are `APKA…`.
 */
import { awsErrors } from '../../aws/aws-error.js';
import { newSshPublicKeyId } from '../../aws/ids.js';
import type { AccountId } from '../../aws/arn.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { SshPublicKeyRecord, UserRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationDef } from '../operation.js';
import { namedUserAuthorization, subjectAuthorization, subjectHolder } from './caller-subject.js';
import { settableStatus } from './credential-status.js';
import { requireUser } from './entity-lookup.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { requiredString } from './input-fields.js';
import { listPage, pageFields, pageRequest } from './paging.js';
import { parseSshPublicKey } from './ssh-key-format.js';

export const MAX_SSH_KEYS_PER_USER = 5;

async function requireKey(c: ReadCollections, user: UserRecord, keyId: string): Promise<SshPublicKeyRecord> {
  const key = await c.sshPublicKeys.getById(keyId);
  if (key?.UserId !== user.UserId || key.AccountId !== user.AccountId) throw iamMessages.noSuchSshPublicKey(keyId);
  return key;
}

function keyShape(key: SshPublicKeyRecord, user: UserRecord, body: string): WireRecord {
  return {
    UserName: user.UserName,
    SSHPublicKeyId: key.SSHPublicKeyId,
    Fingerprint: key.Fingerprint,
    SSHPublicKeyBody: body,
    Status: key.Status,
    UploadDate: wireDate(key.UploadDate),
  };
}

export const uploadSshPublicKey: OperationDef = {
  name: 'UploadSSHPublicKey',
  readOnly: false,
  authorize: (input, ctx) => namedUserAuthorization('iam:UploadSSHPublicKey', input, ctx),
  async handler(input, ctx) {
    const parsed = parseSshPublicKey(requiredString(input, 'SSHPublicKeyBody'));
    const { key, user, body } = await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, ctx.accountId, requiredString(input, 'UserName'));
      if (!parsed.ok) throw parsed.reason === 'unrecognized-encoding' ? iamMessages.unrecognizedPublicKeyEncoding() : iamMessages.invalidPublicKey();
      const scope = ctx.accountId;
      if ((await tx.sshPublicKeys.count({ scope, parent: user.UserId, ref: parsed.fingerprint })) > 0) throw iamMessages.duplicateSshPublicKey();
      if ((await tx.sshPublicKeys.count({ scope, parent: user.UserId })) >= MAX_SSH_KEYS_PER_USER) {
        throw awsErrors.limitExceeded('SSHPublicKeysPerUser', MAX_SSH_KEYS_PER_USER);
      }
      const key: SshPublicKeyRecord = {
        AccountId: scope,
        UserId: user.UserId,
        SSHPublicKeyId: newSshPublicKeyId(scope as AccountId),
        SSHPublicKeyBody: parsed.sshBody,
        Fingerprint: parsed.fingerprint,
        Status: 'Active',
        UploadDate: isoSeconds(ctx.now),
      };
      await tx.sshPublicKeys.put(key);
      return { key, user, body: parsed.sshBody };
    });
    return { SSHPublicKey: keyShape(key, user, body) };
  },
};

export const getSshPublicKey: OperationDef = {
  name: 'GetSSHPublicKey',
  readOnly: true,
  authorize: (input, ctx) => namedUserAuthorization('iam:GetSSHPublicKey', input, ctx),
  async handler(input, ctx) {
    const read = ctx.store.read;
    const user = await requireUser(read, ctx.accountId, requiredString(input, 'UserName'));
    const key = await requireKey(read, user, requiredString(input, 'SSHPublicKeyId'));
    const parsed = parseSshPublicKey(key.SSHPublicKeyBody);
    if (!parsed.ok) throw iamMessages.unrecognizedPublicKeyEncoding();
    return { SSHPublicKey: keyShape(key, user, requiredString(input, 'Encoding') === 'PEM' ? parsed.pemBody : parsed.sshBody) };
  },
};

export const listSshPublicKeys: OperationDef = {
  name: 'ListSSHPublicKeys',
  readOnly: true,
  authorize: (input, ctx) => subjectAuthorization('iam:ListSSHPublicKeys', input, ctx),
  async handler(input, ctx) {
    const read = ctx.store.read;
    const holder = await subjectHolder(read, ctx, input);
    const page = await listPage(() => read.sshPublicKeys.list({ scope: ctx.accountId, parent: holder.holderId, ...pageRequest(input) }));
    return {
      SSHPublicKeys: page.items.map((k) => ({ UserName: holder.userName, SSHPublicKeyId: k.SSHPublicKeyId, Status: k.Status, UploadDate: wireDate(k.UploadDate) })),
      ...pageFields(page),
    };
  },
};

export const updateSshPublicKey: OperationDef = {
  name: 'UpdateSSHPublicKey',
  readOnly: false,
  authorize: (input, ctx) => namedUserAuthorization('iam:UpdateSSHPublicKey', input, ctx),
  async handler(input, ctx) {
    const status = settableStatus(requiredString(input, 'Status'));
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, ctx.accountId, requiredString(input, 'UserName'));
      const key = await requireKey(tx, user, requiredString(input, 'SSHPublicKeyId'));
      await tx.sshPublicKeys.put({ ...key, Status: status });
    });
    return {};
  },
};

export const deleteSshPublicKey: OperationDef = {
  name: 'DeleteSSHPublicKey',
  readOnly: false,
  authorize: (input, ctx) => namedUserAuthorization('iam:DeleteSSHPublicKey', input, ctx),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, ctx.accountId, requiredString(input, 'UserName'));
      const key = await requireKey(tx, user, requiredString(input, 'SSHPublicKeyId'));
      await tx.sshPublicKeys.delete(key.SSHPublicKeyId);
    });
    return {};
  },
};

export const sshPublicKeyOperations: readonly OperationDef[] = [uploadSshPublicKey, getSshPublicKey, listSshPublicKeys, updateSshPublicKey, deleteSshPublicKey];
