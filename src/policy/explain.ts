import type {
  CompiledPolicy,
  CompiledStatement,
  ConditionNote,
  DenyingPolicyType,
  Explanation,
  FixSuggestion,
  Json,
  PolicyKind,
  PolicySet,
  PolicyTrace,
  RequestContext,
  StatementRef,
  StatementTrace,
} from './types.js';
import { RequestView } from './request-view.js';
import { evaluate } from './evaluate.js';
import { accessDeniedMessage } from './access-denied-message.js';
import { compileWildcard } from './wildcard.js';
import { describePrincipalMatch } from './principal-matcher.js';

/** Which kind of policy to change for each denying type. */
const KIND_OF: Readonly<Record<DenyingPolicyType, PolicyKind>> = {
  'identity-based': 'identity',
  'resource-based': 'resource',
  'role trust': 'trust',
  'permissions boundary': 'boundary',
  session: 'session',
  'service control': 'scp',
  'resource control': 'rcp',
};

/**
 * Decides a request exactly as `evaluate` does and says why: every policy considered, every
 * statement and why it applied or not, the statements that decided, AWS's message, a summary and
 * the smallest fix. Deterministic for a given input.
 */
export function explain(set: PolicySet, request: RequestContext): Explanation {
  const decision = evaluate(set, request);
  const view = new RequestView(request);
  const policies = orderedPolicies(set).map((policy) => tracePolicy(policy, view));
  const matched = policies.flatMap((p) => p.statements.filter((s) => s.matched));
  const deciding: StatementRef[] =
    decision.decision === 'ExplicitDeny'
      ? matched.filter((s) => s.effect === 'Deny').map(toRef)
      : decision.decision === 'Allow'
        ? matched.filter((s) => s.effect === 'Allow').map(toRef)
        : [];
  const message =
    decision.decision === 'Allow' || decision.deniedBy === undefined
      ? undefined
      : accessDeniedMessage(request, decision.decision, decision.deniedBy);
  const fix = suggestFix(set, request, decision.decision, decision.deniedBy, policies, deciding);
  // Fields spelled out: spreading the shared decision object costs microseconds in V8.
  return {
    decision: decision.decision,
    deniedBy: decision.deniedBy,
    deciding,
    message,
    policies,
    summary: summarize(request, decision.decision, decision.deniedBy, deciding, policies),
    fix,
  };
}

/**
 * Like `explain`, but an Allow comes without the per-statement trace (`policies` is empty): only
 * the granting statements and the summary. Denials are explained in full. For callers that record
 * every decision and need the full trace only when something is refused.
 */
export function explainBrief(set: PolicySet, request: RequestContext): Explanation {
  const granted: StatementRef[] = [];
  const decision = evaluate(set, request, (policy, s) => {
    if (s.effect === 'Allow') granted.push({ policy: policy.id, kind: policy.kind, statement: statementName(s), effect: 'Allow' });
  });
  if (decision.decision !== 'Allow') return explain(set, request);
  return {
    decision: decision.decision,
    deniedBy: undefined,
    deciding: granted,
    message: undefined,
    policies: [],
    summary: summarize(request, 'Allow', undefined, granted, []),
    fix: undefined,
  };
}

/** The policies of a set in evaluation order. */
export function orderedPolicies(set: PolicySet): CompiledPolicy[] {
  const out: CompiledPolicy[] = [];
  if (set.principalInManagementAccount !== true) for (const level of set.scps ?? []) out.push(...level);
  if (set.resourceInManagementAccount !== true) for (const level of set.rcps ?? []) out.push(...level);
  out.push(...(set.resource ?? []));
  if (set.trust !== undefined) out.push(set.trust);
  out.push(...(set.identity ?? []));
  if (set.boundary !== undefined) out.push(set.boundary);
  out.push(...(set.session ?? []));
  return out;
}

function tracePolicy(policy: CompiledPolicy, view: RequestView): PolicyTrace {
  return { kind: policy.kind, id: policy.id, statements: policy.statements.map((s) => traceStatement(policy, s, view)) };
}

/** `Sid`, or `#<index>` for a statement without one. */
export function statementName(s: CompiledStatement): string {
  return s.sid !== undefined && s.sid !== '' ? s.sid : `#${s.index}`;
}

