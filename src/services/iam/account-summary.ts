/**
 * GetAccountSummary: counts of the account's IAM entities and the quotas that apply, from the one
 * quota table that the operations enforce (quotas.ts). Entities Gatehouse does not hold yet
 * (server certificates, MFA devices, signing certificates, instance profiles, providers) are
 * reported as 0. GlobalEndpointTokenVersion is the STS global endpoint's token version, 1 unless
 * an account sets it otherwise (recorded GetAccountSummary output).
 */
import type { OperationDef } from '../operation.js';
import { summaryQuotas } from './quotas.js';

export const getAccountSummary: OperationDef = {
  name: 'GetAccountSummary',
  readOnly: true,
  authorize: () => ({ action: 'iam:GetAccountSummary', resource: '*' }),
  async handler(_input, ctx) {
    const read = ctx.store.read;
    const scope = ctx.accountId;
    const [users, groups, roles, policies, versions, rootKeys] = await Promise.all([
      read.users.count({ scope }),
      read.groups.count({ scope }),
      read.roles.count({ scope }),
      read.policies.count({ scope }),
      read.policyVersions.count({ scope }),
      read.accessKeys.count({ scope, parent: scope }),
    ]);
    return {
      SummaryMap: {
        ...summaryQuotas(),
        Users: users,
        Groups: groups,
        Roles: roles,
        Policies: policies,
        PolicyVersionsInUse: versions,
        InstanceProfiles: 0,
        ServerCertificates: 0,
        MFADevices: 0,
        MFADevicesInUse: 0,
        Providers: 0,
        AccountMFAEnabled: 0,
        AccountAccessKeysPresent: rootKeys > 0 ? 1 : 0,
        AccountPasswordPresent: 0,
        AccountSigningCertificatesPresent: 0,
        GlobalEndpointTokenVersion: 1,
      },
    };
  },
};
