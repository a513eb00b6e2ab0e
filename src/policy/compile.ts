import type {
  CompiledCondition,
  CompiledPolicy,
  CompiledStatement,
  NormalizedPolicy,
  NormalizedStatement,
  PolicySource,
  PrincipalMatch,
  RequestPrincipal,
} from './types.js';
import { matchPrincipalSpec } from './principal-matcher.js';
import { hasWildcard } from './wildcard.js';
import { sharedActionMatcher, sharedCondition, sharedConditionList, sharedId, sharedResourceMatcher } from './shared-matchers.js';

/** How many distinct actions a policy remembers its candidate statements for. */
const CANDIDATE_CACHE_LIMIT = 4096;

const NO_STATEMENTS: readonly CompiledStatement[] = [];
const NO_CONDITIONS: readonly CompiledCondition[] = [];
const alwaysResource = (): boolean => true;
const notApplicablePrincipal = (): PrincipalMatch => 'session';

/** Compiles a validated policy once into matchers; evaluation never looks at the JSON again. */
export function compilePolicy(policy: NormalizedPolicy, source: PolicySource, text: string): CompiledPolicy {
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
  const [resourceShape, resourceText] = resourceShapeOf(s, policy);
  // Statements with the same signature decide every request alike, whatever their Sid or policy.
  const signature = [
    s.effect,
    sharedId(matchResource),
    principals === undefined ? '' : `${s.notPrincipal ? '!' : ''}${JSON.stringify(principals)}`,
    ...conditions.map((c) => sharedId(c)).sort((a, b) => a - b),
  ].join('|');
  // The fields the evaluator reads for every candidate come first, so they share a cache line.
  return {
    effect: s.effect,
    resourceShape,
    resourceText,
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

/** The in-place shape of a one-value Resource element (see CompiledStatement.resourceShape). */
function resourceShapeOf(s: NormalizedStatement, policy: NormalizedPolicy): [CompiledStatement['resourceShape'], string] {
  const only = s.resources?.length === 1 && !s.notResource ? s.resources[0]! : undefined;
  if (only === undefined || (policy.version === '2012-10-17' && only.includes('${'))) return ['other', ''];
  if (only === '*') return ['any', ''];
  if (!hasWildcard(only)) return ['exact', only];
  if (only.indexOf('*') === only.length - 1 && !only.includes('?')) return ['prefix', only.slice(0, -1)];
  return ['other', ''];
}
