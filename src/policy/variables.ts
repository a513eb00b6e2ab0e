/**
 * Policy variables (reference_policies_variables.md): `${aws:username}`-style references to
 * request keys, the special characters `${*}`, `${?}` and `${$}`, and defaults
 * `${aws:PrincipalTag/team, 'company-wide'}`. Templates are parsed once, when a policy is
 * compiled; resolving one per request only looks keys up.
 *
 * Variables exist only in policies whose `Version` is `2012-10-17`; under `2008-10-17` or with no
 * Version, `${...}` is literal text (use `templateFor`).
 */
import type { RequestView } from './request-view.js';
import type { PolicyVersion } from './types.js';

/** The special variables that stand for a character that otherwise has a meaning. */
export type SpecialCharacter = '*' | '?' | '$';

/** One piece of a template. */
export type TemplatePart =
  /** Text written in the policy. In `...Like` operators and resources its `*` and `?` are wildcards. */
  | { readonly kind: 'text'; readonly text: string }
  /** `${*}`, `${?}` or `${$}`: always that literal character, never a wildcard. */
  | { readonly kind: 'char'; readonly text: SpecialCharacter }
  /** `${key}` or `${key, 'default'}`: the request's value of the key, taken literally. */
  | {
      readonly kind: 'variable';
      /** The key as written, for messages. */
      readonly key: string;
      /** The key lowercased: key names are not case-sensitive. */
      readonly keyLower: string;
      /** The default, used when the request has no single value for the key. */
      readonly fallback: string | undefined;
    };

export interface Template {
  /** The text as written in the policy. */
  readonly text: string;
  /** Whether the text holds any `${...}` reference (a key or a special character). */
  readonly hasVariables: boolean;
  /** Whether resolving needs the request: some part refers to a request key. */
  readonly needsRequest: boolean;
  readonly parts: readonly TemplatePart[];
}

const SPECIAL: ReadonlySet<string> = new Set<SpecialCharacter>(['*', '?', '$']);

/**
 * A default: the key, a comma, and the default in single quotes. The guide writes the separator as
 * "a comma and space"; whether IAM also accepts other spacing is not documented, so spaces on
 * either side of the comma are accepted here.
 */
const WITH_DEFAULT = /^([^,']*),\s*'([^']*)'$/;

/** Parses a text that may hold policy variables (the `2012-10-17` language). */
export function parseTemplate(text: string): Template {
  const parts: TemplatePart[] = [];
  let literal = '';
  let hasVariables = false;
  let needsRequest = false;
  let from = 0;
  for (;;) {
    const open = text.indexOf('${', from);
    const close = open < 0 ? -1 : closingBrace(text, open + 2);
    if (open < 0 || close < 0) {
      literal += text.slice(from);
      break;
    }
    literal += text.slice(from, open);
    const inner = text.slice(open + 2, close);
    const part = variablePart(inner);
    if (part === undefined) {
      // Not a variable reference IAM documents: kept as the text it is.
      literal += text.slice(open, close + 1);
    } else {
      if (literal !== '') parts.push({ kind: 'text', text: literal });
      literal = '';
      parts.push(part);
      hasVariables = true;
      if (part.kind === 'variable') needsRequest = true;
    }
    from = close + 1;
  }
  if (literal !== '') parts.push({ kind: 'text', text: literal });
  return { text, hasVariables, needsRequest, parts };
}

/** A template whose text is taken literally: the language before `2012-10-17` has no variables. */
export function literalTemplate(text: string): Template {
  return { text, hasVariables: false, needsRequest: false, parts: text === '' ? [] : [{ kind: 'text', text }] };
}

/** Whether a policy of this Version resolves policy variables (only `2012-10-17` does). */
export function supportsVariables(version: PolicyVersion | undefined): boolean {
  return version === '2012-10-17';
}

/** The template for a text in a policy of the given Version. */
export function templateFor(text: string, version: PolicyVersion | undefined): Template {
  return supportsVariables(version) ? parseTemplate(text) : literalTemplate(text);
}

/** Whether a text holds a `${...}` reference that `parseTemplate` treats as a policy variable. */
export function hasVariableReference(text: string): boolean {
  return text.includes('${') && parseTemplate(text).hasVariables;
}

/**
 * Whether a Resource ARN uses a policy variable before its resource part (before the fifth colon).
 * The guide says variables may be used "only in the resource portion of the ARN"; it does not say
 * whether IAM rejects such a document or leaves the variable unresolved, so this only reports it.
 */
export function variableBeforeArnResource(arn: string): boolean {
  let colons = 0;
  for (const part of parseTemplate(arn).parts) {
    if (part.kind !== 'text') return true;
    for (let i = 0; i < part.text.length; i++) if (part.text.charCodeAt(i) === 0x3a && ++colons === 5) return false;
  }
  return false;
}

/**
 * The value one variable part stands for in this request: the key's single value, else the default.
 * A key that is absent, or multivalued (the guide: "You can't use a multivalued condition key as a
 * variable"), has no value.
 */
export function variableValue(part: TemplatePart & { kind: 'variable' }, view: RequestView): string | undefined {
  const value = view.get(part.keyLower);
  return typeof value === 'string' ? value : part.fallback;
}

/**
 * The template's text with every variable replaced by its value in this request; `undefined` when
 * a variable has no value and no default, and so the element holding it matches nothing
 * ("Policy variables with no value").
 */
export function resolveTemplate(t: Template, view: RequestView): string | undefined {
  if (!t.hasVariables) return t.text;
  let out = '';
  for (const part of t.parts) {
    if (part.kind === 'variable') {
      const value = variableValue(part, view);
      if (value === undefined) return undefined;
      out += value;
    } else out += part.text;
  }
  return out;
}

/** The index of the `}` that closes a reference whose body starts at `from`; a quoted default may hold `}`. */
function closingBrace(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x27) quoted = !quoted;
    else if (c === 0x7d && !quoted) return i;
  }
  return -1;
}

function variablePart(inner: string): TemplatePart | undefined {
  if (SPECIAL.has(inner)) return { kind: 'char', text: inner as SpecialCharacter };
  let key = inner;
  let fallback: string | undefined;
  const withDefault = WITH_DEFAULT.exec(inner);
  if (withDefault !== null) {
    key = withDefault[1]!;
    fallback = withDefault[2]!;
  } else if (inner.includes(',') || inner.includes("'")) return undefined;
  key = key.trim();
  if (key === '') return undefined;
  return { kind: 'variable', key, keyLower: key.toLowerCase(), fallback };
}
