/**
 * Conditions, action matchers and resource matchers are interned: identical ones (same operator, key, values and
 * policy version; same Resource values) are compiled once and shared by every statement of every
 * policy that uses them. Each shared matcher remembers its result for the request being decided,
 * so a condition that fifty policies repeat (an MFA check, a SecureTransport deny) is decided once
 * per request. A request's view is immutable while it is decided, so the remembered result holds.
 */
import type { ConditionNote, NormalizedCondition, PolicyVersion } from './types.js';
import type { CompiledCondition, StringMatcher } from './compiled.js';
import { compileActionMatcher } from './action-matcher.js';
import type { RequestView } from './request-view.js';
import { compileCondition } from './conditions/index.js';
import { compileResourceMatcher, resourceNeedsRequest, type ResourceMatcher } from './resource-matcher.js';

/** Above this many distinct entries the intern tables start over (memory stays bounded). */
const INTERN_LIMIT = 100_000;

const conditions = new Map<string, CompiledCondition>();
const actions = new Map<string, StringMatcher>();
const resources = new Map<string, ResourceMatcher>();
/** A number per shared matcher, for statement signatures. */
const ids = new WeakMap<object, number>();
let nextId = 1;

/** The identity of a shared matcher or condition, as a number. */
export function sharedId(matcher: object): number {
  let id = ids.get(matcher);
  if (id === undefined) {
    id = nextId++;
    ids.set(matcher, id);
  }
  return id;
}

export function sharedCondition(c: NormalizedCondition, version: PolicyVersion | undefined): CompiledCondition {
  const key = `${version ?? ''}\u0000${c.operator}\u0000${c.key}\u0000${c.values.join('\u0000')}`;
  let hit = conditions.get(key);
  if (hit === undefined) {
    hit = rememberingCondition(compileCondition(c, version));
    if (conditions.size >= INTERN_LIMIT) conditions.clear();
    conditions.set(key, hit);
  }
  return hit;
}

const conditionLists = new Map<string, readonly CompiledCondition[]>();

/** A statement's list of shared conditions, itself shared by every statement with the same list. */
export function sharedConditionList(list: readonly CompiledCondition[]): readonly CompiledCondition[] {
  const key = list.map((c) => sharedId(c)).join(',');
  let hit = conditionLists.get(key);
  if (hit === undefined) {
    hit = list;
    if (conditionLists.size >= INTERN_LIMIT) conditionLists.clear();
    conditionLists.set(key, hit);
  }
  return hit;
}

/** The matcher of an Action / NotAction element's values (lowercased actions). */
export function sharedActionMatcher(values: readonly string[]): StringMatcher {
  const key = values.map((v) => v.toLowerCase()).join('\u0000');
  let hit = actions.get(key);
  if (hit === undefined) {
    hit = compileActionMatcher(values);
    if (actions.size >= INTERN_LIMIT) actions.clear();
    actions.set(key, hit);
  }
  return hit;
}

/** The matcher of a Resource (or, with `not`, NotResource) element. */
export function sharedResourceMatcher(values: readonly string[], version: PolicyVersion | undefined, not: boolean): ResourceMatcher {
  const key = `${not ? '!' : ''}${version ?? ''}\u0000${values.join('\u0000')}`;
  let hit = resources.get(key);
  if (hit === undefined) {
    const m = compileResourceMatcher(values, version);
    const element: ResourceMatcher = not ? (view) => !m(view) : m;
    // Plain ARN patterns cost less to match again than to remember; templated ones are remembered.
    hit = resourceNeedsRequest(values, version) ? rememberingMatcher(element) : element;
    if (resources.size >= INTERN_LIMIT) resources.clear();
    resources.set(key, hit);
  }
  return hit;
}

function rememberingCondition(inner: CompiledCondition): CompiledCondition {
  let lastView: RequestView | undefined;
  let lastResult = false;
  return {
    ...inner,
    test(view: RequestView, notes?: ConditionNote[]): boolean {
      if (notes !== undefined) return inner.test(view, notes);
      if (view === lastView) return lastResult;
      lastResult = inner.test(view);
      lastView = view;
      return lastResult;
    },
  };
}

function rememberingMatcher(inner: ResourceMatcher): ResourceMatcher {
  let lastView: RequestView | undefined;
  let lastResult = false;
  return (view) => {
    if (view === lastView) return lastResult;
    lastResult = inner(view);
    lastView = view;
    return lastResult;
  };
}
