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
  for (const policy of policies) {
    for (const key of keysOf(policy)) {
      const lower = key.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      out.push(key);
    }
  }
  return out;
}

/** Each policy's keys, in order and with repeats, found once per compiled policy. */
const perPolicy = new WeakMap<CompiledPolicy, readonly string[]>();

function keysOf(policy: CompiledPolicy): readonly string[] {
  let keys = perPolicy.get(policy);
  if (keys !== undefined) return keys;
  const out: string[] = [];
  const variablesIn = (text: string): void => {
    if (!text.includes('${')) return;
    for (const part of parseTemplate(text).parts) if (part.kind === 'variable') out.push(part.key);
  };
  const variables = supportsVariables(policy.version);
  for (const s of policy.statements) {
    if (variables) for (const r of s.resources ?? []) variablesIn(r);
    for (const c of s.conditions) {
      out.push(c.key);
      if (variables) for (const v of c.values) variablesIn(v);
    }
  }
  keys = out;
  perPolicy.set(policy, keys);
  return keys;
}
