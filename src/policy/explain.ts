import type {
  CompiledPolicy,
  ConditionNote,
  DenyingPolicyType,
  Explanation,
  FixSuggestion,
  Json,
  PolicyKind,
  PolicySet,
  PolicyStatement,
  PolicyTrace,
  RequestContext,
  StatementRef,
  StatementTrace,
} from './types.js';
import { compiledSet, type Compiled, type CompiledStatement } from './compiled.js';
import { RequestView } from './request-view.js';
import { evaluate, principalMatch, SCPS_APPLY } from './evaluate.js';
import { accessDeniedMessage, type MessageStyle } from './access-denied-message.js';
import { compileWildcard } from './wildcard.js';
import { describePrincipalMatch } from './principal-matcher.js';
import { viaEndpoint } from './vpc-endpoint.js';
import { isAwsManagedPolicyArn } from './aws-managed.js';

/** Which kinds of policy each denying type names; the first is the one to add to when none exists. */
const KINDS_OF: Readonly<Record<DenyingPolicyType, readonly PolicyKind[]>> = {
  'identity-based': ['identity'],
  'resource-based': ['resource', 'key'],
  'role trust': ['trust'],
  'permissions boundary': ['boundary'],
  session: ['session'],
  'service control': ['scp'],
  'resource control': ['rcp'],
  'VPC endpoint': ['vpc-endpoint'],
};

/**
 * Decides a request exactly as `evaluate` does and says why: every policy considered, every
 * statement and why it applied or not, the statements that decided, AWS's message, a summary and
 * the smallest fix. Deterministic for a given input.
 */
