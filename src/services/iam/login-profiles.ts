/**
 * Console passwords (id_credentials_passwords_admin-change-user.md): CreateLoginProfile,
 * GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile, and ChangePassword, by which an IAM
 * user changes their own password after proving the old one.
 *
 * Every password set is checked against the account's password policy (or IAM's default one) and,
 * with PasswordReusePrevention, against the user's earlier passwords. Passwords are kept only as
 * scrypt hashes (`password-hashing.ts`); hashing happens before the transaction, which may run
 * more than once.
 */
import { awsErrors } from '../../aws/aws-error.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { LoginProfileRecord, PasswordHash, PasswordPolicyRecord, UserRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { subjectAuthorization, subjectHolder } from './caller-subject.js';
import { requireUser } from './entity-lookup.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { optionalBoolean, optionalString, requiredString } from './input-fields.js';
import { hashPassword, matchesAny, verifyPassword } from './password-hashing.js';
import { customPasswordPolicy } from './password-policy.js';
import { passwordExpiry, passwordPolicyViolation, passwordReusedMessage } from './password-rules.js';
import { resourceTagKeys } from './condition-keys.js';
import { userTarget } from './resource-targets.js';

/** PasswordReusePrevention goes up to 24: no more earlier hashes are ever needed. */
const MAX_REMEMBERED = 24;

function loginProfileShape(profile: LoginProfileRecord, userName: string): WireRecord {
  return { UserName: userName, CreateDate: wireDate(profile.CreateDate), PasswordResetRequired: profile.PasswordResetRequired };
}

/** The IAM user a login-profile request acts on; the root user and sessions must name one. */
async function profileUser(c: ReadCollections, ctx: OperationContext, input: WireRecord): Promise<UserRecord> {
  const holder = await subjectHolder(c, ctx, input);
  // The root user's console password is not an IAM login profile (AWS manages it through
  // AssumeRoot sessions, which Gatehouse does not have).
  if (holder.user === undefined) throw iamMessages.nonUserCredentials();
  return holder.user;
}

async function requireProfile(c: ReadCollections, user: UserRecord): Promise<LoginProfileRecord> {
  const profile = await c.loginProfiles.getById(user.UserId);
  if (profile === undefined) throw awsErrors.noSuchLoginProfile(user.UserName);
  return profile;
}

function requirePolicyMet(password: string, policy: PasswordPolicyRecord | undefined): void {
  const violation = passwordPolicyViolation(password, policy);
  if (violation !== undefined) throw iamMessages.passwordPolicyViolation(violation);
}

/** Refuses a password among the last PasswordReusePrevention ones (the current one included). */
async function requireNotReused(password: string, profile: LoginProfileRecord, policy: PasswordPolicyRecord | undefined): Promise<void> {
  const remembered = policy?.PasswordReusePrevention;
  if (remembered === undefined) return;
  const recent = [profile.PasswordHash, ...profile.PreviousPasswordHashes].slice(0, remembered);
  if (await matchesAny(password, recent)) throw iamMessages.passwordPolicyViolation(passwordReusedMessage(remembered));
}

/** The profile with a new password: the old hash joins the history. */
function withPassword(profile: LoginProfileRecord, hash: PasswordHash, now: Date, resetRequired: boolean): LoginProfileRecord {
  return {
    ...profile,
    PasswordHash: hash,
    PasswordLastChanged: isoSeconds(now),
    PasswordResetRequired: resetRequired,
    PreviousPasswordHashes: [profile.PasswordHash, ...profile.PreviousPasswordHashes].slice(0, MAX_REMEMBERED),
  };
}

export const createLoginProfile: OperationDef = {
  name: 'CreateLoginProfile',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:CreateLoginProfile', input, ctx),
  async handler(input, ctx) {
    const password = requiredString(input, 'Password');
    const resetRequired = optionalBoolean(input, 'PasswordResetRequired') ?? false;
    const hash = await hashPassword(password);
    const { profile, user } = await ctx.store.transaction(async (tx) => {
      const user = await profileUser(tx, ctx, input);
      if ((await tx.loginProfiles.getById(user.UserId)) !== undefined) throw awsErrors.loginProfileAlreadyExists(user.UserName);
      requirePolicyMet(password, await customPasswordPolicy(tx, ctx.accountId));
      const profile: LoginProfileRecord = {
        AccountId: ctx.accountId,
        UserId: user.UserId,
        CreateDate: isoSeconds(ctx.now),
        PasswordResetRequired: resetRequired,
        PasswordHash: hash,
        PasswordLastChanged: isoSeconds(ctx.now),
        PreviousPasswordHashes: [],
      };
      await tx.loginProfiles.put(profile);
      return { profile, user };
    });
    return { LoginProfile: loginProfileShape(profile, user.UserName) };
  },
};

