/**
 * The context keys a set of policies refers to, as the IAM policy simulator lists them
 * (GetContextKeysForCustomPolicy / GetContextKeysForPrincipalPolicy, and the simulator's
 * MissingContextValues): every key a Condition tests, and every key a policy variable names in a
 * Resource / NotResource value or a condition value (`${aws:username}`).
 *
 * Order and spelling: in document order (policy by policy, statement by statement: resources,
 * then conditions), each key as first written; a key written again in another case is the same
 * key. The AWS CLI reference's example lists `aws:username` (from a Resource ARN) before
 * `aws:CurrentTime` (from the Condition that follows it), spelled as in the policy. Whether AWS
 * also folds keys that differ only in case is not confirmed by a recording.
 */
import type { CompiledPolicy } from './types.js';
import { parseTemplate, supportsVariables } from './variables.js';

/** The context keys the policies refer to, each once (compared case-insensitively). */
export function policyContextKeys(policies: readonly CompiledPolicy[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (key: string): void => {
    const lower = key.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    out.push(key);
  };
  const variablesIn = (text: string): void => {
    if (!text.includes('${')) return;
    for (const part of parseTemplate(text).parts) if (part.kind === 'variable') add(part.key);
  };
  for (const policy of policies) {
    const variables = supportsVariables(policy.version);
    for (const s of policy.statements) {
      if (variables) for (const r of s.resources ?? []) variablesIn(r);
      for (const c of s.conditions) {
        add(c.key);
        if (variables) for (const v of c.values) variablesIn(v);
      }
    }
  }
  return out;
}
