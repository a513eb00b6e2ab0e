/**
 * GetAccountSummary: counts of the account's IAM entities and the quotas that apply, from the one
 * quota table that the operations enforce (quotas.ts), and the STS global endpoint's token version
 * (1 unless the account set it otherwise; recorded GetAccountSummary output). Providers counts
 * OIDC and SAML providers together. MFADevices counts the account's virtual MFA devices,
 * MFADevicesInUse those enabled for a user (recorded: creating a device adds one to the first,
 * enabling it one to the second). AccountPasswordPresent is 0: Gatehouse's root user has no
 * console password.
 */
import type { OperationDef } from '../operation.js';
import { summaryQuotas } from './quotas.js';
import { globalEndpointTokenVersion } from './sts-preferences.js';

export const getAccountSummary: OperationDef = {
  name: 'GetAccountSummary',
  readOnly: true,
  authorize: () => ({ action: 'iam:GetAccountSummary', resource: '*' }),
  async handler(_input, ctx) {
    const read = ctx.store.read;
    const scope = ctx.accountId;
    const [users, groups, roles, policies, versions, rootKeys, instanceProfiles, oidcProviders, samlProviders, tokenVersion, serverCertificates, mfaDevices, unassignedMfaDevices, rootMfaDevices, rootCertificates] =
      await Promise.all([
        read.users.count({ scope }),
        read.groups.count({ scope }),
        read.roles.count({ scope }),
        read.policies.count({ scope }),
        read.policyVersions.count({ scope }),
        read.accessKeys.count({ scope, parent: scope }),
        read.instanceProfiles.count({ scope }),
        read.oidcProviders.count({ scope }),
        read.samlProviders.count({ scope }),
        globalEndpointTokenVersion(read, scope),
        read.serverCertificates.count({ scope }),
        read.virtualMfaDevices.count({ scope }),
        read.virtualMfaDevices.count({ scope, ref: '' }),
        read.virtualMfaDevices.count({ scope, ref: scope }),
        read.signingCertificates.count({ scope, parent: scope }),
      ]);
    return {
      SummaryMap: {
        ...summaryQuotas(),
        Users: users,
        Groups: groups,
        Roles: roles,
        Policies: policies,
        PolicyVersionsInUse: versions,
        InstanceProfiles: instanceProfiles,
        ServerCertificates: serverCertificates,
        MFADevices: mfaDevices,
        MFADevicesInUse: mfaDevices - unassignedMfaDevices,
        Providers: oidcProviders + samlProviders,
        AccountMFAEnabled: rootMfaDevices > 0 ? 1 : 0,
        AccountAccessKeysPresent: rootKeys > 0 ? 1 : 0,
        AccountPasswordPresent: 0,
        AccountSigningCertificatesPresent: rootCertificates > 0 ? 1 : 0,
        GlobalEndpointTokenVersion: tokenVersion,
      },
    };
  },
};
