/**
 * The candidate statements of one policy group for one action, laid out for the evaluator's hot
 * loop: what is read for every candidate (effect, how its Resource element matches, whether it has
 * a principal or conditions to check) sits in one Int32Array, and the plain ARNs and `arn…*`
 * prefixes of all candidates in one string. A decision over an account's thousands of policy sets
 * then touches a few cache lines per set instead of several per statement; statement objects are
 * read only for what needs them (conditions, principals, unusual Resource elements).
 */
import type { PrincipalMatch, RequestPrincipal } from './types.js';
import type { CompiledCondition, CompiledStatement } from './compiled.js';
import type { RequestView } from './request-view.js';
import { hasWildcard } from './wildcard.js';

/** Candidate flags. */
const DENY = 1;
/** The Resource element matches every resource (`*`, or none: trust policies). */
const ANY_RESOURCE = 2;
/** The Resource element needs its compiled matcher (NotResource, variables, inner wildcards). */
const MATCHER = 4;
const HAS_PRINCIPAL = 8;
const HAS_CONDITIONS = 16;
/**
 * A Deny with NotPrincipal: it denies every principal that has a permissions boundary, whatever
 * NotPrincipal names (access_policies_boundaries.md; reference_policies_elements_notprincipal.md).
 */
const NOT_PRINCIPAL_DENY = 32;

/** Text kinds. */
const EXACT = 1;
const PREFIX = 2;

export interface ProgramVerdict {
  readonly deny: boolean;
  readonly allow: PrincipalMatch;
}

const RANK: Readonly<Record<PrincipalMatch, number>> = { none: 0, account: 1, identity: 2, session: 3 };

export class CandidateProgram {
  readonly #statements: readonly CompiledStatement[];
  /** Each candidate's (shared) condition list, read without touching the statement. */
  readonly #conditions: readonly (readonly CompiledCondition[])[];
  readonly #code: Int32Array;
  readonly #texts: string;
  readonly #textBase: number;

  constructor(statements: readonly CompiledStatement[]) {
    this.#statements = statements;
    this.#conditions = statements.map((s) => s.conditions);
    const n = statements.length;
    const texts: { kind: number; text: string }[] = [];
    const head: number[] = [n];
    for (const s of statements) {
      let flags = s.effect === 'Deny' ? DENY : 0;
      if (s.principals !== undefined) flags |= HAS_PRINCIPAL;
      if (s.notPrincipal && s.effect === 'Deny') flags |= NOT_PRINCIPAL_DENY;
      if (s.conditions.length > 0) flags |= HAS_CONDITIONS;
      const first = texts.length;
      const plain = plainResources(s);
      if (plain === 'any') flags |= ANY_RESOURCE;
      else if (plain === undefined) flags |= MATCHER;
      else texts.push(...plain);
      head.push(flags, first);
    }
    head.push(0, texts.length);
    const textBase = head.length;
    const code = new Int32Array(textBase + texts.length * 2 + 2);
    code.set(head);
    let joined = '';
    texts.forEach((t, j) => {
      code[textBase + 2 * j] = t.kind;
      code[textBase + 2 * j + 1] = joined.length;
      joined += t.text;
    });
    code[textBase + 2 * texts.length + 1] = joined.length;
    this.#code = code;
    this.#texts = joined;
    this.#textBase = textBase;
  }

  /**
   * Whether a Deny applies, and how the strongest applying Allow names the principal. `bounded`:
   * the principal has a permissions boundary.
   */
  run(view: RequestView, principal: RequestPrincipal, bounded: boolean): ProgramVerdict | undefined {
    const code = this.#code;
    const n = code[0]!;
    const resource = view.request.resource;
    let deny = false;
    let allow: PrincipalMatch = 'none';
    for (let i = 0; i < n; i++) {
      const flags = code[1 + 2 * i]!;
      const isDeny = (flags & DENY) !== 0;
      if (isDeny ? deny : allow === 'session') continue;
      if ((flags & ANY_RESOURCE) === 0) {
        if ((flags & MATCHER) !== 0) {
          if (!this.#statements[i]!.matchResource(view)) continue;
        } else if (!this.#matchesText(resource, code[2 + 2 * i]!, code[4 + 2 * i]!)) continue;
      }
      let named: PrincipalMatch = 'session';
      if ((flags & HAS_PRINCIPAL) !== 0 && !(bounded && (flags & NOT_PRINCIPAL_DENY) !== 0)) {
        named = this.#statements[i]!.matchPrincipal(principal);
        if (named === 'none') continue;
      }
      if ((flags & HAS_CONDITIONS) !== 0 && !allHold(this.#conditions[i]!, view)) continue;
      if (isDeny) deny = true;
      else if (RANK[named] > RANK[allow]) allow = named;
    }
    return deny || allow !== 'none' ? { deny, allow } : undefined;
  }

  /** Whether the resource equals, or starts with, any of texts [from, to). */
  #matchesText(resource: string, from: number, to: number): boolean {
    const code = this.#code;
    const texts = this.#texts;
    const base = this.#textBase;
    for (let j = from; j < to; j++) {
      const kind = code[base + 2 * j]!;
      const offset = code[base + 2 * j + 1]!;
      const length = code[base + 2 * j + 3]! - offset;
      if (kind === EXACT ? resource.length !== length : resource.length < length) continue;
      let k = length - 1;
      while (k >= 0 && resource.charCodeAt(k) === texts.charCodeAt(offset + k)) k--;
      if (k < 0) return true;
    }
    return false;
  }
}

/** All conditions hold (AND across operators and keys). */
function allHold(conditions: readonly CompiledCondition[], view: RequestView): boolean {
  for (let i = 0; i < conditions.length; i++) if (!conditions[i]!.test(view)) return false;
  return true;
}

/**
 * A Resource element as plain texts (exact ARNs and `prefix*` patterns), `any`, or undefined when
 * it needs its compiled matcher.
 */
function plainResources(s: CompiledStatement): readonly { kind: number; text: string }[] | 'any' | undefined {
  if (s.resources === undefined) return 'any';
  if (s.notResource) return undefined;
  const out: { kind: number; text: string }[] = [];
  for (const value of s.resources) {
    if (value === '*') return 'any';
    if (value.includes('${')) return undefined;
    if (!hasWildcard(value)) out.push({ kind: EXACT, text: value });
    else if (value.indexOf('*') === value.length - 1 && !value.includes('?')) out.push({ kind: PREFIX, text: value.slice(0, -1) });
    else return undefined;
  }
  return out;
}
