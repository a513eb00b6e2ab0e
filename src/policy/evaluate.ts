import type {
  CompiledPolicy,
  Decision,
  DenyingPolicyType,
  PolicyKind,
  PolicySet,
  PolicyStatement,
  PrincipalMatch,
  PrincipalType,
  RequestContext,
  RequestPrincipal,
} from './types.js';
import { compiledSet, type Compiled, type CompiledSet, type CompiledStatement } from './compiled.js';
import { RequestView } from './request-view.js';
import { groupIndex } from './group-index.js';
import { viaEndpoint } from './vpc-endpoint.js';

/** What one group of policies says about a request: whether a Deny applies, and the best Allow. */
interface GroupVerdict {
  readonly deny: boolean;
  /** How the strongest applying Allow names the principal; `none` when no Allow applies. */
  readonly allow: PrincipalMatch;
}

/** Receives every statement that applies to the request, for explanations. */
export type StatementRecorder = (policy: CompiledPolicy, statement: PolicyStatement) => void;

const EMPTY: GroupVerdict = { deny: false, allow: 'none' };
const RANK: Readonly<Record<PrincipalMatch, number>> = { none: 0, account: 1, identity: 2, session: 3 };

const ALLOW: Decision = { decision: 'Allow' };
const explicit = (deniedBy: DenyingPolicyType): Decision => ({ decision: 'ExplicitDeny', deniedBy });
const implicit = (deniedBy: DenyingPolicyType): Decision => ({ decision: 'ImplicitDeny', deniedBy });

/** The policy kinds that sit on the resource's side of a request. */
export type ResourcePolicyKind = Extract<PolicyKind, 'resource' | 'trust' | 'key'>;

/**
 * Resource-side policy kinds. `mustAllow`: the policy must itself allow the request, whatever
 * identity-based policies say — a role trust policy (troubleshoot_roles.md: the trust policy must
 * name the caller or its account), and a KMS key policy ("Unless the key policy explicitly allows
 * it, you cannot use IAM policies to allow access to a KMS key", AWS KMS Developer Guide,
 * key-policy-default.md). A grant to the account in such a policy delegates to the account's
 * identity-based policies, which must then allow too.
 * `deniedBy`: the policy type AWS names when the policy does not allow (KMS answers "because no
 * resource-based policy allows the kms:Decrypt action").
 */
export const RESOURCE_POLICY_KINDS: Readonly<Record<ResourcePolicyKind, { readonly mustAllow: boolean; readonly deniedBy: DenyingPolicyType }>> = {
  resource: { mustAllow: false, deniedBy: 'resource-based' },
  trust: { mustAllow: true, deniedBy: 'role trust' },
  key: { mustAllow: true, deniedBy: 'resource-based' },
};

/**
 * Whose requests service control policies limit: principals of the organization's member
 * accounts — IAM users, role sessions, federated users and the root user ("SCPs apply to
 * principals in member accounts, including each AWS account root user", access_policies.md). An
 * AWS service principal or an anonymous caller is no principal of a member account.
 */
export const SCPS_APPLY: Readonly<Record<PrincipalType, boolean>> = {
  root: true,
  user: true,
  'assumed-role': true,
  'federated-user': true,
  service: false,
  anonymous: false,
};

/**
 * Decides one request against the policies that apply to it, following
 * reference_policies_evaluation-logic.md ("Determining whether a request is allowed or denied
 * within an account") and reference_policies_evaluation-logic-cross-account.md.
 */