function traceStatement(policy: CompiledPolicy, s: CompiledStatement, view: RequestView): StatementTrace {
  const request = view.request;
  const action = traceAction(s, view.actionLower, request.action);
  const resource = s.resources === undefined ? undefined : traceResource(s, view);
  const principal = s.principals === undefined ? undefined : tracePrincipal(s, request);
  const conditions: ConditionNote[] = [];
  let conditionsHold = true;
  for (const c of s.conditions) if (!c.test(view, conditions)) conditionsHold = false;
  const matched = action.matched && (resource?.matched ?? true) && (principal?.matched ?? true) && conditionsHold;
  return {
    policy: policy.id,
    kind: policy.kind,
    statement: statementName(s),
    effect: s.effect,
    index: s.index,
    matched,
    action,
    resource,
    principal,
    conditions,
  };
}

function tracePrincipal(s: CompiledStatement, request: RequestContext): { matched: boolean; why: string } {
  const p = request.principal;
  const named = s.matchPrincipal(p);
  if (!s.notPrincipal) return { matched: named !== 'none', why: describePrincipalMatch(named, p, false) };
  return named !== 'none'
    ? { matched: true, why: `NotPrincipal does not name ${p.arn}, so the statement applies to it` }
    : { matched: false, why: `NotPrincipal names ${p.arn}` };
}

function traceAction(s: CompiledStatement, actionLower: string, action: string): { matched: boolean; why: string } {
  const hit = s.actions.find((a) => compileWildcard(a.toLowerCase(), false)(actionLower));
  if (!s.notAction) {
    return hit !== undefined
      ? { matched: true, why: `Action ${hit} matches ${action}` }
      : { matched: false, why: `${action} matches none of Action ${s.actions.join(', ')}` };
  }
  return hit !== undefined
    ? { matched: false, why: `NotAction ${hit} excludes ${action}` }
    : { matched: true, why: `${action} is not excluded by NotAction ${s.actions.join(', ')}` };
}

function traceResource(s: CompiledStatement, view: RequestView): { matched: boolean; why: string } {
  const resource = view.request.resource;
  const matched = s.matchResource(view);
  const values = (s.resources ?? []).join(', ');
  if (!s.notResource) {
    return matched
      ? { matched, why: `Resource ${values} matches ${resource}` }
      : { matched, why: `${resource} matches none of Resource ${values}` };
  }
  return matched
    ? { matched, why: `${resource} is not excluded by NotResource ${values}` }
    : { matched, why: `NotResource ${values} excludes ${resource}` };
}

function toRef(s: StatementTrace): StatementRef {
  return { policy: s.policy, kind: s.kind, statement: s.statement, effect: s.effect };
}

/** `<policy id>#<Sid>` or `<policy id>##<index>`. */
export function refName(r: StatementRef): string {
  return `${r.policy}#${r.statement}`;
}

const KIND_LABEL: Readonly<Record<PolicyKind, string>> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  trust: 'role trust policy',
  boundary: 'permissions boundary',
  scp: 'service control policy',
  rcp: 'resource control policy',
  session: 'session policy',
};

function summarize(
  request: RequestContext,
  decision: Explanation['decision'],
  deniedBy: DenyingPolicyType | undefined,
  deciding: readonly StatementRef[],
  policies: readonly PolicyTrace[],
): string {
  const what = `${request.principal.arn} → ${request.action}${request.resource !== '*' ? ` on ${request.resource}` : ''}`;
  const refs = (list: readonly StatementRef[]): string => list.map((r) => `statement ${r.statement} of ${KIND_LABEL[r.kind]} ${r.policy}`).join('; ');
  if (decision === 'Allow') {
    if (deciding.length === 0) return `Allowed: ${what}. The root user has full access within its own account.`;
    return `Allowed: ${what}. Granted by ${refs(deciding)}.`;
  }
  if (decision === 'ExplicitDeny') return `Explicitly denied: ${what}. Denied by ${refs(deciding)}.`;
  const label = deniedBy !== undefined ? KIND_LABEL[KIND_OF[deniedBy]] : 'policy';
  const lines = [`Implicitly denied: ${what}. No ${label} allows it.`];
  const considered = deniedBy !== undefined ? policies.filter((p) => p.kind === KIND_OF[deniedBy]).length : policies.length;
  if (considered === 0) lines.push(`There is no ${label} to grant it: none applies to this request.`);
  for (const near of nearMisses(policies, deniedBy)) lines.push(`Almost: ${near}`);
  return lines.join('\n');
}

