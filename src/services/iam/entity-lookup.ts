/**
 * Finding the entity an operation names, with IAM's NoSuchEntity messages. Works on committed
 * state (`store.read`) and inside a transaction alike.
 */
import { awsErrors } from '../../aws/aws-error.js';
import { parseIdentityArn } from '../../aws/arn.js';
import type { ReadCollections } from '../../state/store.js';
import type { GroupRecord, ManagedPolicyRecord, PolicyVersionRecord, RoleRecord, UserRecord } from '../../state/records.js';
import { awsManagedPolicies, awsManagedPolicy, isAwsManagedPolicy } from './aws-managed-policies.js';
import { iamMessages, type PolicyChange } from './iam-messages.js';
import { listAll } from './paging.js';

export async function findUser(c: ReadCollections, accountId: string, userName: string): Promise<UserRecord | undefined> {
  return c.users.getByName(accountId, userName);
}

export async function requireUser(c: ReadCollections, accountId: string, userName: string): Promise<UserRecord> {
  const user = await c.users.getByName(accountId, userName);
  if (user === undefined) throw awsErrors.noSuchEntity('user', userName);
  return user;
}

export async function requireRole(c: ReadCollections, accountId: string, roleName: string): Promise<RoleRecord> {
  const role = await c.roles.getByName(accountId, roleName);
  if (role === undefined) throw awsErrors.noSuchEntity('role', roleName);
  return role;
}

export async function requireGroup(c: ReadCollections, accountId: string, groupName: string): Promise<GroupRecord> {
  const group = await c.groups.getByName(accountId, groupName);
  if (group === undefined) throw awsErrors.noSuchEntity('group', groupName);
  return group;
}

/** Throws InvalidInput "ARN X is not valid." when `policyArn` is not a policy ARN. */
export function requirePolicyArn(policyArn: string): void {
  const parsed = parseIdentityArn(policyArn);
  if (parsed?.kind !== 'iam-resource' || parsed.type !== 'policy') throw awsErrors.invalidArn(policyArn);
}

/**
 * A policy ARN the caller's account may change: a valid policy ARN (InvalidInput otherwise) in
 * the caller's own account (AccessDenied "... outside your own account" otherwise, as for AWS
 * managed policies).
 */
export function requireOwnPolicyArn(policyArn: string, accountId: string, change: PolicyChange): void {
  requirePolicyArn(policyArn);
  const parsed = parseIdentityArn(policyArn);
  if (parsed?.kind === 'iam-resource' && parsed.accountId !== accountId) throw iamMessages.policyOutsideAccount(change);
}

/** The customer managed policy with this exact ARN (name and path) in the account. */
export async function findCustomerPolicy(
  c: ReadCollections,
  accountId: string,
  policyArn: string,
): Promise<ManagedPolicyRecord | undefined> {
  const parsed = parseIdentityArn(policyArn);
  if (parsed?.kind !== 'iam-resource' || parsed.type !== 'policy' || parsed.accountId !== accountId) return undefined;
  const record = await c.policies.getByName(accountId, parsed.name);
  return record?.Arn === policyArn ? record : undefined;
}

/**
 * A managed policy named by ARN: an AWS managed policy, or a customer managed policy of the
 * account. Both come as the same record; `isAwsManagedPolicy` tells them apart.
 */
export async function findManagedPolicy(c: ReadCollections, accountId: string, policyArn: string): Promise<ManagedPolicyRecord | undefined> {
  return awsManagedPolicy(policyArn) ?? (await findCustomerPolicy(c, accountId, policyArn));
}

/** One version of a managed policy (AWS managed policies hold their default version only). */
export async function findPolicyVersion(c: ReadCollections, policy: ManagedPolicyRecord, versionId: string): Promise<PolicyVersionRecord | undefined> {
  if (isAwsManagedPolicy(policy)) {
    const version = awsManagedPolicies().defaultVersion(policy.Arn);
    return version?.VersionId === versionId ? version : undefined;
  }
  return c.policyVersions.getById(`${policy.PolicyId}|${versionId}`);
}

/** Every version of a managed policy, oldest first (at most 5 for customer managed policies). */
export async function policyVersionsOf(c: ReadCollections, policy: ManagedPolicyRecord): Promise<PolicyVersionRecord[]> {
  if (isAwsManagedPolicy(policy)) {
    const version = awsManagedPolicies().defaultVersion(policy.Arn);
    return version === undefined ? [] : [version];
  }
  return listAll((marker) => c.policyVersions.list({ scope: policy.AccountId, parent: policy.PolicyId, maxItems: 100, ...(marker === undefined ? {} : { marker }) }));
}
