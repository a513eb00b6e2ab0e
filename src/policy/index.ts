/**
 * The policy engine's entry point — also the `gatehouse/policy` library: parse and compile
 * documents, decide requests, explain decisions, and the helpers around them (principal ARNs,
 * policy sets from account details, context keys, statement positions). Pure: no I/O, no clock.
 */
export type * from './types.js';
export { POLICY_KINDS } from './types.js';
export { parsePolicy } from './parse-policy.js';
export { evaluate, RESOURCE_POLICY_KINDS, type ResourcePolicyKind, type StatementRecorder } from './evaluate.js';
export { decide, type DetailedDecision, type MatchedStatement } from './decide.js';
export { explain, explainBrief, refName } from './explain.js';
export { accessDeniedMessage, type MessageStyle } from './access-denied-message.js';
export { policyContextKeys } from './context-keys.js';
export { policyStatementPositions, statementPositions, type StatementSpan, type TextPosition } from './statement-positions.js';
export { classifyPrincipalArn, requestPrincipal, type PrincipalArn, type RequestPrincipalOptions } from './principal-arn.js';
export {
  policiesForPrincipal,
  PolicyAssemblyError,
  type AccountAuthorizationDetails,
  type AssembledPolicies,
  type AssembleOptions,
  type AttachedPolicyDetail,
  type BoundaryDetail,
  type DocumentValue,
  type GroupDetail,
  type InlinePolicyDetail,
  type ManagedPolicyDetail,
  type RoleDetail,
  type TagDetail,
  type UserDetail,
} from './account-policies.js';
export { isAwsManagedPolicyArn } from './aws-managed.js';
export {
  validatePolicy,
  sizeProblem,
  policySize,
  MANAGED_POLICY_MAX,
  TRUST_POLICY_DEFAULT_MAX,
  INLINE_POLICY_MAX,
  type SizeContext,
  type InlineEntity,
  type ValidationResult,
} from './parse/index.js';
