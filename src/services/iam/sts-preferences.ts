/**
 * SetSecurityTokenServicePreferences (id_credentials_temp_enable-regions.md): which session tokens
 * STS's global endpoint issues, `v1Token` (valid only in Regions enabled by default; AWS's default)
 * or `v2Token` (valid in all Regions). GetAccountSummary reports it as GlobalEndpointTokenVersion
 * (1 or 2). The value is checked against the model's enum by the decoder.
 */
import type { OperationDef } from '../operation.js';
import { accountSettings, updateAccountSettings } from './account-settings.js';
import { requiredString } from './input-fields.js';
import type { ReadCollections } from '../../state/store.js';

export const setSecurityTokenServicePreferences: OperationDef = {
  name: 'SetSecurityTokenServicePreferences',
  readOnly: false,
  authorize: () => ({ action: 'iam:SetSecurityTokenServicePreferences', resource: '*' }),
  async handler(input, ctx) {
    const version = requiredString(input, 'GlobalEndpointTokenVersion') === 'v2Token' ? 'v2Token' : 'v1Token';
    await updateAccountSettings(ctx, (s) => ({ ...s, GlobalEndpointTokenVersion: version }));
    return {};
  },
};

/** 1 or 2, as GetAccountSummary reports the global endpoint token version. */
export async function globalEndpointTokenVersion(c: Pick<ReadCollections, 'accountSettings'>, accountId: string): Promise<1 | 2> {
  return (await accountSettings(c, accountId)).GlobalEndpointTokenVersion === 'v2Token' ? 2 : 1;
}
