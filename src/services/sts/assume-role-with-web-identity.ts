/**
 * AssumeRoleWithWebIdentity: a role session for a user of an OIDC identity provider, on the
 * strength of an ID token the provider signed (id_roles_providers_oidc.md; the IRSA chain of
 * seeds/003). Unsigned: the token is the credential. The checks, in AWS's order: the role ARN
 * ("Request ARN is invalid", E05), the token's issuer against the IAM OIDC providers of the role's
 * account (E06), the issuer's keys over HTTPS — trusted by the system CAs or a thumbprint (E08) —
 * and the signature, expiry, audience (E07), then the role's trust policy with the token's claims
 * as `<issuer>:sub|aud|azp|amr` (E09).
 */
import type { OperationDef } from '../operation.js';
import { optionalNumber, requiredString } from '../iam/input-fields.js';
import { findRole, roleDuration } from './assume-role.js';
import { federatedRequest, federatedTrustAllows, issueFederatedSession, notAuthorized } from './federated-trust.js';
import { sessionPolicies } from './session-inputs.js';
import { verifyWebIdentityToken, type VerifiedWebIdentity } from './web-identity-token.js';

/** Read by both federation operations; kept in federated-trust.ts. */
export { federatedRoleReference } from './federated-trust.js';

const ACTION = 'sts:AssumeRoleWithWebIdentity';


/** The condition keys a verified token gives, in the trust policy and in the session. */
export function webIdentityKeys(v: VerifiedWebIdentity): Record<string, string | readonly string[]> {
  const p = v.keyPrefix;
  const keys: Record<string, string | readonly string[]> = {
    [`${p}:sub`]: v.subject,
    [`${p}:aud`]: v.audience,
  };
  if (v.authorizedParty !== undefined) {
    keys[`${p}:azp`] = v.authorizedParty;
    keys[`${p}:oaud`] = v.audiences.length === 1 ? v.audiences[0]! : v.audiences;
  }
  if (v.amr !== undefined) keys[`${p}:amr`] = v.amr;
  return keys;
}

export const assumeRoleWithWebIdentity: OperationDef = {
  name: 'AssumeRoleWithWebIdentity',
  readOnly: true,
  unsigned: true,
  // Unsigned: the handler decides alone (the endpoint calls no authorize for it).
  authorize: () => [],
  async handler(input, ctx) {
    const { federation, roleArn, ref } = federatedRequest(input, ctx);
    const sessionName = requiredString(input, 'RoleSessionName');
    const policies = sessionPolicies(input);
    const verified = await verifyWebIdentityToken(requiredString(input, 'WebIdentityToken'), ref.accountId, ctx.store.read, federation.issuerKeys, ctx.now);
    const providerArn = verified.provider.Arn;
    const claimKeys = webIdentityKeys(verified);
    const role = await findRole(ctx, ref);
    const trustKeys = { ...claimKeys, 'aws:FederatedProvider': providerArn, 'sts:RoleSessionName': sessionName };
    if (!federatedTrustAllows(federation, role, roleArn, providerArn, ACTION, trustKeys) || role === undefined) throw notAuthorized(ACTION);

    const duration = roleDuration(optionalNumber(input, 'DurationSeconds'), role, false);
    const session = issueFederatedSession(ctx, role, sessionName, duration, policies, { provider: providerArn, kind: 'web', keys: claimKeys });
    return {
      Credentials: session.Credentials,
      SubjectFromWebIdentityToken: verified.subject,
      AssumedRoleUser: session.AssumedRoleUser,
      ...(session.PackedPolicySize !== undefined ? { PackedPolicySize: session.PackedPolicySize } : {}),
      // For an IAM OIDC provider AWS reports the provider's ARN (as answers to IRSA calls show).
      Provider: providerArn,
      Audience: verified.audience,
    };
  },
};
