/**
 * The Boolean condition operator `Bool` (reference_policies_elements_condition_operators.md, "Boolean
 * condition operators"): `true` / `false`, case-insensitive on both sides; any other value matches
 * nothing.
 *
 * Policy variables: the operators page says "You can use a policy variable with the Boolean
 * condition operator", while reference_policies_variables.md lists Boolean among the operators
 * that cannot take one. The operators page, which is about this operator, is followed.
 */
import { resolveTemplate } from '../variables.js';
import type { CompareOperator } from './family.js';
import { unmatchable } from './family.js';
import { fixedText } from './template-match.js';

const TRUE = /^true$/i;
const FALSE = /^false$/i;

/** The boolean a condition value stands for; undefined when it is neither `true` nor `false`. */
export function parseBool(text: string): boolean | undefined {
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  return undefined;
}

export const BOOL: CompareOperator = {
  kind: 'compare',
  family: 'Bool',
  negated: false,
  variables: true,
  relation: { holds: 'is', fails: 'is not' },
  compile: (t) => {
    if (!t.needsRequest) {
      const text = fixedText(t);
      const policy = parseBool(text);
      if (policy === undefined) return unmatchable(text);
      return { text: t.text, matches: (v) => parseBool(v) === policy, resolved: () => text };
    }
    return {
      text: t.text,
      matches: (v, view) => {
        const text = resolveTemplate(t, view);
        const policy = text === undefined ? undefined : parseBool(text);
        return policy !== undefined && parseBool(v) === policy;
      },
      resolved: (view) => resolveTemplate(t, view),
    };
  },
};