/** Allow statements of the deciding type whose action matched but that did not apply, and why. */
function nearMisses(policies: readonly PolicyTrace[], deniedBy: DenyingPolicyType | undefined): string[] {
  const kind = deniedBy !== undefined ? KIND_OF[deniedBy] : undefined;
  const out: string[] = [];
  for (const p of policies) {
    if (kind !== undefined && p.kind !== kind) continue;
    for (const s of p.statements) {
      if (s.effect !== 'Allow' || s.matched || !s.action.matched) continue;
      const reasons: string[] = [];
      if (s.resource !== undefined && !s.resource.matched) reasons.push(s.resource.why);
      if (s.principal !== undefined && !s.principal.matched) reasons.push(s.principal.why);
      for (const c of s.conditions) if (!c.matched) reasons.push(`condition ${c.operator} ${c.key} failed: ${c.why}`);
      out.push(`statement ${s.statement} of ${p.id}: ${reasons.join('; ')}`);
    }
  }
  return out;
}

function suggestFix(
  set: PolicySet,
  request: RequestContext,
  decision: Explanation['decision'],
  deniedBy: DenyingPolicyType | undefined,
  policies: readonly PolicyTrace[],
  deciding: readonly StatementRef[],
): FixSuggestion | undefined {
  if (decision === 'Allow' || deniedBy === undefined) return undefined;
  const kind = KIND_OF[deniedBy];
  if (decision === 'ExplicitDeny') {
    const first = deciding[0];
    if (first === undefined) return undefined;
    const policy = orderedPolicies(set).find((p) => p.id === first.policy && p.kind === first.kind);
    const statement = policy !== undefined ? statementJson(policy, first.statement) : null;
    return {
      kind: 'remove-deny',
      policyKind: first.kind,
      policy: first.policy,
      statement,
      text: `Remove or narrow the Deny statement ${first.statement} of ${KIND_LABEL[first.kind]} ${first.policy}; no Allow can override it.`,
    };
  }
  const statement = allowStatementFor(request, kind);
  const existing = policies.find((p) => p.kind === kind);
  const near = nearMisses(policies, deniedBy);
  const target = existing?.id;
  const text =
    `Add this statement to ${target !== undefined ? `${KIND_LABEL[kind]} ${target}` : withArticle(KIND_LABEL[kind])}: ${JSON.stringify(statement)}` +
    (near.length > 0 ? ` — or change the statement that almost applied (${near[0]}).` : '');
  return { kind: 'add-statement', policyKind: kind, policy: target, statement, text };
}

function withArticle(label: string): string {
  return /^[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`;
}

function allowStatementFor(request: RequestContext, kind: PolicyKind): Json {
  const p = request.principal;
  const principal: Json =
    p.type === 'service'
      ? { Service: p.arn }
      : p.federatedProvider !== undefined
        ? { Federated: p.federatedProvider }
        : { AWS: p.identityArn ?? p.arn };
  if (kind === 'trust') return { Effect: 'Allow', Principal: principal, Action: request.action };
  if (kind === 'resource' || kind === 'rcp') {
    return { Effect: 'Allow', Principal: kind === 'rcp' ? '*' : principal, Action: request.action, Resource: request.resource };
  }
  return { Effect: 'Allow', Action: request.action, Resource: request.resource };
}

/** The JSON of one statement of a compiled policy, from its stored text. */
function statementJson(policy: CompiledPolicy, name: string): Json {
  try {
    const doc = JSON.parse(policy.text) as { Statement?: Json };
    const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement !== undefined ? [doc.Statement] : [];
    const s = policy.statements.find((st) => statementName(st) === name);
    return s !== undefined ? (list[s.index] ?? null) : null;
  } catch {
    return null;
  }
}
