/**
 * What every condition-operator family provides to the table in `registry.ts`: how to compile one
 * policy value, how to compare one request value with it, and the words that explain the result.
 */
import type { RequestView } from '../request-view.js';
import type { Template } from '../variables.js';

/** One policy value of a condition, compiled once. */
export interface PolicyValue {
  /** The value as written in the policy. */
  readonly text: string;
  /**
   * Whether one request value stands in the operator's positive relation to this value (equals,
   * matches, is less than, is in...). Negated operators negate the result over all values. A value
   * that cannot be read (a malformed number, a variable with no value) matches nothing.
   */
  readonly matches: (requestValue: string, view: RequestView) => boolean;
  /** The value compared in this request, variables resolved; undefined when a variable has no value. */
  readonly resolved: (view: RequestView) => string | undefined;
}

/** The words for an operator's positive relation, e.g. `equals` / `does not equal`. */
export interface Relation {
  readonly holds: string;
  readonly fails: string;
}

export type FamilyName = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** An operator that compares request values with policy values. */
export interface CompareOperator {
  readonly kind: 'compare';
  readonly family: FamilyName;
  /** `...Not...` operators: true when the request value matches none of the policy's values. */
  readonly negated: boolean;
  /** Whether policy variables in the values are resolved (reference_policies_variables.md). */
  readonly variables: boolean;
  readonly relation: Relation;
  /** Compiles one policy value (a literal template when variables do not apply). */
  readonly compile: (value: Template) => PolicyValue;
  /** IAM's MalformedPolicyDocument reason for a value it rejects; undefined when acceptable. */
  readonly valueError?: (value: string) => string | undefined;
}

/** `Null`: tests whether the key is in the request, not its values. */
export interface ExistenceOperator {
  readonly kind: 'existence';
  readonly family: 'Null';
  readonly negated: false;
  readonly variables: false;
}

export type OperatorDefinition = CompareOperator | ExistenceOperator;

/** The same operator, negated: `StringNotEquals` from `StringEquals`. */
export function negated(op: CompareOperator): CompareOperator {
  return { ...op, negated: true };
}

/** A policy value that never matches (it cannot be read as the operator's type). */
export function unmatchable(text: string): PolicyValue {
  return { text, matches: () => false, resolved: () => text };
}

/** A policy value without variables, compared with a fixed predicate. */
export function fixedValue(text: string, matches: (requestValue: string) => boolean): PolicyValue {
  return { text, matches, resolved: () => text };
}
