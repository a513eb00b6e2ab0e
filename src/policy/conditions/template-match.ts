/**
 * Matches one request value against a policy value template, without building strings: the
 * template's own text may carry `*` (any run of characters) and `?` (any one character)
 * wildcards; `${*}`, `${?}`, `${$}` and the values of variables are literal text.
 */
import type { RequestView } from '../request-view.js';
import { variableValue, type Template, type TemplatePart } from '../variables.js';

export interface MatchRules {
  /** Whether `*` and `?` in the policy's own text are wildcards (`...Like`, `Arn...`). */
  readonly wildcards: boolean;
  /**
   * ARN matching (reference_policies_elements_condition_operators.md, ARN operators): each of the
   * six colon-delimited components is matched separately, so wildcards do not match the colons
   * that separate the first five; in the resource part (after the fifth colon) they match anything.
   * A request value with fewer than six components is not an ARN and matches nothing.
   */
  readonly arn: boolean;
}

export const EXACT: MatchRules = { wildcards: false, arn: false };
export const LIKE: MatchRules = { wildcards: true, arn: false };
export const ARN_LIKE: MatchRules = { wildcards: true, arn: true };

const STAR = 0x2a;
const QUESTION = 0x3f;
const COLON = 0x3a;

/** The template's text when it refers to no request key (special characters resolved). */
export function fixedText(t: Template): string {
  let out = '';
  for (const part of t.parts) if (part.kind !== 'variable') out += part.text;
  return out;
}

/** Whether the template's own text holds a `*` or `?` (in `${*}` / `${?}` they are literal). */
export function hasWildcards(t: Template): boolean {
  for (const part of t.parts) if (part.kind === 'text' && /[*?]/.test(part.text)) return true;
  return false;
}

/** Whether `value` matches the template in this request; false when a variable has no value. */
export function matchTemplate(t: Template, view: RequestView, value: string, rules: MatchRules): boolean {
  const parts = t.parts;
  if (t.needsRequest) {
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      if (part.kind === 'variable' && variableValue(part, view) === undefined) return false;
    }
  }
  // Wildcards may match a colon only past this index: the fifth colon of an ARN.
  let limit = -1;
  if (rules.arn) {
    let colons = 0;
    for (let k = 0; k < value.length && colons < 5; k++) if (value.charCodeAt(k) === COLON && ++colons === 5) limit = k;
    if (colons < 5) return false;
  }
  const n = value.length;
  const count = parts.length;
  let pi = 0;
  let pj = 0;
  let piece = pieceText(parts, 0, view);
  let t0 = 0;
  let starPi = -1;
  let starPj = 0;
  let starT = 0;
  while (t0 < n) {
    while (pi < count && pj >= piece.length) {
      pi++;
      pj = 0;
      piece = pieceText(parts, pi, view);
    }
    if (pi < count) {
      const c = piece.charCodeAt(pj);
      const wild = rules.wildcards && parts[pi]!.kind === 'text';
      if (wild && c === STAR) {
        starPi = pi;
        starPj = pj + 1;
        starT = t0;
        pj++;
        continue;
      }
      const v = value.charCodeAt(t0);
      if (wild && c === QUESTION ? v !== COLON || t0 > limit : c === v) {
        pj++;
        t0++;
        continue;
      }
    }
    if (starPi >= 0 && (value.charCodeAt(starT) !== COLON || starT > limit)) {
      starT++;
      t0 = starT;
      pi = starPi;
      pj = starPj;
      piece = pieceText(parts, pi, view);
      continue;
    }
    return false;
  }
  // The value is consumed: what is left of the pattern must be stars.
  while (pi < count) {
    if (pj >= piece.length) {
      pi++;
      pj = 0;
      piece = pieceText(parts, pi, view);
      continue;
    }
    if (rules.wildcards && parts[pi]!.kind === 'text' && piece.charCodeAt(pj) === STAR) {
      pj++;
      continue;
    }
    return false;
  }
  return true;
}

function pieceText(parts: readonly TemplatePart[], index: number, view: RequestView): string {
  const part = parts[index];
  if (part === undefined) return '';
  return part.kind === 'variable' ? (variableValue(part, view) ?? '') : part.text;
}
