/**
 * String condition operators (reference_policies_elements_condition_operators.md, "String condition
 * operators"): `StringEquals` (case-sensitive), `StringEqualsIgnoreCase`, `StringLike` (case-sensitive,
 * `*` and `?` wildcards anywhere). Their negations are made in `registry.ts`. Policy variables are
 * allowed in their values.
 */
import { resolveTemplate, type Template } from '../variables.js';
import type { CompareOperator, PolicyValue } from './family.js';
import { EXACT, fixedText, hasWildcards, LIKE, matchTemplate } from './template-match.js';

/** Compares with the text exactly; case-sensitive. */
function compileEquals(t: Template): PolicyValue {
  if (!t.needsRequest) {
    const text = fixedText(t);
    return { text: t.text, matches: (v) => v === text, resolved: () => text };
  }
  return { text: t.text, matches: (v, view) => matchTemplate(t, view, v, EXACT), resolved: (view) => resolveTemplate(t, view) };
}

function compileEqualsIgnoreCase(t: Template): PolicyValue {
  if (!t.needsRequest) {
    const text = fixedText(t);
    return { text: t.text, matches: (v) => equalsIgnoreCase(v, text), resolved: () => text };
  }
  return {
    text: t.text,
    matches: (v, view) => {
      const text = resolveTemplate(t, view);
      return text !== undefined && equalsIgnoreCase(v, text);
    },
    resolved: (view) => resolveTemplate(t, view),
  };
}

function compileLike(t: Template): PolicyValue {
  if (!hasWildcards(t)) return compileEquals(t);
  const text = t.needsRequest ? undefined : fixedText(t);
  return {
    text: t.text,
    matches: (v, view) => matchTemplate(t, view, v, LIKE),
    resolved: (view) => text ?? resolveTemplate(t, view),
  };
}

/**
 * Case-insensitive equality. ASCII letters are folded in place; a string with other characters is
 * compared through `toLowerCase`. (Which case folding IAM applies beyond ASCII is not documented.)
 */
export function equalsIgnoreCase(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    let ascii = true;
    for (let i = 0; i < a.length; i++) {
      const x = a.charCodeAt(i);
      const y = b.charCodeAt(i);
      if (x > 0x7f || y > 0x7f) {
        ascii = false;
        break;
      }
      if (x !== y && (x | 0x20) !== (y | 0x20)) return false;
      if (x !== y && !isAsciiLetter(x)) return false;
    }
    if (ascii) return true;
  }
  return a.toLowerCase() === b.toLowerCase();
}

function isAsciiLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

export const STRING_EQUALS: CompareOperator = {
  kind: 'compare',
  family: 'String',
  negated: false,
  variables: true,
  relation: { holds: 'equals', fails: 'does not equal' },
  compile: compileEquals,
};

export const STRING_EQUALS_IGNORE_CASE: CompareOperator = {
  kind: 'compare',
  family: 'String',
  negated: false,
  variables: true,
  relation: { holds: 'equals (ignoring case)', fails: 'does not equal (ignoring case)' },
  compile: compileEqualsIgnoreCase,
};

export const STRING_LIKE: CompareOperator = {
  kind: 'compare',
  family: 'String',
  negated: false,
  variables: true,
  relation: { holds: 'matches', fails: 'does not match' },
  compile: compileLike,
};
