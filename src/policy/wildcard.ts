import type { StringMatcher } from './compiled.js';

/**
 * Compiles an IAM wildcard pattern (`*` any run of characters, `?` any one character) into a
 * matcher. Plain strings become an equality test and `prefix*` a prefix test, so that the common
 * patterns never reach a regular expression.
 */
export function compileWildcard(pattern: string, ignoreCase: boolean): StringMatcher {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  if (p === '*') return () => true;
  const star = p.indexOf('*');
  const question = p.indexOf('?');
  if (star < 0 && question < 0) {
    return ignoreCase ? (v) => v.toLowerCase() === p : (v) => v === p;
  }
  if (question < 0 && star === p.length - 1) {
    const prefix = p.slice(0, -1);
    return ignoreCase ? (v) => hasPrefix(v.toLowerCase(), prefix) : (v) => hasPrefix(v, prefix);
  }
  const re = wildcardRegExp(p, ignoreCase);
  return (v) => re.test(v);
}

/** The regular expression equivalent of a wildcard pattern, anchored at both ends. */
export function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  let source = '^';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(source + '$', ignoreCase ? 'is' : 's');
}

/** Whether a pattern contains a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Whether `value` starts with `prefix`. Compares from the prefix's end backwards: patterns that
 * share a long head (`arn:aws:s3:::bucket-…`) differ near their end, so a mismatch is found after
 * a character or two. Measured several times faster than `String.prototype.startsWith` here.
 */
export function hasPrefix(value: string, prefix: string): boolean {
  const n = prefix.length;
  if (value.length < n) return false;
  for (let i = n - 1; i >= 0; i--) if (value.charCodeAt(i) !== prefix.charCodeAt(i)) return false;
  return true;
}
