/**
 * AssumeRole: a session of a role, for a caller the role's trust policy and the caller's own
 * policies both allow (id_credentials_temp_control-access_assumerole.md; same account and cross
 * account), with ExternalId, MFA, session policies, session tags, source identity and the duration
 * limits of the role and of role chaining.
 */
import { AwsError } from '../../aws/aws-error.js';
import { parseArn } from '../../aws/arn.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { RoleRecord } from '../../state/records.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { optionalNumber, optionalString, requiredString } from '../iam/input-fields.js';
import { verifyMfa } from './mfa.js';
import { assumedRoleUser, checkPackedSize, issueCredentials, packedPolicySize, sessionPolicies, sessionTags, tagConditionKeys } from './session-inputs.js';

/** A role ARN as STS reads it: its account, path and name; undefined when it is no role ARN. */
export interface RoleReference {
  readonly arn: string;
  readonly accountId: string;
  readonly path: string;
  readonly name: string;
}

/**
 * STS's check of a RoleArn: an ARN of five colon-separated parts with a partition, a service and a
 * resource (`<arn> is invalid` otherwise, as recorded from AWS). A well-formed ARN that names no
 * role gets the answer any role the caller may not assume gets.
 */
export function roleReference(arn: string): RoleReference | undefined {
  const parts = parseArn(arn);
  if (parts === undefined || parts.partition === '' || parts.service === '' || parts.resource === '') throw new AwsError('ValidationError', `${arn} is invalid`, 400);
  if (parts.service !== 'iam' || parts.region !== '' || !/^\d{12}$/.test(parts.account) || !parts.resource.startsWith('role/')) return undefined;
  const rest = parts.resource.slice('role/'.length);
  const slash = rest.lastIndexOf('/');
  const name = rest.slice(slash + 1);
  if (name === '') return undefined;
  return { arn, accountId: parts.account, path: slash < 0 ? '/' : `/${rest.slice(0, slash)}/`, name };
}

/** The role a reference names: same account, same name (as written: IAM names differ in case only here) and same path. */
export async function findRole(ctx: OperationContext, ref: RoleReference | undefined): Promise<RoleRecord | undefined> {
  if (ref === undefined) return undefined;
  const role = await ctx.store.read.roles.getByName(ref.accountId, ref.name);
  return role !== undefined && role.RoleName === ref.name && role.Path === ref.path ? role : undefined;
}

/** The role sessions' limits: 900 s up to the role's maximum, and one hour when chaining. */
export function roleDuration(requested: number | undefined, role: RoleRecord, chained: boolean): number {
  const duration = requested ?? 3600;
  // The wording of these two answers is the one AWS users report; the guide describes the limits
  // (troubleshoot_roles.md).
  if (chained && duration > 3600) throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400);
  if (duration > role.MaxSessionDuration) throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
  return duration;
}

/**
 * When MFA was verified for a request (a code may be used once, so it is checked once, while
 * authorizing), by the request's decoded input.
 */
const verifiedMfa = new WeakMap<WireRecord, number>();

async function authorizeAssumeRole(input: WireRecord, ctx: OperationContext): Promise<Authorization[]> {
  const roleArn = requiredString(input, 'RoleArn');
  const ref = roleReference(roleArn);
  // AssumeRole is for IAM users and role sessions (id_credentials_temp_request.md, "Who can
  // call"); AWS refuses the root user, whatever the trust policy says, in these words.
  if (ctx.caller.principal.type === 'root') throw new AwsError('AccessDenied', 'Roles may not be assumed by root accounts.', 403);
  const role = await findRole(ctx, ref);
  const caller = ctx.caller.session;
  const tags = sessionTags(input, caller);
  const mfaAt = await verifyMfa(ctx, optionalString(input, 'SerialNumber'), optionalString(input, 'TokenCode'));
  if (mfaAt !== undefined) verifiedMfa.set(input, mfaAt);
  const keys: Record<string, string | readonly string[]> = {
    'sts:RoleSessionName': requiredString(input, 'RoleSessionName'),
    ...tagConditionKeys(input, tags),
  };
  const externalId = optionalString(input, 'ExternalId');
  if (externalId !== undefined) keys['sts:ExternalId'] = externalId;
  const sourceIdentity = optionalString(input, 'SourceIdentity') ?? caller?.sourceIdentity;
  if (sourceIdentity !== undefined) keys['sts:SourceIdentity'] = sourceIdentity;
  if (mfaAt !== undefined) {
    keys['aws:MultiFactorAuthPresent'] = 'true';
    keys['aws:MultiFactorAuthAge'] = '0';
  }
  if (role !== undefined) {
    for (const t of role.Tags) keys[`aws:ResourceTag/${t.Key}`] = t.Value;
  }
  const resourceAccount = ref?.accountId ?? parseArn(roleArn)?.account;
  const need = (action: string): Authorization => ({ action, resource: roleArn, resourceAccount, keys, trustPolicy: role?.AssumeRolePolicyDocument ?? null });
  const needs = [need('sts:AssumeRole')];
  if (tags.tags.length > (caller?.transitiveTagKeys?.length ?? 0) || (Array.isArray(input.Tags) && input.Tags.length > 0)) needs.push(need('sts:TagSession'));
  if (optionalString(input, 'SourceIdentity') !== undefined) needs.push(need('sts:SetSourceIdentity'));
  return needs;
}

export const assumeRole: OperationDef = {
  name: 'AssumeRole',
  readOnly: true,
  authorize: authorizeAssumeRole,
  async handler(input, ctx) {
    const ref = roleReference(requiredString(input, 'RoleArn'));
    const role = await findRole(ctx, ref);
    // Authorization has already refused a role that does not exist.
    if (role === undefined) throw new AwsError('AccessDenied', `User: ${ctx.caller.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${requiredString(input, 'RoleArn')}`, 403);
    const caller = ctx.caller.session;
    const chained = caller?.kind === 'role';
    const duration = roleDuration(optionalNumber(input, 'DurationSeconds'), role, chained);
    const policies = sessionPolicies(input);
    const tags = sessionTags(input, caller);
    const packed = packedPolicySize(policies, tags);
    checkPackedSize(packed);
    const sessionName = requiredString(input, 'RoleSessionName');
    const mfaAt = verifiedMfa.get(input);
    const sourceIdentity = caller?.sourceIdentity ?? optionalString(input, 'SourceIdentity');
    const { credentials } = issueCredentials(ctx, role.AccountId, duration, {
      kind: 'role',
      roleId: role.RoleId,
      roleArn: role.Arn,
      name: sessionName,
      ...(policies.policy !== undefined ? { policy: policies.policy } : {}),
      ...(policies.policyArns.length > 0 ? { policyArns: policies.policyArns } : {}),
      ...(tags.tags.length > 0 ? { tags: tags.tags } : {}),
      ...(tags.transitiveTagKeys.length > 0 ? { transitiveTagKeys: tags.transitiveTagKeys } : {}),
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      ...(mfaAt !== undefined ? { mfaAt } : {}),
      ...(chained ? { chained } : {}),
    });
    const withPolicies = policies.policy !== undefined || policies.policyArns.length > 0 || tags.tags.length > 0;
    return {
      Credentials: credentials,
      AssumedRoleUser: assumedRoleUser(role, sessionName),
      ...(withPolicies ? { PackedPolicySize: packed } : {}),
      ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
    };
  },
};
