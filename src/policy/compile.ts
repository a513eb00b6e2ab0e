import type { Compiled, CompiledCondition, CompiledStatement } from './compiled.js';
import type {
  NormalizedPolicy,
  NormalizedStatement,
  PolicySource,
  PrincipalMatch,
  RequestPrincipal,
} from './types.js';
import { matchPrincipalSpec } from './principal-matcher.js';
import { sharedActionMatcher, sharedCondition, sharedConditionList, sharedId, sharedResourceMatcher } from './shared-matchers.js';

/** How many distinct actions a policy remembers its candidate statements for. */
const CANDIDATE_CACHE_LIMIT = 4096;

const NO_STATEMENTS: readonly CompiledStatement[] = [];
const NO_CONDITIONS: readonly CompiledCondition[] = [];
const alwaysResource = (): boolean => true;
const notApplicablePrincipal = (): PrincipalMatch => 'session';

/** Compiles a validated policy once into matchers; evaluation never looks at the JSON again. */
export function compilePolicy(policy: NormalizedPolicy, source: PolicySource, text: string): Compiled {
  const statements = policy.statements.map((s, i) => compileStatement(s, i, policy));
  let cache: Map<string, readonly CompiledStatement[]> | undefined;
  return {
    kind: source.kind,
    id: source.id,
    version: policy.version,
    statements,
    text,
    candidates(actionLower: string): readonly CompiledStatement[] {
      cache ??= new Map();
      let hit = cache.get(actionLower);
      if (hit === undefined) {
        const found = statements.filter((s) => s.matchAction(actionLower) !== s.notAction);
        hit = found.length === 0 ? NO_STATEMENTS : found;
        if (cache.size >= CANDIDATE_CACHE_LIMIT) cache.clear();
        cache.set(actionLower, hit);
      }
      return hit;
    },
  };
}

function compileStatement(s: NormalizedStatement, index: number, policy: NormalizedPolicy): CompiledStatement {
  const principals = s.principals;
  let matchPrincipal: (p: RequestPrincipal) => PrincipalMatch = notApplicablePrincipal;
  if (principals !== undefined) {
    matchPrincipal = s.notPrincipal
      ? (p) => (matchPrincipalSpec(principals, p) === 'none' ? 'session' : 'none')
      : (p) => matchPrincipalSpec(principals, p);
  }
  const matchResource = s.resources !== undefined ? sharedResourceMatcher(s.resources, policy.version, s.notResource) : alwaysResource;
  const conditions = s.condition.length === 0 ? NO_CONDITIONS : sharedConditionList(s.condition.map((c) => sharedCondition(c, policy.version)));
  // Statements with the same signature decide every request alike, whatever their Sid or policy.
  const signature = [
    s.effect,
    sharedId(matchResource),
    principals === undefined ? '' : `${s.notPrincipal ? '!' : ''}${JSON.stringify(principals)}`,
    ...conditions.map((c) => sharedId(c)).sort((a, b) => a - b),
  ].join('|');
  // The fields the evaluator reads when a candidate needs its statement come first (one cache line).
  return {
    effect: s.effect,
    matchResource,
    matchPrincipal,
    conditions,
    signature,
    index,
    sid: s.sid,
    actions: s.actions,
    notAction: s.notAction,
    matchAction: sharedActionMatcher(s.actions),
    resources: s.resources,
    notResource: s.notResource,
    principals,
    notPrincipal: s.notPrincipal,
  };
}
