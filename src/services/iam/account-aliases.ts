/**
 * The account alias (console_account-alias.md): CreateAccountAlias, DeleteAccountAlias,
 * ListAccountAliases. An account has at most one alias — creating another replaces it ("the new
 * alias overwrites the previous alias") — and an alias is unique across all accounts; one that any
 * account holds, this one included, is EntityAlreadyExists. The alias's form (3 to 63 lower-case
 * letters, digits and single hyphens, not at either end) is the model's pattern, checked by the
 * decoder. All three are authorized on `*` (no resource type).
 */
import { DuplicateNameError } from '../../state/store-errors.js';
import type { OperationDef } from '../operation.js';
import { iamMessages } from './iam-messages.js';
import { requiredString } from './input-fields.js';
import { pageFields, pageInMemory, pageRequest } from './paging.js';

export const createAccountAlias: OperationDef = {
  name: 'CreateAccountAlias',
  readOnly: false,
  authorize: () => ({ action: 'iam:CreateAccountAlias', resource: '*' }),
  async handler(input, ctx) {
    const alias = requiredString(input, 'AccountAlias');
    await ctx.store.transaction(async (tx) => {
      if ((await tx.accountAliases.getByName('', alias)) !== undefined) throw iamMessages.accountAliasTaken(alias);
      try {
        await tx.accountAliases.put({ AccountId: ctx.accountId, AccountAlias: alias });
      } catch (error) {
        if (error instanceof DuplicateNameError) throw iamMessages.accountAliasTaken(alias);
        throw error;
      }
    });
    return {};
  },
};

export const deleteAccountAlias: OperationDef = {
  name: 'DeleteAccountAlias',
  readOnly: false,
  authorize: () => ({ action: 'iam:DeleteAccountAlias', resource: '*' }),
  async handler(input, ctx) {
    const alias = requiredString(input, 'AccountAlias');
    await ctx.store.transaction(async (tx) => {
      const held = await tx.accountAliases.getById(ctx.accountId);
      if (held?.AccountAlias !== alias) throw iamMessages.noSuchAccountAlias(alias);
      await tx.accountAliases.delete(ctx.accountId);
    });
    return {};
  },
};

export const listAccountAliases: OperationDef = {
  name: 'ListAccountAliases',
  readOnly: true,
  authorize: () => ({ action: 'iam:ListAccountAliases', resource: '*' }),
  async handler(input, ctx) {
    const held = await ctx.store.read.accountAliases.getById(ctx.accountId);
    const page = pageInMemory(held === undefined ? [] : [held.AccountAlias], pageRequest(input));
    return { AccountAliases: [...page.items], ...pageFields(page) };
  },
};

export const accountAliasOperations: readonly OperationDef[] = [createAccountAlias, deleteAccountAlias, listAccountAliases];
