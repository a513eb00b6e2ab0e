/**
 * IAM's quotas, in one table: each one's GetAccountSummary key and default value
 * (reference_iam-quotas.md; recorded GetAccountSummary output) and, for those Gatehouse enforces
 * by counting, what is counted and how AWS words the refusal. GetAccountSummary reports from this
 * table and the operations enforce from it, so the two cannot drift. A new entity kind (instance
 * profiles, server certificates, MFA devices...) adds its count here and calls `requireRoom` where
 * it is created.
 *
 * Policy sizes are counted by the policy engine (src/policy/parse/policy-size.ts, without white
 * space as IAM counts them) with AWS's own messages for each; their limits come from there.
 */
import { awsErrors, type AwsError, type IamQuota } from '../../aws/aws-error.js';
import { INLINE_POLICY_MAX, MANAGED_POLICY_MAX, TRUST_POLICY_DEFAULT_MAX } from '../../policy/index.js';
import type { ReadCollections } from '../../state/store.js';
import { iamMessages } from './iam-messages.js';

/** How many of a counted thing exist: in the account, or under one parent (a user, a policy...). */
type Counter = (c: ReadCollections, accountId: string, parent: string) => Promise<number>;

interface QuotaEntry {
  /** The GetAccountSummary key of the limit. */
  readonly summaryKey: string;
  readonly limit: number;
  /** Counted quotas: what is counted, and the refusal when the limit is reached. */
  readonly counted?: { readonly count: Counter; readonly refusal: () => AwsError };
}

interface CountedEntry extends QuotaEntry {
  readonly counted: { readonly count: Counter; readonly refusal: () => AwsError };
}

const exceeded = (quota: IamQuota, limit: number) => (): AwsError => awsErrors.limitExceeded(quota, limit);

function counted(summaryKey: string, limit: number, count: Counter, refusal: (limit: number) => () => AwsError): CountedEntry {
  return { summaryKey, limit, counted: { count, refusal: refusal(limit) } };
}

const byName = (quota: IamQuota) => (limit: number) => exceeded(quota, limit);

export const IAM_QUOTAS = {
  // Entities per account. "Cannot exceed quota for UsersPerAccount: 5000", RolesPerAccount and
  // PoliciesPerAccount are recorded; GroupsPerAccount follows the pattern unverified.
  users: counted('UsersQuota', 5000, (c, a) => c.users.count({ scope: a }), byName('UsersPerAccount')),
  groups: counted('GroupsQuota', 300, (c, a) => c.groups.count({ scope: a }), byName('GroupsPerAccount')),
  roles: counted('RolesQuota', 1000, (c, a) => c.roles.count({ scope: a }), byName('RolesPerAccount')),
  policies: counted('PoliciesQuota', 1500, (c, a) => c.policies.count({ scope: a }), byName('PoliciesPerAccount')),
  // Customer managed policy versions stored in the account. With the other defaults (1,500
  // policies of at most 5 versions) it cannot be reached; the wording is not known from a
  // recording and follows the pattern.
  policyVersionsInUse: counted('PolicyVersionsInUseQuota', 10000, (c, a) => c.policyVersions.count({ scope: a }), byName('PolicyVersionsInUse')),
  // Per entity. PoliciesPerUser / PoliciesPerGroup / PoliciesPerRole: 10 are recorded (the
  // default; AWS allows raising users' and roles' to 20). GroupsPerUser follows the pattern
  // unverified; AccessKeysPerUser is recorded (and applies to the root user's keys as well).
  groupsPerUser: counted('GroupsPerUserQuota', 10, (c, a, userId) => c.groupMemberships.count({ scope: a, ref: userId }), byName('GroupsPerUser')),
  accessKeysPerUser: counted('AccessKeysPerUserQuota', 2, (c, a, holderId) => c.accessKeys.count({ scope: a, parent: holderId }), byName('AccessKeysPerUser')),
  attachedPoliciesPerUser: counted('AttachedPoliciesPerUserQuota', 10, (c, a, id) => c.policyAttachments.count({ scope: a, parent: id }), byName('PoliciesPerUser')),
  attachedPoliciesPerGroup: counted('AttachedPoliciesPerGroupQuota', 10, (c, a, id) => c.policyAttachments.count({ scope: a, parent: id }), byName('PoliciesPerGroup')),
  attachedPoliciesPerRole: counted('AttachedPoliciesPerRoleQuota', 10, (c, a, id) => c.policyAttachments.count({ scope: a, parent: id }), byName('PoliciesPerRole')),
  // Recorded: "A managed policy can have up to 5 versions. Before you create a new version, you
  // must delete an existing version."
  versionsPerPolicy: counted('VersionsPerPolicyQuota', 5, (c, a, policyId) => c.policyVersions.count({ scope: a, parent: policyId }), () => () => iamMessages.policyVersionsLimit()),
  // Policy sizes, enforced by the policy engine with AWS's messages.
  userPolicySize: { summaryKey: 'UserPolicySizeQuota', limit: INLINE_POLICY_MAX.user },
  groupPolicySize: { summaryKey: 'GroupPolicySizeQuota', limit: INLINE_POLICY_MAX.group },
  rolePolicySize: { summaryKey: 'RolePolicySizeQuota', limit: INLINE_POLICY_MAX.role },
  policySize: { summaryKey: 'PolicySizeQuota', limit: MANAGED_POLICY_MAX },
  assumeRolePolicySize: { summaryKey: 'AssumeRolePolicySizeQuota', limit: TRUST_POLICY_DEFAULT_MAX },
  // Entities Gatehouse does not hold yet: reported; whoever adds them gives them a count here.
  instanceProfiles: { summaryKey: 'InstanceProfilesQuota', limit: 1000 },
  serverCertificates: { summaryKey: 'ServerCertificatesQuota', limit: 20 },
  signingCertificatesPerUser: { summaryKey: 'SigningCertificatesPerUserQuota', limit: 2 },
} as const satisfies Record<string, QuotaEntry>;

export type QuotaName = keyof typeof IAM_QUOTAS;
type CountedQuota = { [K in QuotaName]: (typeof IAM_QUOTAS)[K] extends CountedEntry ? K : never }[QuotaName];

/**
 * Throws the quota's refusal when adding one more would exceed it: `parent` names whose things
 * are counted (the user for its groups and keys, the holder for its attachments, the policy for
 * its versions); account-wide quotas ignore it. Call it inside the transaction that adds, so
 * concurrent requests cannot pass it together.
 */
export async function requireRoom(quota: CountedQuota, c: ReadCollections, accountId: string, parent = ''): Promise<void> {
  const entry: CountedEntry = IAM_QUOTAS[quota];
  if ((await entry.counted.count(c, accountId, parent)) >= entry.limit) throw entry.counted.refusal();
}

/** The quota part of GetAccountSummary's SummaryMap. */
export function summaryQuotas(): Record<string, number> {
  return Object.fromEntries(Object.values(IAM_QUOTAS).map((q: QuotaEntry) => [q.summaryKey, q.limit]));
}
