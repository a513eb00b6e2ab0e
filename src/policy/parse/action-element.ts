/**
 * Action and NotAction values: `service:ActionName`, wildcards allowed, or `*` (reference_policies_
 * elements_action.md, grammar notes on `action_string`). The checks and their order follow IAM's
 * recorded answers.
 */
import { REASONS, REASON_FORMATS } from './policy-errors.js';

/** Characters IAM accepts in a service prefix (recorded: `Vendor a a is not valid`). */
const VENDOR = /^[A-Za-z0-9.-]+$/;

/** IAM's reason for refusing one action string, or undefined when it is well formed. */
export function actionProblem(action: string): string | undefined {
  if (action === '*') return undefined;
  const parts = action.split(':');
  if (parts.length === 1) return REASONS.actionNoVendor;
  if (parts.length > 2) return REASONS.actionTwoColons;
  const vendor = parts[0] ?? '';
  if (vendor !== '*' && !VENDOR.test(vendor)) return REASON_FORMATS.invalidVendor(vendor);
  return undefined;
}

/**
 * The actions a role trust policy may name (AssumeRole policy may only specify STS AssumeRole
 * actions): the AssumeRole family and the session-tagging actions evaluated against the trust
 * policy. Wildcards (`*`, `sts:*`) are refused: reports of IAM's behaviour for them disagree, and
 * refusing keeps a trust policy from granting more than these.
 */
export const TRUST_POLICY_ACTIONS: readonly string[] = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

const TRUST_LOWER = new Set(TRUST_POLICY_ACTIONS.map((a) => a.toLowerCase()));

/** Whether a trust policy may name this action (action names match case-insensitively). */
export function isTrustPolicyAction(action: string): boolean {
  return TRUST_LOWER.has(action.toLowerCase());
}
