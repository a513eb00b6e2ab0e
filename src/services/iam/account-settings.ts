/**
 * IAM settings of an account that belong to no entity (the STS global endpoint token version,
 * outbound web identity federation), kept in one record per account.
 */
import type { AccountSettingsRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationContext } from '../operation.js';

export async function accountSettings(c: Pick<ReadCollections, 'accountSettings'>, accountId: string): Promise<AccountSettingsRecord> {
  return (await c.accountSettings.getById(accountId)) ?? { AccountId: accountId };
}

/** Replaces the account's settings with `change(current)` in one transaction; returns the result. */
export function updateAccountSettings(ctx: OperationContext, change: (current: AccountSettingsRecord) => AccountSettingsRecord): Promise<AccountSettingsRecord> {
  return ctx.store.transaction(async (tx) => {
    const updated = change(await accountSettings(tx, ctx.accountId));
    await tx.accountSettings.put(updated);
    return updated;
  });
}
