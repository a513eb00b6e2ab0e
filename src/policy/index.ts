/**
 * The policy engine's entry point: parse and compile documents, decide requests, explain
 * decisions. Pure: no I/O, no clock.
 */
import type { Json, ParseResult, PolicyKind } from './types.js';
import { validatePolicy } from './parse/index.js';
import { compilePolicy } from './compile.js';

export type * from './types.js';
export { evaluate } from './evaluate.js';
export { explain, explainBrief, refName } from './explain.js';
export { accessDeniedMessage } from './access-denied-message.js';
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

/**
 * Validates a policy document of one kind with IAM's rules and compiles it. `id` names the policy
 * in reasons and messages (a managed policy ARN, `user/alice inline policy S3Access`, ...).
 */
export function parsePolicy(document: string | Json, kind: PolicyKind, id: string): ParseResult {
  const validated = validatePolicy(document, kind);
  if (!validated.ok) return validated;
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  return { ok: true, policy: compilePolicy(validated.policy, { kind, id }, text) };
}
