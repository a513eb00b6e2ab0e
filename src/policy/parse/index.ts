/** Policy document validation: IAM's rules and reasons, and the normalised document. */
export { validatePolicy, type PolicyCheck, type ValidateOptions, type ValidationResult } from './validate-policy.js';
export {
  REASONS,
  REASON_FORMATS,
  ORGANIZATIONS_MESSAGES,
  SIZE_MESSAGES,
  type PolicyErrorCode,
  type PolicyValidationError,
} from './policy-errors.js';
export {
  policySize,
  sizeProblem,
  MANAGED_POLICY_MAX,
  TRUST_POLICY_DEFAULT_MAX,
  INLINE_POLICY_MAX,
  ORGANIZATIONS_POLICY_MAX,
  SESSION_POLICY_MAX,
  type InlineEntity,
  type SizeContext,
} from './policy-size.js';
export { invalidPrincipalMessage, type PrincipalType } from './principal-element.js';
export { TRUST_POLICY_ACTIONS } from './action-element.js';
export { parseStrictJson } from './strict-json.js';
