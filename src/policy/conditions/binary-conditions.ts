/**
 * `BinaryEquals` (reference_policies_elements_condition_operators.md, "Binary condition operators"):
 * compares the key's value byte for byte with the base-64 encoded value in the policy. Request
 * values of binary keys are base-64 text too; both sides are compared as the bytes they encode.
 * Policy variables are not allowed. A policy value that is not base-64 matches nothing (whether
 * IAM rejects such a document is not documented).
 */
import type { CompareOperator } from './family.js';
import { fixedValue, unmatchable } from './family.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The canonical base-64 text of the bytes a value encodes; undefined when it is not base-64. */
export function canonicalBase64(text: string): string | undefined {
  if (!BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64').toString('base64');
}

export const BINARY_EQUALS: CompareOperator = {
  kind: 'compare',
  family: 'Binary',
  negated: false,
  variables: false,
  relation: { holds: 'equals', fails: 'does not equal' },
  compile: (t) => {
    const policy = canonicalBase64(t.text);
    if (policy === undefined) return unmatchable(t.text);
    // The common case, a canonical request value, is compared without decoding.
    return fixedValue(t.text, (v) => v === policy || canonicalBase64(v) === policy);
  },
};