export function evaluate(set: PolicySet, request: RequestContext, record?: StatementRecorder): Decision {
  const s = compiledSet(set);
  const view = new RequestView(request);
  const p = request.principal;
  // A Deny with NotPrincipal denies every principal that has a permissions boundary
  // (access_policies_boundaries.md; reference_policies_elements_notprincipal.md).
  const bounded = s.boundary !== undefined;

  const scps = s.scps !== undefined && s.principalInManagementAccount !== true && SCPS_APPLY[p.type] ? s.scps.map((level) => scan(level, view, record, false)) : undefined;
  const rcps = s.rcps !== undefined && s.resourceInManagementAccount !== true ? s.rcps.map((level) => scan(level, view, record, false)) : undefined;
  const endpoint = s.endpoint !== undefined && s.endpoint.length > 0 && viaEndpoint(view) ? scan(s.endpoint, view, record, bounded) : undefined;
  const resource = s.resource !== undefined ? scan(s.resource, view, record, bounded) : EMPTY;
  const trust = s.trust !== undefined ? scanOne(s.trust, view, record, bounded) : undefined;
  const identity = s.identity !== undefined ? scan(s.identity, view, record, false) : EMPTY;
  const boundary = s.boundary !== undefined ? scanOne(s.boundary, view, record, false) : undefined;
  const session = s.session !== undefined && s.session.length > 0 ? scan(s.session, view, record, false) : undefined;

  // 1. An explicit deny in any policy decides. When several types deny, AWS names one; we name the
  //    first in evaluation order.
  if (scps?.some((l) => l.deny) === true) return explicit('service control');
  if (rcps?.some((l) => l.deny) === true) return explicit('resource control');
  if (endpoint?.deny === true) return explicit('VPC endpoint');
  if (resource.deny) return explicit('resource-based');
  if (trust?.deny === true) return explicit('role trust');
  if (identity.deny) return explicit('identity-based');
  if (boundary?.deny === true) return explicit('permissions boundary');
  if (session?.deny === true) return explicit('session');

  // 2. SCPs, then RCPs: every level from the root down must allow. (AWS's message calls this an
  //    explicit deny even though no Deny statement applies; the decision itself is implicit.) The
  //    policy of the VPC endpoint the request came through must allow it too.
  if (scps?.some((l) => l.allow === 'none') === true) return implicit('service control');
  if (rcps?.some((l) => l.allow === 'none') === true) return implicit('resource control');
  if (endpoint !== undefined && endpoint.allow === 'none') return implicit('VPC endpoint');

  // 3. Resource-side policies that must explicitly allow on their own (RESOURCE_POLICY_KINDS):
  //    a role trust policy, a KMS key policy.
  const refused = mustAllowRefusal(s, view, trust, bounded);
  if (refused !== undefined) return implicit(refused);

  const grant = strongest(resource.allow, trust?.allow ?? 'none');
  const crossAccount = isCrossAccount(p, request);
  const hasIdentitySide = p.type !== 'service' && p.type !== 'anonymous';
  const identityAllows = p.type === 'root' || identity.allow !== 'none';

  if (!crossAccount) {
    // 4. Same account: a resource-based policy that names the caller itself grants directly.
    if (grant === 'session') return ALLOW;
    if (!hasIdentitySide) return implicit('resource-based');
    // A grant to the role ARN (or to the IAM user behind a federated session) stands in for the
    // identity-based policies but is still limited by boundaries and session policies.
    if (grant !== 'identity' && !identityAllows) return implicit('identity-based');
    return limits(p, boundary, session) ?? ALLOW;
  }

  // 5. Cross-account: the trusted account (identity side) and the trusting account (resource
  //    side) must both allow.
  if (hasIdentitySide) {
    if (!identityAllows) return implicit('identity-based');
    const limited = limits(p, boundary, session);
    if (limited !== undefined) return limited;
  }
  if (grant === 'none') return implicit(trust !== undefined ? 'role trust' : 'resource-based');
  return ALLOW;
}

/**
 * The policy type to name when a resource-side policy that must itself allow does not; undefined
 * when every such policy allows (or there is none).
 */
function mustAllowRefusal(s: CompiledSet, view: RequestView, trust: GroupVerdict | undefined, bounded: boolean): DenyingPolicyType | undefined {
  if (trust !== undefined && trust.allow === 'none') return RESOURCE_POLICY_KINDS.trust.deniedBy;
  const resource = s.resource;
  if (resource === undefined) return undefined;
  for (let i = 0; i < resource.length; i++) {
    const policy = resource[i]!;
    const rules = resourceRules(policy.kind);
    // Statements were already recorded by the group scan; this pass only decides.
    if (rules?.mustAllow === true && scanOne(policy, view, undefined, bounded).allow === 'none') return rules.deniedBy;
  }
  return undefined;
}

