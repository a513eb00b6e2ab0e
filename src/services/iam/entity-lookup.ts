/**
 * Finding the entity an operation names, with IAM's NoSuchEntity messages. Works on committed
 * state (`store.read`) and inside a transaction alike.
 */
import { awsErrors } from '../../aws/aws-error.js';
import { parseIdentityArn } from '../../aws/arn.js';
import type { ReadCollections } from '../../state/store.js';
import type { GroupRecord, ManagedPolicyRecord, RoleRecord, UserRecord } from '../../state/records.js';
import { awsManagedPolicy, type AwsManagedPolicy } from './aws-managed-policies.js';

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

/** A managed policy named by ARN: a customer managed policy of the account, or an AWS managed one. */
export type ResolvedPolicy =
  | { readonly kind: 'customer'; readonly record: ManagedPolicyRecord }
  | { readonly kind: 'aws'; readonly policy: AwsManagedPolicy };

/** Throws InvalidInput "ARN X is not valid." when `policyArn` is not a policy ARN. */
export function requirePolicyArn(policyArn: string): void {
  const parsed = parseIdentityArn(policyArn);
  if (parsed?.kind !== 'iam-resource' || parsed.type !== 'policy') throw awsErrors.invalidArn(policyArn);
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

export async function findManagedPolicy(c: ReadCollections, accountId: string, policyArn: string): Promise<ResolvedPolicy | undefined> {
  const aws = awsManagedPolicy(policyArn);
  if (aws !== undefined) return { kind: 'aws', policy: aws };
  const record = await findCustomerPolicy(c, accountId, policyArn);
  return record === undefined ? undefined : { kind: 'customer', record };
}
