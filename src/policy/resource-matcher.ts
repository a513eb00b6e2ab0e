import type { PolicyVersion } from './types.js';
import type { RequestView } from './request-view.js';
import { hasPrefix, hasWildcard, wildcardRegExp } from './wildcard.js';
import { parseTemplate, variableValue, type TemplatePart } from './variables.js';

export type ResourceMatcher = (view: RequestView) => boolean;

/** Whether a Resource element's values need per-request work (policy variables to resolve). */
export function resourceNeedsRequest(resources: readonly string[], version: PolicyVersion | undefined): boolean {
  return version === '2012-10-17' && resources.some((r) => r.includes('${'));
}

/**
 * Compiles the values of a Resource / NotResource element. ARNs match case-sensitively with `*`
 * and `?` wildcards that may span `:` and `/` (reference_policies_elements_resource.md).
 * Under Version 2012-10-17, `${...}` policy variables are resolved per request; the value a
 * variable stands for is literal text (so `${*}` is a literal `*`), and a variable with no value
 * and no default makes that resource value match nothing (reference_policies_variables.md).
 */
export function compileResourceMatcher(resources: readonly string[], version: PolicyVersion | undefined): ResourceMatcher {
  // Plain values sort into exact ARNs, `prefix*` patterns and the rest (regular expressions), so
  // matching an element is a few string comparisons with no call per value.
  const exact: string[] = [];
  const prefixes: string[] = [];
  const patterns: RegExp[] = [];
  const templated: TemplatedPattern[] = [];
  for (const value of resources) {
    if (version === '2012-10-17' && value.includes('${')) templated.push(new TemplatedPattern(value));
    else if (value === '*') return () => true;
    else if (!hasWildcard(value)) exact.push(value);
    else if (value.indexOf('*') === value.length - 1 && !value.includes('?')) prefixes.push(value.slice(0, -1));
    else patterns.push(wildcardRegExp(value, false));
  }
  // The common shapes get matchers that touch as little memory as possible.
  const only = exact.length + prefixes.length + patterns.length + templated.length === 1;
  if (only && exact.length === 1) {
    const arn = exact[0]!;
    return (view) => view.request.resource === arn;
  }
  if (only && prefixes.length === 1) {
    const prefix = prefixes[0]!;
    return (view) => hasPrefix(view.request.resource, prefix);
  }
  if (exact.length === 0 && patterns.length === 0 && templated.length === 0) {
    return (view) => {
      const r = view.request.resource;
      for (let i = 0; i < prefixes.length; i++) if (hasPrefix(r, prefixes[i]!)) return true;
      return false;
    };
  }
  return (view) => {
    const r = view.request.resource;
    for (let i = 0; i < exact.length; i++) if (r === exact[i]) return true;
    for (let i = 0; i < prefixes.length; i++) if (hasPrefix(r, prefixes[i]!)) return true;
    for (let i = 0; i < patterns.length; i++) if (patterns[i]!.test(r)) return true;
    for (let i = 0; i < templated.length; i++) if (templated[i]!.matches(view, r)) return true;
    return false;
  };
}

/** A resource pattern with policy variables: wildcards in its own text, literal substituted values. */
class TemplatedPattern {
  readonly #parts: readonly TemplatePart[];
  readonly #cache = new Map<string, RegExp>();

  constructor(pattern: string) {
    this.#parts = parseTemplate(pattern).parts;
  }

  matches(view: RequestView, resource: string): boolean {
    let key = '';
    const values: string[] = [];
    for (const part of this.#parts) {
      if (part.kind !== 'variable') continue;
      const value = variableValue(part, view);
      if (value === undefined) return false;
      values.push(value);
      key += value + '\u0000';
    }
    let re = this.#cache.get(key);
    if (re === undefined) {
      let i = 0;
      let source = '';
      for (const part of this.#parts) {
        if (part.kind === 'text') source += wildcardRegExp(part.text, false).source.slice(1, -1);
        else if (part.kind === 'char') source += escapeRegExp(part.text);
        else source += escapeRegExp(values[i++]!);
      }
      re = new RegExp('^' + source + '$', 's');
      if (this.#cache.size > 1024) this.#cache.clear();
      this.#cache.set(key, re);
    }
    return re.test(resource);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
