/**
 * What a last-accessed report or a policies-granting-access listing is about: a user, group, role
 * or managed policy named by ARN; the identity policies that count for it
 * (ListPoliciesGrantingServiceAccess: a user's own and its groups', a group's own, a role's own;
 * never a permissions boundary); and the users and roles whose attempts count for it
 * (GetServiceLastAccessedDetails: the user or role itself, a group's members, the users and roles
 * a policy applies to).
 */
import { awsErrors } from '../../aws/aws-error.js';
import { parseIdentityArn } from '../../aws/arn.js';
import type { AccessReportEntity, GroupRecord, ManagedPolicyRecord, RoleRecord, UserRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import { findManagedPolicy, findPolicyVersion } from './entity-lookup.js';
import { iamMessages } from './iam-messages.js';
import { listAll } from './paging.js';

/** One identity policy of the subject, named as ListPoliciesGrantingServiceAccess names it. */
export interface SubjectPolicy {
  readonly PolicyName: string;
  readonly PolicyType: 'INLINE' | 'MANAGED';
  /** Managed policies. */
  readonly PolicyArn?: string;
  /** Inline policies: the holder. */
  readonly EntityType?: 'USER' | 'GROUP' | 'ROLE';
  readonly EntityName?: string;
  readonly document: string;
}

export interface ReportSubject {
  readonly arn: string;
  readonly kind: 'user' | 'group' | 'role' | 'policy';
  readonly policies: readonly SubjectPolicy[];
  readonly entities: readonly AccessReportEntity[];
}

const userEntity = (u: UserRecord): AccessReportEntity => ({ Arn: u.Arn, Name: u.UserName, Type: 'USER', Id: u.UserId, Path: u.Path });
const roleEntity = (r: RoleRecord): AccessReportEntity => ({ Arn: r.Arn, Name: r.RoleName, Type: 'ROLE', Id: r.RoleId, Path: r.Path });

function page(accountId: string) {
  return (marker: string | undefined) => ({ scope: accountId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) });
}

/** A holder's inline and attached managed policies. */
async function holderPolicies(c: ReadCollections, accountId: string, holderId: string, entityType: 'USER' | 'GROUP' | 'ROLE', entityName: string): Promise<SubjectPolicy[]> {
  const inline = await listAll((m) => c.inlinePolicies.list({ ...page(accountId)(m), parent: holderId }));
  const attached = await listAll((m) => c.policyAttachments.list({ ...page(accountId)(m), parent: holderId }));
  const out: SubjectPolicy[] = inline.map((p) => ({ PolicyName: p.PolicyName, PolicyType: 'INLINE', EntityType: entityType, EntityName: entityName, document: p.PolicyDocument }));
  for (const a of attached) {
    const managed = await managedPolicy(c, accountId, a.PolicyArn);
    if (managed !== undefined) out.push(managed);
  }
  return out;
}

async function managedPolicy(c: ReadCollections, accountId: string, arn: string): Promise<SubjectPolicy | undefined> {
  const policy = await findManagedPolicy(c, accountId, arn);
  if (policy === undefined) return undefined;
  const version = await findPolicyVersion(c, policy, policy.DefaultVersionId);
  return version === undefined ? undefined : { PolicyName: policy.PolicyName, PolicyType: 'MANAGED', PolicyArn: policy.Arn, document: version.Document };
}

async function groupsOf(c: ReadCollections, user: UserRecord): Promise<GroupRecord[]> {
  const memberships = await listAll((m) => c.groupMemberships.list({ ...page(user.AccountId)(m), ref: user.UserId }));
  return (await Promise.all(memberships.map((m) => c.groups.getById(m.GroupId)))).filter((g): g is GroupRecord => g !== undefined);
}

