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