export function explain(set: PolicySet, request: RequestContext, style: MessageStyle = {}): Explanation {
  const decision = evaluate(set, request);
  const view = new RequestView(request);
  const bounded = set.boundary !== undefined;
  const policies = orderedPolicies(set, request).map((policy) => tracePolicy(policy, view, bounded && PRINCIPAL_SIDE.has(policy.kind)));
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
      : accessDeniedMessage(request, decision.decision, decision.deniedBy, style);
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
export function explainBrief(set: PolicySet, request: RequestContext, style: MessageStyle = {}): Explanation {
  const granted: StatementRef[] = [];
  const decision = evaluate(set, request, (policy, s) => {
    if (s.effect === 'Allow') granted.push({ policy: policy.id, kind: policy.kind, statement: statementName(s), effect: 'Allow' });
  });
  if (decision.decision !== 'Allow') return explain(set, request, style);
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

/** The kinds whose Deny with NotPrincipal denies every principal that has a permissions boundary. */
const PRINCIPAL_SIDE: ReadonlySet<PolicyKind> = new Set<PolicyKind>(['resource', 'key', 'trust', 'vpc-endpoint']);

/**
 * The policies of a set that apply to the request, in evaluation order: SCPs unless the principal
 * is in the management account or is no principal of a member account, RCPs unless the resource
 * is in the management account, the VPC endpoint's policy when the request came through it.
 */
export function orderedPolicies(set: PolicySet, request: RequestContext): Compiled[] {
  const s = compiledSet(set);
  const out: Compiled[] = [];
  if (s.principalInManagementAccount !== true && SCPS_APPLY[request.principal.type]) for (const level of s.scps ?? []) out.push(...level);
  if (s.resourceInManagementAccount !== true) for (const level of s.rcps ?? []) out.push(...level);
  if (s.endpoint !== undefined && s.endpoint.length > 0 && viaEndpoint(new RequestView(request))) out.push(...s.endpoint);
  out.push(...(s.resource ?? []));
  if (s.trust !== undefined) out.push(s.trust);
  out.push(...(s.identity ?? []));
  if (s.boundary !== undefined) out.push(s.boundary);
  out.push(...(s.session ?? []));
  return out;
}

function tracePolicy(policy: Compiled, view: RequestView, bounded: boolean): PolicyTrace {
  return { kind: policy.kind, id: policy.id, statements: policy.statements.map((s) => traceStatement(policy, s, view, bounded)) };
}

/** `Sid`, or `#<index>` for a statement without one. */
export function statementName(s: PolicyStatement): string {
  return s.sid !== undefined && s.sid !== '' ? s.sid : `#${s.index}`;
}

function traceStatement(policy: Compiled, s: CompiledStatement, view: RequestView, bounded: boolean): StatementTrace {
  const request = view.request;
  const action = traceAction(s, view.actionLower, request.action);
  const resource = s.resources === undefined ? undefined : traceResource(s, view);
  const principal = s.principals === undefined ? undefined : tracePrincipal(s, request, bounded);
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

function tracePrincipal(s: CompiledStatement, request: RequestContext, bounded: boolean): { matched: boolean; why: string } {
  const p = request.principal;
  const named = principalMatch(s, p, bounded);
  if (!s.notPrincipal) return { matched: named !== 'none', why: describePrincipalMatch(named, p, false) };
  if (bounded && s.effect === 'Deny') {
    return { matched: true, why: `A Deny with NotPrincipal applies to every principal that has a permissions boundary, whatever NotPrincipal names; ${p.arn} has one` };
  }
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
  key: 'KMS key policy',
  'vpc-endpoint': 'VPC endpoint policy',
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
  const kinds = deniedBy !== undefined ? KINDS_OF[deniedBy] : undefined;
  const label = kinds !== undefined ? KIND_LABEL[kinds[0]!] : 'policy';
  const lines = [`Implicitly denied: ${what}. No ${label} allows it.`];
  const considered = kinds !== undefined ? policies.filter((p) => kinds.includes(p.kind)).length : policies.length;
  if (considered === 0) lines.push(`There is no ${label} to grant it: none applies to this request.`);
  for (const near of nearMisses(policies, deniedBy)) lines.push(`Almost: ${near.text}`);
  return lines.join('\n');
}

/** An Allow statement of the deciding type whose action matched but that did not apply. */
interface NearMiss {
  readonly policy: string;
  readonly text: string;
}

/** Allow statements of the deciding type whose action matched but that did not apply, and why. */
function nearMisses(policies: readonly PolicyTrace[], deniedBy: DenyingPolicyType | undefined): NearMiss[] {
  const kinds = deniedBy !== undefined ? KINDS_OF[deniedBy] : undefined;
  const out: NearMiss[] = [];
  for (const p of policies) {
    if (kinds !== undefined && !kinds.includes(p.kind)) continue;
    for (const s of p.statements) {
      if (s.effect !== 'Allow' || s.matched || !s.action.matched) continue;
      const reasons: string[] = [];
      if (s.resource !== undefined && !s.resource.matched) reasons.push(s.resource.why);
      if (s.principal !== undefined && !s.principal.matched) reasons.push(s.principal.why);
      for (const c of s.conditions) if (!c.matched) reasons.push(`condition ${c.operator} ${c.key} failed: ${c.why}`);
      out.push({ policy: p.id, text: `statement ${s.statement} of ${p.id}: ${reasons.join('; ')}` });
    }
  }
  return out;
}

/**
 * The smallest change that turns the decision around. AWS managed policies cannot be edited, so
 * for a denial by one the fix names a customer managed policy to grant from, the AWS managed
 * policy to detach, or another permissions boundary to set.
 */
function suggestFix(
  set: PolicySet,
  request: RequestContext,
  decision: Explanation['decision'],
  deniedBy: DenyingPolicyType | undefined,
  policies: readonly PolicyTrace[],
  deciding: readonly StatementRef[],
): FixSuggestion | undefined {
  if (decision === 'Allow' || deniedBy === undefined) return undefined;
  if (decision === 'ExplicitDeny') {
    const first = deciding[0];
    if (first === undefined) return undefined;
    const policy = orderedPolicies(set, request).find((p) => p.id === first.policy && p.kind === first.kind);
    const statement = policy !== undefined ? statementJson(policy, first.statement) : null;
    if (isAwsManagedPolicyArn(first.policy)) {
      return first.kind === 'boundary'
        ? {
            kind: 'replace-boundary',
            policyKind: 'boundary',
            policy: first.policy,
            statement,
            text: `The Deny statement ${first.statement} is in the permissions boundary ${first.policy}, an AWS managed policy, which cannot be edited: set a different permissions boundary, a customer managed policy without this Deny.`,
          }
        : {
            kind: 'detach-policy',
            policyKind: first.kind,
            policy: first.policy,
            statement,
            text: `The Deny statement ${first.statement} is in the AWS managed policy ${first.policy}, which cannot be edited: detach it, and grant what is still needed with a customer managed policy.`,
          };
    }
    return {
      kind: 'remove-deny',
      policyKind: first.kind,
      policy: first.policy,
      statement,
      text: `Remove or narrow the Deny statement ${first.statement} of ${KIND_LABEL[first.kind]} ${first.policy}; no Allow can override it.`,
    };
  }
  const kinds = KINDS_OF[deniedBy];
  const ofKind = policies.filter((p) => kinds.includes(p.kind));
  // A KMS key policy or trust policy that must allow is the one to change when it is there.
  const kind = ofKind[0]?.kind ?? kinds[0]!;
  const statement = allowStatementFor(request, kind);
  const json = JSON.stringify(statement);
  if (kind === 'boundary' && set.boundary !== undefined && isAwsManagedPolicyArn(set.boundary.id)) {
    return {
      kind: 'replace-boundary',
      policyKind: 'boundary',
      policy: set.boundary.id,
      statement,
      text: `The permissions boundary ${set.boundary.id} is an AWS managed policy, which cannot be edited: set a different permissions boundary, a customer managed policy that allows what the principal needs, including: ${json}`,
    };
  }
  if (kind === 'rcp') {
    return {
      kind: 'add-statement',
      policyKind: 'rcp',
      policy: undefined,
      statement,
      text: `An RCP allows only through RCPFullAWSAccess: attach RCPFullAWSAccess at every level from the organization root to the resource's account (${json}).`,
    };
  }
  const editable = ofKind.find((p) => !isAwsManagedPolicyArn(p.id));
  const onlyAwsManaged = editable === undefined && ofKind.length > 0;
  const target = editable?.id;
  const where =
    target !== undefined
      ? `${KIND_LABEL[kind]} ${target}`
      : onlyAwsManaged
        ? `a customer managed or inline ${KIND_LABEL[kind]} (${ofKind.map((p) => p.id).join(', ')} ${ofKind.length === 1 ? 'is an AWS managed policy' : 'are AWS managed policies'}, which cannot be edited)`
        : withArticle(KIND_LABEL[kind]);
  const near = nearMisses(policies, deniedBy).filter((n) => !isAwsManagedPolicyArn(n.policy));
  const text = `Add this statement to ${where}: ${json}` + (near.length > 0 ? ` — or change the statement that almost applied (${near[0]!.text}).` : '');
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
        : p.type === 'anonymous'
          ? '*'
          : { AWS: p.identityArn ?? p.arn };
  switch (kind) {
    case 'trust':
      return { Effect: 'Allow', Principal: principal, Action: request.action };
    case 'rcp':
      // RCPFullAWSAccess: the only Allow an RCP may have.
      return { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
    case 'resource':
    case 'key':
    case 'vpc-endpoint':
      return { Effect: 'Allow', Principal: principal, Action: request.action, Resource: request.resource };
    case 'identity':
    case 'boundary':
    case 'session':
    case 'scp':
      return { Effect: 'Allow', Action: request.action, Resource: request.resource };
  }
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