export const getLoginProfile: OperationDef = {
  name: 'GetLoginProfile',
  readOnly: true,
  authorize: (input, ctx) => subjectAuthorization('iam:GetLoginProfile', input, ctx),
  async handler(input, ctx) {
    const user = await profileUser(ctx.store.read, ctx, input);
    return { LoginProfile: loginProfileShape(await requireProfile(ctx.store.read, user), user.UserName) };
  },
};

export const updateLoginProfile: OperationDef = {
  name: 'UpdateLoginProfile',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:UpdateLoginProfile', input, ctx),
  async handler(input, ctx) {
    const password = optionalString(input, 'Password');
    const resetRequired = optionalBoolean(input, 'PasswordResetRequired');
    const hash = password === undefined ? undefined : await hashPassword(password);
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, ctx.accountId, requiredString(input, 'UserName'));
      const profile = await requireProfile(tx, user);
      let updated = profile;
      if (password !== undefined && hash !== undefined) {
        const policy = await customPasswordPolicy(tx, ctx.accountId);
        requirePolicyMet(password, policy);
        await requireNotReused(password, profile, policy);
        updated = withPassword(profile, hash, ctx.now, profile.PasswordResetRequired);
      }
      if (resetRequired !== undefined) updated = { ...updated, PasswordResetRequired: resetRequired };
      await tx.loginProfiles.put(updated);
    });
    return {};
  },
};

export const deleteLoginProfile: OperationDef = {
  name: 'DeleteLoginProfile',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:DeleteLoginProfile', input, ctx),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const user = await profileUser(tx, ctx, input);
      await requireProfile(tx, user);
      await tx.loginProfiles.delete(user.UserId);
    });
    return {};
  },
};

/**
 * ChangePassword: only an IAM user, on their own password (`iam:ChangePassword` on their user
 * ARN). The new password must meet the policy and, with PasswordReusePrevention, differ from the
 * remembered ones; a password that expired under HardExpiry can be reset only by an administrator.
 */
export const changePassword: OperationDef = {
  name: 'ChangePassword',
  readOnly: false,
  async authorize(_input, ctx) {
    if (ctx.caller.principal.type !== 'user' || ctx.caller.userName === undefined) throw iamMessages.changePasswordNotIamUser();
    const target = await userTarget(ctx, ctx.caller.userName);
    return { action: 'iam:ChangePassword', resource: ctx.caller.principal.arn, keys: resourceTagKeys(target.tags) };
  },
  async handler(input, ctx) {
    const oldPassword = requiredString(input, 'OldPassword');
    const newPassword = requiredString(input, 'NewPassword');
    const userName = ctx.caller.userName ?? '';
    const read = ctx.store.read;
    const user = await requireUser(read, ctx.accountId, userName);
    const current = await requireProfile(read, user);
    if (!(await verifyPassword(oldPassword, current.PasswordHash))) throw iamMessages.oldPasswordIncorrect();
    const hash = await hashPassword(newPassword);
    await ctx.store.transaction(async (tx) => {
      const profile = await requireProfile(tx, await requireUser(tx, ctx.accountId, userName));
      // The password may have changed since it was checked: the check is against the current one.
      if (profile.PasswordHash !== current.PasswordHash) throw iamMessages.oldPasswordIncorrect();
      const policy = await customPasswordPolicy(tx, ctx.accountId);
      const expiry = passwordExpiry(profile.PasswordLastChanged, policy);
      if (policy?.HardExpiry === true && expiry !== undefined && expiry <= ctx.now) throw iamMessages.passwordExpiredHardExpiry(userName);
      requirePolicyMet(newPassword, policy);
      await requireNotReused(newPassword, profile, policy);
      await tx.loginProfiles.put(withPassword(profile, hash, ctx.now, false));
    });
    return {};
  },
};

export const loginProfileOperations: readonly OperationDef[] = [createLoginProfile, getLoginProfile, updateLoginProfile, deleteLoginProfile, changePassword];
