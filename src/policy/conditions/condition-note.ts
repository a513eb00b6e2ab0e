/**
 * The one-sentence explanations of conditions, e.g.
 * `aws:SourceIp 203.0.113.9 is not in any of 192.0.2.0/24, 198.51.100.0/24` or
 * `aws:MultiFactorAuthPresent is not in the request`. Deterministic: values appear in the order of
 * the request and of the policy.
 */
import type { ConditionNote } from '../types.js';
import type { Relation } from './family.js';
import type { SetQualifier } from './operator-name.js';

/** What a comparing condition saw in one request. */
export interface CompareFacts {
  readonly operator: string;
  readonly key: string;
  readonly relation: Relation;
  readonly negated: boolean;
  readonly setQualifier: SetQualifier | undefined;
  /** The policy's values after policy-variable substitution (unresolvable ones left out). */
  readonly policyValues: readonly string[];
  /** The request's values; undefined when the request has no such key. */
  readonly requestValues: readonly string[] | undefined;
  /** Per request value: whether the operator's positive relation holds with some policy value. */
  readonly holds: readonly boolean[];
  readonly matched: boolean;
}

export function compareNote(f: CompareFacts): ConditionNote {
  return {
    operator: f.operator,
    key: f.key,
    policyValues: f.policyValues,
    requestValues: f.requestValues,
    matched: f.matched,
    why: compareWhy(f),
  };
}

export function nullNote(
  operator: string,
  key: string,
  policyValues: readonly string[],
  requestValues: readonly string[] | undefined,
  matched: boolean,
): ConditionNote {
  const wanted = `(Null: ${list(policyValues)})`;
  let why: string;
  if (requestValues === undefined) why = `${key} is not in the request ${wanted}`;
  else if (requestValues.length === 0) why = `${key} has no values in the request ${wanted}`;
  else why = `${key} is in the request with ${list(requestValues)} ${wanted}`;
  return { operator, key, policyValues, requestValues, matched, why };
}

function compareWhy(f: CompareFacts): string {
  const values = f.requestValues;
  if (values === undefined) return `${f.key} is not in the request`;
  if (values.length === 0) return `${f.key} has no values in the request`;
  const { holds, fails } = f.relation;
  const policy = f.policyValues;
  const holding = (v: string): string => `${show(v)} ${holds} ${oneOf(policy)}`;
  const failing = (v: string): string => `${show(v)} ${fails} ${anyOf(policy)}`;
  if (f.setQualifier === undefined && values.length === 1) {
    const v = values[0]!;
    return `${f.key} ${f.holds[0] === true ? holding(v) : failing(v)}`;
  }
  // ForAllValues: asks that every value holds; ForAnyValue with a negated operator: that not every
  // value holds. The others ask whether some value holds.
  const aboutEvery =
    (f.setQualifier === 'ForAllValues' && !f.negated) || (f.setQualifier === 'ForAnyValue' && f.negated);
  let clause: string;
  if (aboutEvery) {
    const k = f.holds.indexOf(false);
    clause = k < 0 ? `every value ${holds} ${oneOf(policy)}` : failing(values[k]!);
  } else {
    const k = f.holds.indexOf(true);
    clause = k < 0 ? `no value ${holds} ${anyOf(policy)}` : holding(values[k]!);
  }
  return `${f.key} ${list(values)}: ${clause}`;
}

function show(value: string): string {
  return value === '' ? '""' : value;
}

function list(values: readonly string[]): string {
  return values.length === 0 ? '(no values)' : values.map(show).join(', ');
}

function oneOf(values: readonly string[]): string {
  return values.length > 1 ? `one of ${list(values)}` : list(values);
}

function anyOf(values: readonly string[]): string {
  return values.length > 1 ? `any of ${list(values)}` : list(values);
}
