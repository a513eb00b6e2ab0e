/**
 * ARN condition operators (reference_policies_elements_condition_operators.md, "Amazon Resource Name
 * (ARN) condition operators"): case-sensitive; each of the six colon-delimited components is checked
 * separately and each may hold `*` and `?` wildcards. "The ArnEquals and ArnLike condition operators
 * behave identically", and so do their negations. Policy variables are allowed; they are resolved
 * before the ARN is split, so a variable may stand for a whole ARN (`${aws:PrincipalArn}`).
 */
import { resolveTemplate } from '../variables.js';
import type { CompareOperator } from './family.js';
import { ARN_LIKE, matchTemplate } from './template-match.js';

export const ARN_LIKE_OPERATOR: CompareOperator = {
  kind: 'compare',
  family: 'Arn',
  negated: false,
  variables: true,
  relation: { holds: 'matches', fails: 'does not match' },
  compile: (t) => ({
    text: t.text,
    matches: (v, view) => matchTemplate(t, view, v, ARN_LIKE),
    resolved: (view) => resolveTemplate(t, view),
  }),
};
