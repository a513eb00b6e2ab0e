/**
 * What `authorize` needs to know about the user, role or policy a request names: its ARN (with
 * its path, read from the store) and the keys it supplies (its tags, its permissions boundary).
 * A name that does not exist is authorized on the ARN it would have at the root path, so the
 * caller learns that it does not exist only if allowed to ask.
 */
import { iamArn, type AccountId } from '../../aws/arn.js';
import type { Tag } from '../../state/records.js';
import type { OperationContext } from '../operation.js';
import { findCustomerPolicy } from './entity-lookup.js';

export interface ResourceTarget {
  readonly arn: string;
  readonly tags: readonly Tag[];
  /** The principal's permissions boundary ARN, if it has one. */
  readonly boundaryArn?: string;
}

const acct = (ctx: OperationContext): AccountId => ctx.accountId as AccountId;

export async function userTarget(ctx: OperationContext, userName: string): Promise<ResourceTarget> {
  const user = await ctx.store.read.users.getByName(ctx.accountId, userName);
  if (user === undefined) return { arn: iamArn(acct(ctx), 'user', userName), tags: [] };
  const boundary = user.PermissionsBoundary?.PermissionsBoundaryArn;
  return boundary === undefined ? { arn: user.Arn, tags: user.Tags } : { arn: user.Arn, tags: user.Tags, boundaryArn: boundary };
}

export async function roleTarget(ctx: OperationContext, roleName: string): Promise<ResourceTarget> {
  const role = await ctx.store.read.roles.getByName(ctx.accountId, roleName);
  if (role === undefined) return { arn: iamArn(acct(ctx), 'role', roleName), tags: [] };
  const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
  return boundary === undefined ? { arn: role.Arn, tags: role.Tags } : { arn: role.Arn, tags: role.Tags, boundaryArn: boundary };
}

/** Groups carry no tags in IAM. */
export async function groupTarget(ctx: OperationContext, groupName: string): Promise<ResourceTarget> {
  const group = await ctx.store.read.groups.getByName(ctx.accountId, groupName);
  return { arn: group?.Arn ?? iamArn(acct(ctx), 'group', groupName), tags: [] };
}

/** A policy ARN as given; customer managed policies supply their tags. */
export async function policyTarget(ctx: OperationContext, policyArn: string): Promise<ResourceTarget> {
  const policy = await findCustomerPolicy(ctx.store.read, ctx.accountId, policyArn);
  return { arn: policyArn, tags: policy?.Tags ?? [] };
}
