/**
 * The `Null` condition operator (reference_policies_elements_condition_operators.md, "Condition
 * operator to check existence of condition keys"): `true` holds when the key is absent (for a
 * multivalued key, when its set of values is empty: the set operators' "null data set"), `false`
 * when it is present. Values are read case-insensitively; any other value matches nothing. Policy
 * variables are not allowed. Set qualifiers change nothing: the test is on the key, not its values.
 */
import { parseBool } from './bool-conditions.js';
import type { ExistenceOperator } from './family.js';

export const NULL: ExistenceOperator = { kind: 'existence', family: 'Null', negated: false, variables: false };

/** Whether any of the policy's values holds for a key that is (or is not) in the request. */
export function compileNull(values: readonly string[]): (present: boolean) => boolean {
  let whenAbsent = false;
  let whenPresent = false;
  for (const value of values) {
    const wanted = parseBool(value);
    if (wanted === true) whenAbsent = true;
    else if (wanted === false) whenPresent = true;
  }
  return (present) => (present ? whenPresent : whenAbsent);
}
