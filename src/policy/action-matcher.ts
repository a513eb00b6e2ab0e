import type { StringMatcher } from './compiled.js';
import { compileWildcard, hasWildcard } from './wildcard.js';

/**
 * Compiles the values of an Action / NotAction element into one matcher over lowercased actions.
 * Actions match case-insensitively (reference_policies_elements_action.md); exact names go into a
 * set, wildcard patterns into a short list.
 */
export function compileActionMatcher(actions: readonly string[]): StringMatcher {
  const exact = new Set<string>();
  const patterns: StringMatcher[] = [];
  for (const action of actions) {
    const lower = action.toLowerCase();
    if (lower === '*') return () => true;
    if (hasWildcard(lower)) patterns.push(compileWildcard(lower, false));
    else exact.add(lower);
  }
  if (patterns.length === 0) {
    if (exact.size === 1) {
      const [only] = exact;
      return (a) => a === only;
    }
    return (a) => exact.has(a);
  }
  return (a) => {
    if (exact.has(a)) return true;
    for (const p of patterns) if (p(a)) return true;
    return false;
  };
}

/** The service prefix of an action (`s3` of `s3:GetObject`), lowercased; `*` when it has none. */
export function servicePrefix(actionLower: string): string {
  const colon = actionLower.indexOf(':');
  return colon < 0 ? '*' : actionLower.slice(0, colon);
}
