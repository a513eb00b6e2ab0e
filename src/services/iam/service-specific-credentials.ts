/**
 * Service-specific credentials (id_credentials_service-specific-creds.md):
 * CreateServiceSpecificCredential, ListServiceSpecificCredentials,
 * UpdateServiceSpecificCredential, ResetServiceSpecificCredential,
 * DeleteServiceSpecificCredential. At most two per service per user. The password (or API key
 * secret) is returned by Create and Reset only and kept as a scrypt hash.
 *
 * CodeCommit and Amazon Keyspaces issue a user name and password: the user name is
 * `<user>-at-<account>` (recorded), a user's second credential for the same service
 * `<user>+1-at-<account>` (not confirmed by a recording). Amazon Bedrock and CloudWatch Logs issue
 * API keys (an alias and a secret, optionally expiring after CredentialAgeDays); AWS's format for
 * those aliases and secrets is not confirmed by a recording and is modelled on the user names.
 */
import { randomBytes } from 'node:crypto';
import { awsErrors } from '../../aws/aws-error.js';
import { newUniqueId } from '../../aws/ids.js';
import type { AccountId } from '../../aws/arn.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { ServiceSpecificCredentialRecord, UserRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { namedUserAuthorization, subjectAuthorization, subjectHolder, type SubjectHolder } from './caller-subject.js';
import { settableStatus } from './credential-status.js';
import { requireUser } from './entity-lookup.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { optionalBoolean, optionalNumber, optionalString, requiredString } from './input-fields.js';
import { listPage, pageRequest } from './paging.js';
import { hashPassword } from './password-hashing.js';

export const MAX_CREDENTIALS_PER_SERVICE = 2;

type CredentialStyle = 'password' | 'api-key';

/** The services that issue service-specific credentials, and what they issue. */
const CREDENTIAL_SERVICES: ReadonlyMap<string, CredentialStyle> = new Map([
  ['codecommit.amazonaws.com', 'password'],
  ['cassandra.amazonaws.com', 'password'],
  ['bedrock.amazonaws.com', 'api-key'],
  ['logs.amazonaws.com', 'api-key'],
]);

function requireService(serviceName: string): CredentialStyle {
  const style = CREDENTIAL_SERVICES.get(serviceName);
  if (style === undefined) throw iamMessages.noSuchCredentialService(serviceName);
  return style;
}

/** 32 random bytes, base64: 44 characters. */
function newSecret(): string {
  return randomBytes(32).toString('base64');
}

function status(c: ServiceSpecificCredentialRecord, now: Date): string {
  return c.ExpirationDate !== undefined && Date.parse(c.ExpirationDate) <= now.getTime() ? 'Expired' : c.Status;
}

function nameFields(c: ServiceSpecificCredentialRecord): WireRecord {
  return {
    ...(c.ServiceUserName === undefined ? {} : { ServiceUserName: c.ServiceUserName }),
    ...(c.ServiceCredentialAlias === undefined ? {} : { ServiceCredentialAlias: c.ServiceCredentialAlias }),
  };
}

/** The credential with its secret, as Create and Reset return it. */
function credentialShape(c: ServiceSpecificCredentialRecord, userName: string, secret: string, now: Date): WireRecord {
  const style = CREDENTIAL_SERVICES.get(c.ServiceName) ?? 'password';
  return {
    CreateDate: wireDate(c.CreateDate),
    ...(c.ExpirationDate === undefined ? {} : { ExpirationDate: wireDate(c.ExpirationDate) }),
    ServiceName: c.ServiceName,
    ...nameFields(c),
    ...(style === 'password' ? { ServicePassword: secret } : { ServiceCredentialSecret: secret }),
    ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
    UserName: userName,
    Status: status(c, now),
  };
}

function metadataShape(c: ServiceSpecificCredentialRecord, userName: string, now: Date): WireRecord {
  return {
    UserName: userName,
    Status: status(c, now),
    ...nameFields(c),
    CreateDate: wireDate(c.CreateDate),
    ...(c.ExpirationDate === undefined ? {} : { ExpirationDate: wireDate(c.ExpirationDate) }),
    ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
    ServiceName: c.ServiceName,
  };
}

/** `<user>-at-<account>`, or `<user>+1-at-<account>` when the first is taken. */
function freeServiceName(user: UserRecord, taken: readonly ServiceSpecificCredentialRecord[]): string {
  const used = new Set(taken.map((c) => c.ServiceUserName ?? c.ServiceCredentialAlias));
  const first = `${user.UserName}-at-${user.AccountId}`;
  return used.has(first) ? `${user.UserName}+1-at-${user.AccountId}` : first;
}

async function requireCredential(c: ReadCollections, holder: SubjectHolder, accountId: string, id: string): Promise<ServiceSpecificCredentialRecord> {
  const credential = await c.serviceSpecificCredentials.getById(id);
  if (credential?.UserId !== holder.holderId || credential.AccountId !== accountId) throw iamMessages.noSuchServiceCredential(id);
  return credential;
}

