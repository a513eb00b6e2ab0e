import type {
  CompiledPolicy,
  CompiledStatement,
  Decision,
  DenyingPolicyType,
  PolicySet,
  PrincipalMatch,
  RequestContext,
  RequestPrincipal,
} from './types.js';
import { RequestView } from './request-view.js';
import { groupIndex } from './group-index.js';

/** What one group of policies says about a request: whether a Deny applies, and the best Allow. */
interface GroupVerdict {
  readonly deny: boolean;
  /** How the strongest applying Allow names the principal; `none` when no Allow applies. */
  readonly allow: PrincipalMatch;
}

/** Receives every statement that applies to the request, for explanations. */
export type StatementRecorder = (policy: CompiledPolicy, statement: CompiledStatement) => void;

const EMPTY: GroupVerdict = { deny: false, allow: 'none' };
const RANK: Readonly<Record<PrincipalMatch, number>> = { none: 0, account: 1, identity: 2, session: 3 };

const ALLOW: Decision = { decision: 'Allow' };
const explicit = (deniedBy: DenyingPolicyType): Decision => ({ decision: 'ExplicitDeny', deniedBy });
const implicit = (deniedBy: DenyingPolicyType): Decision => ({ decision: 'ImplicitDeny', deniedBy });

/**
 * Decides one request against the policies that apply to it, following
 * reference_policies_evaluation-logic.md ("Determining whether a request is allowed or denied
 * within an account") and reference_policies_evaluation-logic-cross-account.md.
 */
export function evaluate(set: PolicySet, request: RequestContext, record?: StatementRecorder): Decision {
  const view = new RequestView(request);
  const p = request.principal;

  const scps = set.scps !== undefined && set.principalInManagementAccount !== true ? set.scps.map((level) => scan(level, view, record)) : undefined;
  const rcps = set.rcps !== undefined && set.resourceInManagementAccount !== true ? set.rcps.map((level) => scan(level, view, record)) : undefined;
  const resource = set.resource !== undefined ? scan(set.resource, view, record) : EMPTY;
  const trust = set.trust !== undefined ? scanOne(set.trust, view, record) : undefined;
  const identity = set.identity !== undefined ? scan(set.identity, view, record) : EMPTY;
  const boundary = set.boundary !== undefined ? scanOne(set.boundary, view, record) : undefined;
  const session = set.session !== undefined && set.session.length > 0 ? scan(set.session, view, record) : undefined;

  // 1. An explicit deny in any policy decides. When several types deny, AWS names one; we name the
  //    first in evaluation order.
  if (scps?.some((l) => l.deny) === true) return explicit('service control');
  if (rcps?.some((l) => l.deny) === true) return explicit('resource control');
  if (resource.deny) return explicit('resource-based');
  if (trust?.deny === true) return explicit('role trust');
  if (identity.deny) return explicit('identity-based');
  if (boundary?.deny === true) return explicit('permissions boundary');
  if (session?.deny === true) return explicit('session');

  // 2. SCPs, then RCPs: every level from the root down must allow. (AWS's message calls this an
  //    explicit deny even though no Deny statement applies; the decision itself is implicit.)
  if (scps?.some((l) => l.allow === 'none') === true) return implicit('service control');
  if (rcps?.some((l) => l.allow === 'none') === true) return implicit('resource control');

  // 3. A role trust policy must itself allow, even where an identity policy would (it is the
  //    resource-based policy of the role, and one that must explicitly allow).
  if (trust !== undefined && trust.allow === 'none') return implicit('role trust');

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
 * every policy is run so that each applying statement is reported.
 */
function scan(policies: readonly CompiledPolicy[], view: RequestView, record: StatementRecorder | undefined): GroupVerdict {
  if (record === undefined) return groupIndex(policies).program(view.actionLower).run(view, view.request.principal) ?? EMPTY;
  let deny = false;
  let allow: PrincipalMatch = 'none';
  for (const policy of policies) {
    const v = scanOne(policy, view, record);
    deny ||= v.deny;
    if (RANK[v.allow] > RANK[allow]) allow = v.allow;
  }
  return deny || allow !== 'none' ? { deny, allow } : EMPTY;
}

/** A policy as a group of its own, the same array every time, so its index is built once. */
const singles = new WeakMap<CompiledPolicy, readonly CompiledPolicy[]>();
function alone(policy: CompiledPolicy): readonly CompiledPolicy[] {
  let group = singles.get(policy);
  if (group === undefined) {
    group = [policy];
    singles.set(policy, group);
  }
  return group;
}

function scanOne(policy: CompiledPolicy, view: RequestView, record: StatementRecorder | undefined): GroupVerdict {
  if (record === undefined) return groupIndex(alone(policy)).program(view.actionLower).run(view, view.request.principal) ?? EMPTY;
  const principal = view.request.principal;
  let deny = false;
  let allow: PrincipalMatch = 'none';
  for (const s of policy.candidates(view.actionLower)) {
    if (!s.matchResource(view)) continue;
    const named = s.matchPrincipal(principal);
    if (named === 'none' || !conditionsHold(s, view)) continue;
    record(policy, s);
    if (s.effect === 'Deny') deny = true;
    else if (RANK[named] > RANK[allow]) allow = named;
  }
  return deny || allow !== 'none' ? { deny, allow } : EMPTY;
}

/** All conditions hold (AND across operators and keys). */
export function conditionsHold(s: CompiledStatement, view: RequestView): boolean {
  for (const c of s.conditions) if (!c.test(view)) return false;
  return true;
}