async function membersOf(c: ReadCollections, group: GroupRecord): Promise<UserRecord[]> {
  const memberships = await listAll((m) => c.groupMemberships.list({ ...page(group.AccountId)(m), parent: group.GroupId }));
  return (await Promise.all(memberships.map((m) => c.users.getById(m.UserId)))).filter((u): u is UserRecord => u !== undefined);
}

/** The users (directly or through a group) and roles a managed policy is attached to. */
async function policyEntities(c: ReadCollections, accountId: string, policy: ManagedPolicyRecord): Promise<AccessReportEntity[]> {
  const attachments = await listAll((m) => c.policyAttachments.list({ ...page(accountId)(m), ref: policy.Arn }));
  const byArn = new Map<string, AccessReportEntity>();
  for (const a of attachments) {
    if (a.PrincipalType === 'user') {
      const u = await c.users.getById(a.PrincipalId);
      if (u !== undefined) byArn.set(u.Arn, userEntity(u));
    } else if (a.PrincipalType === 'role') {
      const r = await c.roles.getById(a.PrincipalId);
      if (r !== undefined) byArn.set(r.Arn, roleEntity(r));
    } else {
      const g = await c.groups.getById(a.PrincipalId);
      if (g !== undefined) for (const u of await membersOf(c, g)) byArn.set(u.Arn, userEntity(u));
    }
  }
  return [...byArn.values()];
}

/**
 * The subject an ARN names. InvalidInput "ARN X is not valid." for anything but a user, group,
 * role (or, where `policies` allows, managed policy) ARN; NoSuchEntity when it does not exist.
 * AWS's wording for these two cases in these operations is not known from a recording; they are
 * IAM's usual ones.
 */
export async function reportSubject(c: ReadCollections, accountId: string, arn: string, allowPolicies: boolean): Promise<ReportSubject> {
  const parsed = parseIdentityArn(arn);
  const types = allowPolicies ? ['user', 'group', 'role', 'policy'] : ['user', 'group', 'role'];
  if (parsed?.kind !== 'iam-resource' || !types.includes(parsed.type)) throw awsErrors.invalidArn(arn);
  if (parsed.type === 'policy') {
    const policy = await findManagedPolicy(c, accountId, arn);
    if (policy === undefined) throw iamMessages.policyNotFound(arn);
    const own = await managedPolicy(c, accountId, arn);
    return { arn, kind: 'policy', policies: own === undefined ? [] : [own], entities: await policyEntities(c, accountId, policy) };
  }
  const sameArn = <R extends { readonly Arn: string }>(record: R | undefined): R | undefined => (record?.Arn === arn ? record : undefined);
  if (parsed.type === 'user') {
    const user = parsed.accountId === accountId ? sameArn(await c.users.getByName(accountId, parsed.name)) : undefined;
    if (user === undefined) throw awsErrors.noSuchEntity('user', parsed.name);
    const policies = await holderPolicies(c, accountId, user.UserId, 'USER', user.UserName);
    for (const g of await groupsOf(c, user)) policies.push(...(await holderPolicies(c, accountId, g.GroupId, 'GROUP', g.GroupName)));
    return { arn, kind: 'user', policies, entities: [userEntity(user)] };
  }
  if (parsed.type === 'group') {
    const group = parsed.accountId === accountId ? sameArn(await c.groups.getByName(accountId, parsed.name)) : undefined;
    if (group === undefined) throw awsErrors.noSuchEntity('group', parsed.name);
    return {
      arn,
      kind: 'group',
      policies: await holderPolicies(c, accountId, group.GroupId, 'GROUP', group.GroupName),
      entities: (await membersOf(c, group)).map(userEntity),
    };
  }
  const role = parsed.accountId === accountId ? sameArn(await c.roles.getByName(accountId, parsed.name)) : undefined;
  if (role === undefined) throw awsErrors.noSuchEntity('role', parsed.name);
  return { arn, kind: 'role', policies: await holderPolicies(c, accountId, role.RoleId, 'ROLE', role.RoleName), entities: [roleEntity(role)] };
}
