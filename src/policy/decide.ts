/**
 * `evaluate`'s decision with the statements behind it: which statements decided, and what each
 * kind of policy said on its own. For callers that report statements rather than sentences — the
 * IAM policy simulator's `MatchedStatements`, `PermissionsBoundaryDecisionDetail` and
 * `EvalDecisionDetails`.
 */
import type { CompiledPolicy, Decision, DecisionKind, PolicyKind, PolicySet, PolicyStatement, RequestContext } from './types.js';
import { evaluate } from './evaluate.js';
import { orderedPolicies } from './explain.js';

/** A statement that applied to the request, with the policy it is in. */
export interface MatchedStatement {
  readonly policy: CompiledPolicy;
  readonly statement: PolicyStatement;
}

export interface DetailedDecision extends Decision {
  /**
   * The statements that decided, in evaluation order: the applying Deny statements for an explicit
   * deny, the applying Allow statements for an allow, none for an implicit deny.
   */
  readonly deciding: readonly MatchedStatement[];
  /**
   * For each kind of policy that took part: what its statements alone say — `ExplicitDeny` when a
   * Deny applies, else `Allow` when an Allow applies, else `ImplicitDeny`.
   */
  readonly byKind: Readonly<Partial<Record<PolicyKind, DecisionKind>>>;
}

/** Decides a request exactly as `evaluate` does, and says which statements decided. */
export function decide(set: PolicySet, request: RequestContext): DetailedDecision {
  const applied: MatchedStatement[] = [];
  const decision = evaluate(set, request, (policy, statement) => applied.push({ policy, statement }));
  const byKind: Partial<Record<PolicyKind, DecisionKind>> = {};
  for (const policy of orderedPolicies(set, request)) byKind[policy.kind] ??= 'ImplicitDeny';
  for (const m of applied) {
    const kind = m.policy.kind;
    if (m.statement.effect === 'Deny') byKind[kind] = 'ExplicitDeny';
    else if (byKind[kind] !== 'ExplicitDeny') byKind[kind] = 'Allow';
  }
  const deciding =
    decision.decision === 'ExplicitDeny'
      ? applied.filter((m) => m.statement.effect === 'Deny')
      : decision.decision === 'Allow'
        ? applied.filter((m) => m.statement.effect === 'Allow')
        : [];
  return { decision: decision.decision, deniedBy: decision.deniedBy, deciding, byKind };
}
