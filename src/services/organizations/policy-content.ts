/**
 * The documents Organizations accepts. SCPs and RCPs are validated by the policy engine with
 * Organizations' answers (MalformedPolicyDocumentException with its one generic message,
 * ConstraintViolationException POLICY_CONTENT_LIMIT_EXCEEDED beyond 5,120 characters). A customer
 * RCP may only deny: Allow is reserved to RCPFullAWSAccess (orgs_manage_policies_rcps_syntax.md).
 * Other policy types (tag, backup, AI opt-out, ...) are kept as data and only need to be JSON.
 */
import { AwsError } from '../../aws/aws-error.js';
import { ORGANIZATIONS_MESSAGES, parseStrictJson, validatePolicy } from '../../policy/parse/index.js';
import type { PolicyKind } from '../../policy/index.js';
import type { OrganizationPolicyType } from '../../state/records.js';

/** The engine's kind for the policy types that take part in authorization. */
export const ENGINE_KINDS: Partial<Record<OrganizationPolicyType, PolicyKind>> = {
  SERVICE_CONTROL_POLICY: 'scp',
  RESOURCE_CONTROL_POLICY: 'rcp',
};

function malformed(): AwsError {
  return new AwsError('MalformedPolicyDocumentException', ORGANIZATIONS_MESSAGES.malformed, 400, 'Sender');
}

/** Throws Organizations' error when `content` is not a valid document of the type. */
export function requireValidContent(content: string, type: OrganizationPolicyType): void {
  const kind = ENGINE_KINDS[type];
  if (kind === undefined) {
    if (!parseStrictJson(content).ok) throw malformed();
    return;
  }
  const checked = validatePolicy(content, kind, {});
  if (!checked.ok) {
    const e = checked.error;
    throw new AwsError(e.code, e.message, 400, 'Sender', e.constraint === undefined ? {} : { Reason: e.constraint });
  }
  if (kind === 'rcp' && checked.policy.statements.some((s) => s.effect === 'Allow')) throw malformed();
}
