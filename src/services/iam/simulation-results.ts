/**
 * The policy simulator's answer, decided by the engine that authorizes every request (`decide`):
 * one EvaluationResult per action and resource, in AWS's shape (SimulatePolicyResponse in the IAM
 * model; recorded AWS answers in LocalStack's validated snapshots and the AWS CLI reference).
 *
 * As recorded: a result names its resource (`*` when ResourceArns is not given); with one
 * ResourceArn the result also carries ResourceSpecificResults for it and EvalDecisionDetails (empty
 * within one account); with several, one result per action carries a ResourceSpecificResult per
 * resource (published answers); MatchedStatements name each statement's policy
 * (`PolicyInputList.1`, `ResourcePolicy`, or the attached policy's name) with SourcePolicyType
 * `IAM Policy` or `Resource Policy` — the values AWS returns, not the model's enum — and the
 * statement's position; MissingContextValues lists every context key the policies use that the
 * request did not supply (also keys used only by statements for other actions, as AWS does).
 * Only the Deny statements are listed for an explicit deny.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import { decide, policyStatementPositions, type DetailedDecision, type MatchedStatement } from '../../policy/index.js';
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
 * One page of results, one per action: on `*` when no ResourceArns are given, on the one resource
 * given, or on several resources together with a ResourceSpecificResult for each (also for an EC2
 * resource-handling scenario).
 */
export function simulationResults(sim: Simulation, actions: readonly string[], resources: readonly string[] | undefined, page: PageRequest): WireRecord {
  const p = pageInMemory(actions, page);
  const run: Run = { sim, owners: new Map() };
  const one = resources === undefined ? '*' : resources.length === 1 ? resources[0] : undefined;
  const results = p.items.map((action) => (one !== undefined ? singleResult(run, action, one, one !== '*') : groupedResult(run, action, resources ?? [])));
  return { EvaluationResults: results, ...pageFields(p) };
}

/** One request's simulation, with each resource's owner found once. */
interface Run {
  readonly sim: Simulation;
  readonly owners: Map<string, string>;
}

interface ResourceOutcome {
  readonly resource: string;
  readonly decision: DetailedDecision;
  readonly crossAccount: boolean;
}

function outcome(run: Run, action: string, resource: string): ResourceOutcome {
  const sim = run.sim;
  let resourceAccount = run.owners.get(resource);
  if (resourceAccount === undefined) {
    resourceAccount = ownerOf(resource, sim.resourceOwner, sim.principalAccount);
    run.owners.set(resource, resourceAccount);
  }
  const decision = decide(sim.set, { principal: sim.principal, action, resource, resourceAccount, context: sim.context });
  return { resource, decision, crossAccount: resourceAccount !== sim.principalAccount };
}

function singleResult(run: Run, action: string, resource: string, named: boolean): WireRecord {
  const sim = run.sim;
  const o = outcome(run, action, resource);
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
 * One action on several resources: a ResourceSpecificResult for each, with its own decision and
 * statements. Published answers name the result's resource with the ARN template of the action's
 * resource type (`arn:aws:s3:::${BucketName}/${KeyName}`), from the Service Authorization
 * Reference that Gatehouse does not hold: `*` is given instead. Its decision here is the
 * resources' together — an explicit deny on any, allowed only if allowed on all — and its
 * MatchedStatements are empty, as in the published answers; AWS's rule for the decision is not
 * confirmed by a recording.
 */
function groupedResult(run: Run, action: string, resources: readonly string[]): WireRecord {
  const sim = run.sim;
  const outcomes = resources.map((r) => outcome(run, action, r));
  const decisions = outcomes.map((o) => o.decision.decision);
  const overall: DecisionKind = decisions.includes('ExplicitDeny') ? 'ExplicitDeny' : decisions.every((d) => d === 'Allow') ? 'Allow' : 'ImplicitDeny';
  const deciding = outcomes.find((o) => o.decision.decision === overall);
  return {
    EvalActionName: action,
    EvalResourceName: '*',
    EvalDecision: DECISION[overall],
    MatchedStatements: [],
    MissingContextValues: sim.missing,
    ...(deciding === undefined ? {} : organizationsDetail(sim, deciding.decision)),
    ...(deciding === undefined ? {} : boundaryDetail(sim, deciding.decision)),
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

function statementRecord(sim: Simulation, m: MatchedStatement): WireRecord {
  const source = sim.sources.get(m.policy) ?? { id: m.policy.id, type: 'IAM Policy' };
  const span = policyStatementPositions(m.policy)[m.statement.index];
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
