/**
 * AssumeRoleWithSAML: a role session for a user of a SAML 2.0 identity provider, on the strength of
 * a SAML response the IdP signed (id_roles_providers_saml.md, id_roles_providers_create_saml_assertions.md).
 * Unsigned: the assertion is the credential. The provider (PrincipalArn) must exist in the role's
 * account; the signature must verify under its metadata's signing certificates; the assertion must
 * be for AWS (Recipient, Audience), current, from the provider's entity ID, list the role and
 * provider pair in its Role attribute and name the session; then the role's trust policy decides,
 * with the `saml:` condition keys.
 */
import { AwsError } from '../../aws/aws-error.js';
import type { OperationDef } from '../operation.js';
import { optionalNumber, requiredString } from '../iam/input-fields.js';
import { samlProviderTrust } from '../iam/saml-provider-lookup.js';
import { findRole, roleDuration } from './assume-role.js';
import { federatedRequest, federatedTrustAllows, issueFederatedSession, notAuthorized } from './federated-trust.js';
import { nameQualifier, ROLE_ATTRIBUTE, SAML_MESSAGES, SESSION_DURATION_ATTRIBUTE, SESSION_NAME_ATTRIBUTE, verifySamlResponse } from './saml-assertion.js';
import { sessionPolicies } from './session-inputs.js';

const ACTION = 'sts:AssumeRoleWithSAML';
const SESSION_NAME = /^[a-zA-Z_0-9+=,.@-]{2,64}$/;

/** Whether the Role attribute lists this role with this provider (`role,provider` in either order). */
function listsRole(values: readonly string[], roleArn: string, providerArn: string): boolean {
  return values.some((v) => {
    const parts = v.split(',').map((p) => p.trim());
    return parts.length === 2 && parts.includes(roleArn) && parts.includes(providerArn);
  });
}

export const assumeRoleWithSaml: OperationDef = {
  name: 'AssumeRoleWithSAML',
  readOnly: true,
  unsigned: true,
  authorize: () => [],
  async handler(input, ctx) {
    const { federation, roleArn, ref } = federatedRequest(input, ctx);
    const providerArn = requiredString(input, 'PrincipalArn');
    const policies = sessionPolicies(input);
    const trust = await samlProviderTrust(ctx.store.read, ref.accountId, providerArn);
    if (trust === undefined) throw new AwsError('InvalidIdentityToken', SAML_MESSAGES.noProvider, 400);
    const assertion = await verifySamlResponse(requiredString(input, 'SAMLAssertion'), trust, ctx.now);

    const sessionNames = assertion.attributes.get(SESSION_NAME_ATTRIBUTE) ?? [];
    const sessionName = sessionNames[0];
    if (sessionName === undefined) throw new AwsError('InvalidIdentityToken', SAML_MESSAGES.sessionNameMissing, 400);
    if (!SESSION_NAME.test(sessionName)) throw new AwsError('InvalidIdentityToken', SAML_MESSAGES.sessionNameInvalid, 400);

    const providerName = providerArn.slice(providerArn.indexOf('saml-provider/') + 'saml-provider/'.length);
    const qualifier = nameQualifier(assertion.issuer, ref.accountId, providerName);
    const samlKeys: Record<string, string | readonly string[]> = {
      'saml:aud': assertion.recipient,
      'saml:iss': assertion.issuer,
      'saml:sub': assertion.subject,
      'saml:sub_type': assertion.subjectType,
      'saml:namequalifier': qualifier,
      'saml:doc': `${ref.accountId}/${providerName}`,
    };
    const role = await findRole(ctx, ref);
    const listed = listsRole(assertion.attributes.get(ROLE_ATTRIBUTE) ?? [], roleArn, providerArn);
    const trustKeys = { ...samlKeys, 'aws:FederatedProvider': providerArn };
    if (!listed || role === undefined || !federatedTrustAllows(federation, role, roleArn, providerArn, ACTION, trustKeys)) throw notAuthorized(ACTION);

    // The session lasts what the request asks, else the assertion's SessionDuration, else an hour.
    const fromAssertion = Number(assertion.attributes.get(SESSION_DURATION_ATTRIBUTE)?.[0]);
    const requested = optionalNumber(input, 'DurationSeconds') ?? (Number.isInteger(fromAssertion) && fromAssertion >= 900 ? Math.min(fromAssertion, role.MaxSessionDuration) : undefined);
    const duration = roleDuration(requested, role, false);
    return {
      ...issueFederatedSession(ctx, role, sessionName, duration, policies, { provider: providerArn, kind: 'saml', keys: samlKeys }),
      Subject: assertion.subject,
      SubjectType: assertion.subjectType,
      Issuer: assertion.issuer,
      Audience: assertion.recipient,
      NameQualifier: qualifier,
    };
  },
};
