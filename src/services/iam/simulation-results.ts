/**
 * The policy simulator's answer, decided by the engine that authorizes every request (`decide`):
 * one EvaluationResult per action and resource, in AWS's shape (SimulatePolicyResponse in the IAM
 * model; recorded AWS answers in LocalStack's validated snapshots and the AWS CLI reference).
 *
 * As recorded: a result names its resource (`*` when ResourceArns is not given); with
 * ResourceArns each result also carries ResourceSpecificResults for its resource and
 * EvalDecisionDetails (empty within one account); MatchedStatements name each statement's policy
 * (`PolicyInputList.1`, `ResourcePolicy`, or the attached policy's name) with SourcePolicyType
 * `IAM Policy` or `Resource Policy` — the values AWS returns, not the model's enum — and the
 * statement's position; MissingContextValues lists every context key the policies use that the
 * request did not supply (also keys used only by statements for other actions, as AWS does).
 * Only the Deny statements are listed for an explicit deny.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import { decide, statementPositions, type DetailedDecision, type MatchedStatement, type StatementSpan } from '../../policy/index.js';
import type { CompiledPolicy, ContextValue, DecisionKind, PolicyKind, PolicySet, RequestPrincipal } from '../../policy/types.js';
import { pageFields, pageInMemory, type PageRequest } from './paging.js';
import { ownerOf } from './simulation-input.js';

/** How the simulator names a policy in MatchedStatements. */
export interface SimulationSource {
  readonly id: string;
  readonly type: 'IAM Policy' | 'Resource Policy';
}

export interface Simulation {
  readonly set: PolicySet;
  readonly principal: RequestPrincipal;
  /** The simulated caller's account: resources without an owner of their own belong to it. */
  readonly principalAccount: string;
  readonly resourceOwner: string | undefined;
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly sources: ReadonlyMap<CompiledPolicy, SimulationSource>;
  /** Context keys the policies use that the request does not supply. */
  readonly missing: readonly string[];
}

const DECISION: Readonly<Record<DecisionKind, 'allowed' | 'explicitDeny' | 'implicitDeny'>> = {
  Allow: 'allowed',
  ExplicitDeny: 'explicitDeny',
  ImplicitDeny: 'implicitDeny',
};

/** The kinds whose Allow statements grant, and so are listed for an allowed result. */
const GRANTING: ReadonlySet<PolicyKind> = new Set<PolicyKind>(['identity', 'resource', 'key', 'trust']);

/** The keys of EvalDecisionDetails for a cross-account result. AWS's key names are not confirmed by a recording. */
const IDENTITY_SIDE = 'IAM Policy';
const RESOURCE_SIDE = 'Resource Policy';

/**
 * One page of results. Each action is evaluated for each resource; with an EC2 resource-handling
 * scenario, the scenario's resources are evaluated together, one result per action.
 */
export function simulationResults(sim: Simulation, actions: readonly string[], resources: readonly string[] | undefined, grouped: boolean, page: PageRequest): WireRecord {
  if (grouped && resources !== undefined) {
    const p = pageInMemory(actions, page);
    return { EvaluationResults: p.items.map((a) => groupedResult(sim, a, resources)), ...pageFields(p) };
  }
  const pairs = actions.flatMap((action) => (resources ?? ['*']).map((resource) => ({ action, resource })));
  const p = pageInMemory(pairs, page);
  return { EvaluationResults: p.items.map((x) => singleResult(sim, x.action, x.resource, resources !== undefined)), ...pageFields(p) };
}

/** Each resource's owner, found once per simulation. */
const owners = new WeakMap<Simulation, Map<string, string>>();

function resourceAccountOf(sim: Simulation, resource: string): string {
  let byResource = owners.get(sim);
  if (byResource === undefined) {
    byResource = new Map();
    owners.set(sim, byResource);
  }
  let owner = byResource.get(resource);
  if (owner === undefined) {
    owner = ownerOf(resource, sim.resourceOwner, sim.principalAccount);
    byResource.set(resource, owner);
  }
  return owner;
}

interface ResourceOutcome {
  readonly resource: string;
  readonly decision: DetailedDecision;
  readonly crossAccount: boolean;
}

function outcome(sim: Simulation, action: string, resource: string): ResourceOutcome {
  const resourceAccount = resourceAccountOf(sim, resource);
  const decision = decide(sim.set, { principal: sim.principal, action, resource, resourceAccount, context: sim.context });
  return { resource, decision, crossAccount: resourceAccount !== sim.principalAccount };
}

