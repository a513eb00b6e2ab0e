/**
 * The account password policy (id_credentials_passwords_account-policy.md):
 * UpdateAccountPasswordPolicy, GetAccountPasswordPolicy, DeleteAccountPasswordPolicy. Every
 * member UpdateAccountPasswordPolicy leaves out is reset to its default (minimum length 6, the
 * rest off); without a custom policy IAM applies its default policy (`password-rules.ts`). None of
 * the three names a resource: they are authorized on `*`.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { PasswordPolicyRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationDef } from '../operation.js';
import { iamMessages } from './iam-messages.js';
import { optionalBoolean, optionalNumber } from './input-fields.js';

/** UpdateAccountPasswordPolicy's MinimumPasswordLength when the request leaves it out. */
export const CUSTOM_POLICY_DEFAULT_LENGTH = 6;

/** The account's custom password policy; undefined when the default policy applies. */
export function customPasswordPolicy(c: ReadCollections, accountId: string): Promise<PasswordPolicyRecord | undefined> {
  return c.passwordPolicies.getById(accountId);
}

/** GetAccountPasswordPolicy's `PasswordPolicy`, members in the model's order. */
export function passwordPolicyShape(p: PasswordPolicyRecord): WireRecord {
  return {
    MinimumPasswordLength: p.MinimumPasswordLength,
    RequireSymbols: p.RequireSymbols,
    RequireNumbers: p.RequireNumbers,
    RequireUppercaseCharacters: p.RequireUppercaseCharacters,
    RequireLowercaseCharacters: p.RequireLowercaseCharacters,
    AllowUsersToChangePassword: p.AllowUsersToChangePassword,
    ExpirePasswords: p.MaxPasswordAge !== undefined,
    ...(p.MaxPasswordAge === undefined ? {} : { MaxPasswordAge: p.MaxPasswordAge }),
    ...(p.PasswordReusePrevention === undefined ? {} : { PasswordReusePrevention: p.PasswordReusePrevention }),
    ...(p.HardExpiry === undefined ? {} : { HardExpiry: p.HardExpiry }),
  };
}

export const updateAccountPasswordPolicy: OperationDef = {
  name: 'UpdateAccountPasswordPolicy',
  readOnly: false,
  authorize: () => ({ action: 'iam:UpdateAccountPasswordPolicy', resource: '*' }),
  async handler(input, ctx) {
    const maxAge = optionalNumber(input, 'MaxPasswordAge');
    const reuse = optionalNumber(input, 'PasswordReusePrevention');
    const hardExpiry = optionalBoolean(input, 'HardExpiry');
    const record: PasswordPolicyRecord = {
      AccountId: ctx.accountId,
      MinimumPasswordLength: optionalNumber(input, 'MinimumPasswordLength') ?? CUSTOM_POLICY_DEFAULT_LENGTH,
      RequireSymbols: optionalBoolean(input, 'RequireSymbols') ?? false,
      RequireNumbers: optionalBoolean(input, 'RequireNumbers') ?? false,
      RequireUppercaseCharacters: optionalBoolean(input, 'RequireUppercaseCharacters') ?? false,
      RequireLowercaseCharacters: optionalBoolean(input, 'RequireLowercaseCharacters') ?? false,
      AllowUsersToChangePassword: optionalBoolean(input, 'AllowUsersToChangePassword') ?? false,
      ...(maxAge === undefined ? {} : { MaxPasswordAge: maxAge }),
      ...(reuse === undefined ? {} : { PasswordReusePrevention: reuse }),
      ...(hardExpiry === undefined ? {} : { HardExpiry: hardExpiry }),
    };
    await ctx.store.transaction((tx) => tx.passwordPolicies.put(record));
    return {};
  },
};

export const getAccountPasswordPolicy: OperationDef = {
  name: 'GetAccountPasswordPolicy',
  readOnly: true,
  authorize: () => ({ action: 'iam:GetAccountPasswordPolicy', resource: '*' }),
  async handler(_input, ctx) {
    const policy = await customPasswordPolicy(ctx.store.read, ctx.accountId);
    if (policy === undefined) throw iamMessages.noPasswordPolicy(ctx.accountId);
    return { PasswordPolicy: passwordPolicyShape(policy) };
  },
};

export const deleteAccountPasswordPolicy: OperationDef = {
  name: 'DeleteAccountPasswordPolicy',
  readOnly: false,
  authorize: () => ({ action: 'iam:DeleteAccountPasswordPolicy', resource: '*' }),
  async handler(_input, ctx) {
    const deleted = await ctx.store.transaction((tx) => tx.passwordPolicies.delete(ctx.accountId));
    if (!deleted) throw iamMessages.noPasswordPolicyToDelete();
    return {};
  },
};

export const passwordPolicyOperations: readonly OperationDef[] = [updateAccountPasswordPolicy, getAccountPasswordPolicy, deleteAccountPasswordPolicy];
