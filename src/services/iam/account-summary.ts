/**
 * GetAccountSummary: counts of the account's IAM entities and the quotas that apply
 * (reference_iam-quotas.md). MFADevices counts the account's virtual MFA devices, MFADevicesInUse
 * those enabled for a user (recorded: creating a device adds one to the first, enabling it one to
 * the second). Entities Gatehouse does not model yet (instance profiles, providers) are reported
 * as 0, and so is AccountPasswordPresent: Gatehouse's root user has no console password.
 */
import type { OperationDef } from '../operation.js';

/** IAM's default quotas, as GetAccountSummary reports them. */
const QUOTAS = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  GroupsPerUserQuota: 10,
  SigningCertificatesPerUserQuota: 2,
  AccessKeysPerUserQuota: 2,
  AttachedPoliciesPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  RolePolicySizeQuota: 10240,
  PolicySizeQuota: 6144,
  AssumeRolePolicySizeQuota: 2048,
  VersionsPerPolicyQuota: 5,
  PolicyVersionsInUseQuota: 10000,
} as const;

export const getAccountSummary: OperationDef = {
  name: 'GetAccountSummary',
  readOnly: true,
  authorize: () => ({ action: 'iam:GetAccountSummary', resource: '*' }),
  async handler(_input, ctx) {
    const read = ctx.store.read;
    const scope = ctx.accountId;
    const [users, groups, roles, policies, versions, rootKeys, serverCertificates, mfaDevices, unassignedMfaDevices, rootMfaDevices, rootCertificates] =
      await Promise.all([
        read.users.count({ scope }),
        read.groups.count({ scope }),
        read.roles.count({ scope }),
        read.policies.count({ scope }),
        read.policyVersions.count({ scope }),
        read.accessKeys.count({ scope, parent: scope }),
        read.serverCertificates.count({ scope }),
        read.virtualMfaDevices.count({ scope }),
        read.virtualMfaDevices.count({ scope, ref: '' }),
        read.virtualMfaDevices.count({ scope, ref: scope }),
        read.signingCertificates.count({ scope, parent: scope }),
      ]);
    return {
      SummaryMap: {
        ...QUOTAS,
        Users: users,
        Groups: groups,
        Roles: roles,
        Policies: policies,
        PolicyVersionsInUse: versions,
        InstanceProfiles: 0,
        ServerCertificates: serverCertificates,
        MFADevices: mfaDevices,
        MFADevicesInUse: mfaDevices - unassignedMfaDevices,
        Providers: 0,
        AccountMFAEnabled: rootMfaDevices > 0 ? 1 : 0,
        AccountAccessKeysPresent: rootKeys > 0 ? 1 : 0,
        AccountPasswordPresent: 0,
        AccountSigningCertificatesPresent: rootCertificates > 0 ? 1 : 0,
      },
    };
  },
};