function singleResult(sim: Simulation, action: string, resource: string, named: boolean): WireRecord {
  const o = outcome(sim, action, resource);
  const matched = matchedStatements(sim, o.decision);
  const boundary = boundaryDetail(sim, o.decision);
  return {
    EvalActionName: action,
    EvalResourceName: resource,
    EvalDecision: DECISION[o.decision.decision],
    MatchedStatements: matched,
    MissingContextValues: sim.missing,
    ...organizationsDetail(sim, o.decision),
    ...boundary,
    ...(named ? { EvalDecisionDetails: decisionDetails(o) } : {}),
    ...(named ? { ResourceSpecificResults: [resourceResult(sim, o, matched, boundary)] } : {}),
  };
}

/**
 * An EC2 scenario: the action on all its resources at once. The action is allowed only if it is
 * allowed on every resource; an explicit deny on any decides. AWS's EvalResourceName for such a
 * result is not confirmed by a recording; `*` is given.
 */
function groupedResult(sim: Simulation, action: string, resources: readonly string[]): WireRecord {
  const outcomes = resources.map((r) => outcome(sim, action, r));
  const decisions = outcomes.map((o) => o.decision.decision);
  const overall: DecisionKind = decisions.includes('ExplicitDeny') ? 'ExplicitDeny' : decisions.every((d) => d === 'Allow') ? 'Allow' : 'ImplicitDeny';
  const first = outcomes.find((o) => o.decision.decision === overall) ?? outcomes[0];
  return {
    EvalActionName: action,
    EvalResourceName: '*',
    EvalDecision: DECISION[overall],
    MatchedStatements: first === undefined ? [] : matchedStatements(sim, first.decision),
    MissingContextValues: sim.missing,
    ...(first === undefined ? {} : organizationsDetail(sim, first.decision)),
    ...(first === undefined ? {} : boundaryDetail(sim, first.decision)),
    EvalDecisionDetails: {},
    ResourceSpecificResults: outcomes.map((o) => resourceResult(sim, o, matchedStatements(sim, o.decision), boundaryDetail(sim, o.decision))),
  };
}

function resourceResult(sim: Simulation, o: ResourceOutcome, matched: WireRecord[], boundary: WireRecord): WireRecord {
  return {
    EvalResourceName: o.resource,
    EvalResourceDecision: DECISION[o.decision.decision],
    MatchedStatements: matched,
    MissingContextValues: sim.missing,
    ...(o.crossAccount ? { EvalDecisionDetails: decisionDetails(o) } : {}),
    ...boundary,
  };
}

/** The statements that decided: the granting Allow statements, or every applying Deny. */
function matchedStatements(sim: Simulation, d: DetailedDecision): WireRecord[] {
  const listed = d.decision === 'Allow' ? d.deciding.filter((m) => GRANTING.has(m.policy.kind)) : d.deciding;
  return listed.map((m) => statementRecord(sim, m));
}

const spans = new WeakMap<CompiledPolicy, readonly StatementSpan[]>();

function statementRecord(sim: Simulation, m: MatchedStatement): WireRecord {
  const source = sim.sources.get(m.policy) ?? { id: m.policy.id, type: 'IAM Policy' };
  let list = spans.get(m.policy);
  if (list === undefined) {
    list = statementPositions(m.policy.text);
    spans.set(m.policy, list);
  }
  const span = list[m.statement.index];
  return {
    SourcePolicyId: source.id,
    SourcePolicyType: source.type,
    ...(span === undefined
      ? {}
      : { StartPosition: { Line: span.start.line, Column: span.start.column }, EndPosition: { Line: span.end.line, Column: span.end.column } }),
  };
}

/** AllowedByPermissionsBoundary, when a permissions boundary takes part. */
function boundaryDetail(sim: Simulation, d: DetailedDecision): WireRecord {
  if (sim.set.boundary === undefined) return {};
  return { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: d.byKind.boundary === 'Allow' } };
}

/** AllowedByOrganizations, when the simulated account is in an organization (SCPs take part). */
function organizationsDetail(sim: Simulation, d: DetailedDecision): WireRecord {
  if (sim.set.scps === undefined) return {};
  return { OrganizationsDecisionDetail: { AllowedByOrganizations: d.deniedBy !== 'service control' } };
}

/**
 * EvalDecisionDetails: empty within one account; across accounts, the decision of each side —
 * the caller's identity-based policies (with its boundary) and the resource-based policy.
 */
function decisionDetails(o: ResourceOutcome): WireRecord {
  if (!o.crossAccount) return {};
  const k = o.decision.byKind;
  const identity: DecisionKind =
    k.identity === 'ExplicitDeny' || k.boundary === 'ExplicitDeny'
      ? 'ExplicitDeny'
      : k.identity === 'Allow' && (k.boundary === undefined || k.boundary === 'Allow')
        ? 'Allow'
        : 'ImplicitDeny';
  return { [IDENTITY_SIDE]: DECISION[identity], [RESOURCE_SIDE]: DECISION[k.resource ?? 'ImplicitDeny'] };
}
