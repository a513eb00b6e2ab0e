/**
 * Date condition operators (reference_policies_elements_condition_operators.md, "Date condition
 * operators"): ISO 8601 dates or epoch seconds on both sides (see `date-value.ts`). Wildcards and
 * policy variables are not permitted. IAM rejects a document whose Date value it cannot read.
 */
import { parseDate } from './date-value.js';
import type { CompareOperator, Relation } from './family.js';
import { fixedValue } from './family.js';
import { FAILED_LEGACY_PARSING } from './malformed-reasons.js';

function date(relation: Relation, holds: (request: number, policy: number) => boolean): CompareOperator {
  return {
    kind: 'compare',
    family: 'Date',
    negated: false,
    variables: false,
    relation,
    compile: (t) => {
      const policy = parseDate(t.text);
      return fixedValue(t.text, (v) => {
        if (policy === undefined) return false;
        const request = parseDate(v);
        return request !== undefined && holds(request, policy);
      });
    },
    valueError: (value) => (parseDate(value) === undefined ? FAILED_LEGACY_PARSING : undefined),
  };
}

export const DATE_EQUALS = date({ holds: 'is the same time as', fails: 'is not the same time as' }, (r, p) => r === p);
export const DATE_LESS_THAN = date({ holds: 'is before', fails: 'is not before' }, (r, p) => r < p);
export const DATE_LESS_THAN_EQUALS = date({ holds: 'is at or before', fails: 'is not at or before' }, (r, p) => r <= p);
export const DATE_GREATER_THAN = date({ holds: 'is after', fails: 'is not after' }, (r, p) => r > p);
export const DATE_GREATER_THAN_EQUALS = date({ holds: 'is at or after', fails: 'is not at or after' }, (r, p) => r >= p);