export const createServiceSpecificCredential: OperationDef = {
  name: 'CreateServiceSpecificCredential',
  readOnly: false,
  authorize: (input, ctx) => namedUserAuthorization('iam:CreateServiceSpecificCredential', input, ctx),
  async handler(input, ctx) {
    const serviceName = requiredString(input, 'ServiceName');
    const ageDays = optionalNumber(input, 'CredentialAgeDays');
    const secret = newSecret();
    const hash = await hashPassword(secret);
    const { credential, user } = await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, ctx.accountId, requiredString(input, 'UserName'));
      const style = requireService(serviceName);
      if (ageDays !== undefined && style === 'password') throw iamMessages.credentialAgeNotSupported(serviceName);
      const existing = await tx.serviceSpecificCredentials.list({ scope: ctx.accountId, parent: user.UserId, ref: serviceName, maxItems: 1000 });
      if (existing.items.length >= MAX_CREDENTIALS_PER_SERVICE) throw awsErrors.limitExceeded('ServiceSpecificCredentialsPerUser', MAX_CREDENTIALS_PER_SERVICE);
      const name = freeServiceName(user, existing.items);
      const credential: ServiceSpecificCredentialRecord = {
        AccountId: ctx.accountId,
        UserId: user.UserId,
        ServiceSpecificCredentialId: newUniqueId('contextCredential', ctx.accountId as AccountId),
        ServiceName: serviceName,
        ...(style === 'password' ? { ServiceUserName: name } : { ServiceCredentialAlias: name }),
        SecretHash: hash,
        Status: 'Active',
        CreateDate: isoSeconds(ctx.now),
        ...(ageDays === undefined ? {} : { ExpirationDate: isoSeconds(new Date(ctx.now.getTime() + ageDays * 86_400_000)) }),
      };
      await tx.serviceSpecificCredentials.put(credential);
      return { credential, user };
    });
    return { ServiceSpecificCredential: credentialShape(credential, user.UserName, secret, ctx.now) };
  },
};

async function listAuthorization(input: WireRecord, ctx: OperationContext): Promise<Authorization> {
  // All users' credentials are authorized on every user of the account; the resource AWS names
  // for AllUsers is not documented.
  if (optionalBoolean(input, 'AllUsers') === true && optionalString(input, 'UserName') === undefined) {
    return { action: 'iam:ListServiceSpecificCredentials', resource: `arn:aws:iam::${ctx.accountId}:user/*` };
  }
  return subjectAuthorization('iam:ListServiceSpecificCredentials', input, ctx);
}

export const listServiceSpecificCredentials: OperationDef = {
  name: 'ListServiceSpecificCredentials',
  readOnly: true,
  authorize: listAuthorization,
  async handler(input, ctx) {
    const read = ctx.store.read;
    const allUsers = optionalBoolean(input, 'AllUsers') === true;
    if (allUsers && optionalString(input, 'UserName') !== undefined) throw iamMessages.allUsersWithUserName();
    const serviceName = optionalString(input, 'ServiceName');
    const holder = allUsers ? undefined : await subjectHolder(read, ctx, input);
    if (serviceName !== undefined) requireService(serviceName);
    const page = await listPage(() =>
      read.serviceSpecificCredentials.list({
        scope: ctx.accountId,
        ...(holder === undefined ? {} : { parent: holder.holderId }),
        ...(serviceName === undefined ? {} : { ref: serviceName }),
        ...pageRequest(input),
      }),
    );
    const items: WireRecord[] = [];
    for (const c of page.items) {
      const userName = holder?.userName ?? (await read.users.getById(c.UserId))?.UserName ?? '';
      items.push(metadataShape(c, userName, ctx.now));
    }
    // Recorded: an answer that is not truncated carries neither IsTruncated nor Marker.
    return { ServiceSpecificCredentials: items, ...(page.isTruncated && page.marker !== undefined ? { Marker: page.marker, IsTruncated: true } : {}) };
  },
};

export const updateServiceSpecificCredential: OperationDef = {
  name: 'UpdateServiceSpecificCredential',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:UpdateServiceSpecificCredential', input, ctx),
  async handler(input, ctx) {
    const newStatus = settableStatus(requiredString(input, 'Status'));
    await ctx.store.transaction(async (tx) => {
      const holder = await subjectHolder(tx, ctx, input);
      const credential = await requireCredential(tx, holder, ctx.accountId, requiredString(input, 'ServiceSpecificCredentialId'));
      await tx.serviceSpecificCredentials.put({ ...credential, Status: newStatus });
    });
    return {};
  },
};

export const resetServiceSpecificCredential: OperationDef = {
  name: 'ResetServiceSpecificCredential',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:ResetServiceSpecificCredential', input, ctx),
  async handler(input, ctx) {
    const secret = newSecret();
    const hash = await hashPassword(secret);
    const { credential, userName } = await ctx.store.transaction(async (tx) => {
      const holder = await subjectHolder(tx, ctx, input);
      const current = await requireCredential(tx, holder, ctx.accountId, requiredString(input, 'ServiceSpecificCredentialId'));
      const credential = { ...current, SecretHash: hash };
      await tx.serviceSpecificCredentials.put(credential);
      return { credential, userName: holder.userName ?? '' };
    });
    return { ServiceSpecificCredential: credentialShape(credential, userName, secret, ctx.now) };
  },
};

export const deleteServiceSpecificCredential: OperationDef = {
  name: 'DeleteServiceSpecificCredential',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:DeleteServiceSpecificCredential', input, ctx),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const holder = await subjectHolder(tx, ctx, input);
      const credential = await requireCredential(tx, holder, ctx.accountId, requiredString(input, 'ServiceSpecificCredentialId'));
      await tx.serviceSpecificCredentials.delete(credential.ServiceSpecificCredentialId);
    });
    return {};
  },
};

export const serviceSpecificCredentialOperations: readonly OperationDef[] = [
  createServiceSpecificCredential,
  listServiceSpecificCredentials,
  updateServiceSpecificCredential,
  resetServiceSpecificCredential,
  deleteServiceSpecificCredential,
];
