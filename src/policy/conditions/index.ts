/**
 * Condition operators: compile one operator × key pair of a Condition block into a test the
 * evaluator runs per request, and IAM's verdict on the operator and values of one.
 *
 * Semantics (reference_policies_elements_condition_operators.md and
 * reference_policies_multi-value-conditions.md):
 * - The policy's values are ORed: a request value matches when it matches any of them. Negated
 *   operators (`StringNotEquals`, `NotIpAddress`...) hold when the request value matches none.
 * - A key that is not in the request: positive operators are false, negated ones true;
 *   `...IfExists` makes either true. A multivalued key with no values counts as not present.
 * - Without a set qualifier, a key with several values (the guide says to use a qualifier with
 *   them and does not say what happens without one) matches a positive operator when any of its
 *   values does; a negated operator is the negation of that.
 * - `ForAllValues:` holds when every request value satisfies the operator, and also when the key
 *   is missing or has no values. `ForAnyValue:` holds when at least one does; a missing key or no
 *   values is false (true with `IfExists`). With a negated operator "satisfies" is per value:
 *   `ForAllValues:StringNotEquals` holds when no request value equals a policy value,
 *   `ForAnyValue:StringNotEquals` when some request value equals none of them.
 * - Key names match case-insensitively, tag keys included.
 */
import type { RequestView } from '../request-view.js';
import type { ConditionNote, ContextValue, NormalizedCondition, PolicyVersion } from '../types.js';
import type { CompiledCondition } from '../compiled.js';
import { literalTemplate, parseTemplate, supportsVariables } from '../variables.js';
import { compareNote, nullNote } from './condition-note.js';
import type { CompareOperator, ExistenceOperator, PolicyValue } from './family.js';
import { SYNTAX_ERRORS } from './malformed-reasons.js';
import { compileNull } from './null-condition.js';
import { parseOperatorName, type BaseOperator, type OperatorName } from './operator-name.js';
import { OPERATORS } from './registry.js';

/**
 * IAM's MalformedPolicyDocument reason for one condition, or undefined when IAM accepts it:
 * an operator IAM does not know gives `Syntax errors in policy.`, a Date value it cannot read
 * `The policy failed legacy parsing`.
 */
export function conditionError(c: NormalizedCondition): string | undefined {
  const name = parseOperatorName(c.operator);
  if (name === undefined) return SYNTAX_ERRORS;
  const op = OPERATORS[name.base as BaseOperator];
  if (op.kind === 'compare' && op.valueError !== undefined) {
    for (const value of c.values) {
      const error = op.valueError(value);
      if (error !== undefined) return error;
    }
  }
  return undefined;
}

/**
 * Compiles one condition of a policy with the given Version (policy variables are resolved only
 * under `2012-10-17`). Every value is parsed here, once. Throws when `conditionError` would
 * report the operator; validated documents never do.
 */
export function compileCondition(c: NormalizedCondition, version: PolicyVersion | undefined): CompiledCondition {
  const name = parseOperatorName(c.operator);
  if (name === undefined) throw new Error(`${SYNTAX_ERRORS} Unknown condition operator ${c.operator}`);
  const op = OPERATORS[name.base as BaseOperator];
  const keyLower = c.key.toLowerCase();
  const test =
    op.kind === 'existence' ? nullTest(c, keyLower, op) : compareTest(c, keyLower, name, op, supportsVariables(version));
  return {
    operator: c.operator,
    baseOperator: name.base,
    setQualifier: name.setQualifier,
    ifExists: name.ifExists,
    key: c.key,
    keyLower,
    values: c.values,
    test,
  };
}

type Test = CompiledCondition['test'];

function isEmpty(raw: ContextValue | undefined): boolean {
  return raw === undefined || (typeof raw !== 'string' && raw.length === 0);
}

function asList(raw: ContextValue | undefined): readonly string[] | undefined {
  return raw === undefined ? undefined : typeof raw === 'string' ? [raw] : raw;
}

function nullTest(c: NormalizedCondition, keyLower: string, _op: ExistenceOperator): Test {
  const holds = compileNull(c.values);
  return (view, notes) => {
    const raw = view.get(keyLower);
    const matched = holds(!isEmpty(raw));
    if (notes !== undefined) notes.push(nullNote(c.operator, c.key, c.values, asList(raw), matched));
    return matched;
  };
}

function compareTest(
  c: NormalizedCondition,
  keyLower: string,
  name: OperatorName,
  op: CompareOperator,
  versionHasVariables: boolean,
): Test {
  const variables = op.variables && versionHasVariables;
  const policy: readonly PolicyValue[] = c.values.map((v) => op.compile(variables ? parseTemplate(v) : literalTemplate(v)));
  const count = policy.length;
  const negatedOp = op.negated;
  const ifExists = name.ifExists;

  /** The operator's positive relation between one request value and any policy value. */
  const holds = (value: string, view: RequestView): boolean => {
    for (let k = 0; k < count; k++) if (policy[k]!.matches(value, view)) return true;
    return false;
  };

  let decide: (raw: ContextValue | undefined, view: RequestView) => boolean;
  switch (name.setQualifier) {
    case undefined:
      decide = (raw, view) => {
        if (raw === undefined || (typeof raw !== 'string' && raw.length === 0)) return ifExists || negatedOp;
        let some: boolean;
        if (typeof raw === 'string') some = holds(raw, view);
        else {
          some = false;
          for (let i = 0; i < raw.length && !some; i++) some = holds(raw[i]!, view);
        }
        return some !== negatedOp;
      };
      break;
    case 'ForAllValues':
      decide = (raw, view) => {
        if (raw === undefined) return true;
        if (typeof raw === 'string') return holds(raw, view) !== negatedOp;
        for (let i = 0; i < raw.length; i++) if (holds(raw[i]!, view) === negatedOp) return false;
        return true;
      };
      break;
    case 'ForAnyValue':
      decide = (raw, view) => {
        if (raw === undefined || (typeof raw !== 'string' && raw.length === 0)) return ifExists;
        if (typeof raw === 'string') return holds(raw, view) !== negatedOp;
        for (let i = 0; i < raw.length; i++) if (holds(raw[i]!, view) !== negatedOp) return true;
        return false;
      };
      break;
  }

  return (view: RequestView, notes?: ConditionNote[]): boolean => {
    const raw = view.get(keyLower);
    const matched = decide(raw, view);
    if (notes !== undefined) {
      const requestValues = asList(raw);
      const policyValues: string[] = [];
      for (const p of policy) {
        const resolved = p.resolved(view);
        if (resolved !== undefined) policyValues.push(resolved);
      }
      notes.push(
        compareNote({
          operator: c.operator,
          key: c.key,
          relation: op.relation,
          negated: negatedOp,
          setQualifier: name.setQualifier,
          policyValues,
          requestValues,
          holds: (requestValues ?? []).map((v) => holds(v, view)),
          matched,
        }),
      );
    }
    return matched;
  };
}