function resourceRules(kind: PolicyKind): (typeof RESOURCE_POLICY_KINDS)[ResourcePolicyKind] | undefined {
  return kind === 'resource' || kind === 'trust' || kind === 'key' ? RESOURCE_POLICY_KINDS[kind] : undefined;
}

/** Permissions boundaries and session policies: each present one must also allow. */
function limits(p: RequestPrincipal, boundary: GroupVerdict | undefined, session: GroupVerdict | undefined): Decision | undefined {
  if (p.type === 'root') return undefined;
  if (boundary !== undefined && boundary.allow === 'none') return implicit('permissions boundary');
  if (session !== undefined) {
    if (session.allow === 'none') return implicit('session');
  } else if (p.type === 'federated-user') {
    // A federated-user session without a session policy has no permissions of its own
    // (id_credentials_temp_control-access_getfederationtoken.md).
    return implicit('session');
  }
  return undefined;
}

function isCrossAccount(p: RequestPrincipal, request: RequestContext): boolean {
  return request.resourceAccount !== undefined && p.accountId !== undefined && request.resourceAccount !== p.accountId;
}

function strongest(a: PrincipalMatch, b: PrincipalMatch): PrincipalMatch {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Runs every candidate statement of a group of policies once. Without a recorder, statements that
 * decide alike are run once for the whole group (see GroupIndex); with one, every statement of
 * every policy is run so that each applying statement is reported. `bounded`: the principal has a
 * permissions boundary (decides Deny statements with NotPrincipal).
 */
function scan(policies: readonly Compiled[], view: RequestView, record: StatementRecorder | undefined, bounded: boolean): GroupVerdict {
  if (record === undefined) return groupIndex(policies).program(view.actionLower).run(view, view.request.principal, bounded) ?? EMPTY;
  let deny = false;
  let allow: PrincipalMatch = 'none';
  for (const policy of policies) {
    const v = scanOne(policy, view, record, bounded);
    deny ||= v.deny;
    if (RANK[v.allow] > RANK[allow]) allow = v.allow;
  }
  return deny || allow !== 'none' ? { deny, allow } : EMPTY;
}

/** A policy as a group of its own, the same array every time, so its index is built once. */
const singles = new WeakMap<Compiled, readonly Compiled[]>();
function alone(policy: Compiled): readonly Compiled[] {
  let group = singles.get(policy);
  if (group === undefined) {
    group = [policy];
    singles.set(policy, group);
  }
  return group;
}

function scanOne(policy: Compiled, view: RequestView, record: StatementRecorder | undefined, bounded: boolean): GroupVerdict {
  if (record === undefined) return groupIndex(alone(policy)).program(view.actionLower).run(view, view.request.principal, bounded) ?? EMPTY;
  const principal = view.request.principal;
  let deny = false;
  let allow: PrincipalMatch = 'none';
  for (const s of policy.candidates(view.actionLower)) {
    if (!s.matchResource(view)) continue;
    const named = principalMatch(s, principal, bounded);
    if (named === 'none' || !conditionsHold(s, view)) continue;
    record(policy, s);
    if (s.effect === 'Deny') deny = true;
    else if (RANK[named] > RANK[allow]) allow = named;
  }
  return deny || allow !== 'none' ? { deny, allow } : EMPTY;
}

/**
 * How a statement's Principal / NotPrincipal names the principal. A Deny with NotPrincipal applies
 * to every principal that has a permissions boundary, whatever it names.
 */
export function principalMatch(s: CompiledStatement, principal: RequestPrincipal, bounded: boolean): PrincipalMatch {
  return bounded && s.notPrincipal && s.effect === 'Deny' ? 'session' : s.matchPrincipal(principal);
}

/** All conditions hold (AND across operators and keys). */
export function conditionsHold(s: CompiledStatement, view: RequestView): boolean {
  for (const c of s.conditions) if (!c.test(view)) return false;
  return true;
}
