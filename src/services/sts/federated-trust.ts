/**
 * The trust decision of the federation operations (AssumeRoleWithWebIdentity, AssumeRoleWithSAML):
 * the caller is no AWS principal but an identity provider's user, named in a trust policy by
 * `Principal.Federated` (the provider's ARN); only the role's trust policy can allow, with the
 * claims of the token or assertion as condition keys. A role that does not exist is refused alike.
 */
import { AwsError } from '../../aws/aws-error.js';
import { evaluate } from '../../policy/index.js';
import type { ContextKeys } from '../../policy/types.js';
import type { RoleRecord } from '../../state/records.js';
import type { FederationContext } from './federation-context.js';
import { requiredString } from '../iam/input-fields.js';
import type { RoleReference } from './assume-role.js';
import { parseArn } from '../../aws/arn.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { OperationContext } from '../operation.js';
import type { FederationFacts } from './session-token.js';
import { assumedRoleUser, checkPackedSize, issueCredentials, packedPolicySize, type SessionPolicyInput } from './session-inputs.js';

export function federatedTrustAllows(
  federation: FederationContext,
  role: RoleRecord | undefined,
  roleArn: string,
  providerArn: string,
  action: 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML',
  keys: ContextKeys,
): boolean {
  if (role === undefined) return false;
  const trust = federation.compileTrust(`${role.Arn} trust policy`, role.AssumeRolePolicyDocument);
  if (trust === undefined) return false;
  const decision = evaluate(
    { trust },
    {
      principal: { type: 'anonymous', arn: providerArn, federatedProvider: providerArn },
      action,
      resource: roleArn,
      resourceAccount: role.AccountId,
      context: { ...federation.globalKeys, ...keys },
    },
  );
  return decision.decision === 'Allow';
}

/** AWS's refusal (error catalogue E09): the same whether the trust policy or the role is missing. */
export function notAuthorized(action: string): AwsError {
  return new AwsError('AccessDenied', `Not authorized to perform ${action}`, 403);
}

/**
 * The role session a federated sign-in makes once the trust policy has allowed it: credentials
 * carrying the provider and its condition keys, AssumedRoleUser, and PackedPolicySize when session
 * policies were passed (the federation operations take no session tags from the request).
 */
export function issueFederatedSession(
  ctx: OperationContext,
  role: RoleRecord,
  sessionName: string,
  durationSeconds: number,
  policies: SessionPolicyInput,
  federation: FederationFacts,
): WireRecord {
  const packed = packedPolicySize(policies, { tags: [], transitiveTagKeys: [] });
  checkPackedSize(packed);
  const { credentials } = issueCredentials(ctx, role.AccountId, durationSeconds, {
    kind: 'role',
    roleId: role.RoleId,
    roleArn: role.Arn,
    name: sessionName,
    ...(policies.policy !== undefined ? { policy: policies.policy } : {}),
    ...(policies.policyArns.length > 0 ? { policyArns: policies.policyArns } : {}),
    federation,
  });
  const withPolicies = policies.policy !== undefined || policies.policyArns.length > 0;
  return { Credentials: credentials, AssumedRoleUser: assumedRoleUser(role, sessionName), ...(withPolicies ? { PackedPolicySize: packed } : {}) };
}

/**
 * What both federation operations read first, in AWS's order: the endpoint's federation context
 * (always present for STS) and the role ARN, which must name a role of an account (E05).
 */
export function federatedRequest(input: WireRecord, ctx: OperationContext): { federation: FederationContext; roleArn: string; ref: RoleReference } {
  const federation = ctx.federation;
  if (federation === undefined) throw new AwsError('ServiceFailure', 'An internal error occurred.', 500, 'Receiver');
  const roleArn = requiredString(input, 'RoleArn');
  return { federation, roleArn, ref: federatedRoleReference(roleArn) };
}

/**
 * The role ARN as the federation operations read it: AWS answers "Request ARN is invalid" for an
 * ARN that names no role of an account (E05: `arn:aws:iam::::1234567890:role/example`).
 */
export function federatedRoleReference(arn: string): RoleReference {
  const parts = parseArn(arn);
  const rest = parts?.resource.startsWith('role/') === true ? parts.resource.slice('role/'.length) : '';
  const name = rest.slice(rest.lastIndexOf('/') + 1);
  if (parts === undefined || parts.service !== 'iam' || parts.region !== '' || !/^\d{12}$/.test(parts.account) || name === '') {
    throw new AwsError('ValidationError', 'Request ARN is invalid', 400);
  }
  const slash = rest.lastIndexOf('/');
  return { arn, accountId: parts.account, path: slash < 0 ? '/' : `/${rest.slice(0, slash)}/`, name };
}
