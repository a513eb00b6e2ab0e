/**
 * Numeric condition operators (reference_policies_elements_condition_operators.md, "Numeric condition
 * operators"): integers and decimals. A request value that is not a number matches nothing; so
 * does a policy value that is not one. Policy variables are not allowed ("You can not use a policy
 * variable with the Numeric condition operator"), so `${...}` is literal text here.
 *
 * Whether IAM rejects a document whose Numeric value is not a number is not documented; such a
 * document is accepted and the value matches nothing.
 */
import type { CompareOperator, Relation } from './family.js';
import { fixedValue, unmatchable } from './family.js';

/** An optionally signed decimal: `10`, `-3`, `0.5`, `.5`, `2.`. Exponents are not documented. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The number a condition value stands for; undefined when it is not one. */
export function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

function numeric(relation: Relation, holds: (request: number, policy: number) => boolean): CompareOperator {
  return {
    kind: 'compare',
    family: 'Numeric',
    negated: false,
    variables: false,
    relation,
    compile: (t) => {
      const policy = parseNumber(t.text);
      if (policy === undefined) return unmatchable(t.text);
      return fixedValue(t.text, (v) => {
        const request = parseNumber(v);
        return request !== undefined && holds(request, policy);
      });
    },
  };
}

export const NUMERIC_EQUALS = numeric({ holds: 'equals', fails: 'does not equal' }, (r, p) => r === p);
export const NUMERIC_LESS_THAN = numeric({ holds: 'is less than', fails: 'is not less than' }, (r, p) => r < p);
export const NUMERIC_LESS_THAN_EQUALS = numeric(
  { holds: 'is less than or equal to', fails: 'is not less than or equal to' },
  (r, p) => r <= p,
);
export const NUMERIC_GREATER_THAN = numeric({ holds: 'is greater than', fails: 'is not greater than' }, (r, p) => r > p);
export const NUMERIC_GREATER_THAN_EQUALS = numeric(
  { holds: 'is greater than or equal to', fails: 'is not greater than or equal to' },
  (r, p) => r >= p,
);
