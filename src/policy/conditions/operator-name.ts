/**
 * Condition operator names: `[ForAllValues:|ForAnyValue:]<Base>[IfExists]`. The qualifiers are
 * parsed once here; the base operators are the table in `registry.ts`.
 */

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface OperatorName {
  readonly setQualifier: SetQualifier | undefined;
  readonly base: string;
  readonly ifExists: boolean;
}

/** Every base operator IAM knows, as IAM spells them. */
export const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnNotEquals',
  'ArnLike',
  'ArnNotLike',
  'Null',
] as const;

export type BaseOperator = (typeof BASE_OPERATORS)[number];

const BY_LOWER = new Map<string, BaseOperator>(BASE_OPERATORS.map((op) => [op.toLowerCase(), op]));

/**
 * Splits an operator into its qualifiers and base; undefined when the base is not an operator IAM
 * knows. Operator names match case-insensitively, as IAM accepts them. `Null` takes no `IfExists`.
 */
export function parseOperatorName(operator: string): OperatorName | undefined {
  let rest = operator;
  let setQualifier: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'forallvalues') setQualifier = 'ForAllValues';
    else if (q === 'foranyvalue') setQualifier = 'ForAnyValue';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  if (base === undefined) return undefined;
  if (base === 'Null' && ifExists) return undefined;
  return { setQualifier, base, ifExists };
}
