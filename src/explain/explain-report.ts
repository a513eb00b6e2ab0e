/**
 * `gatehouse explain`: why a request is allowed or denied, from the policies an account holds.
 * The documents are read through IAM and Organizations (GetAccountAuthorizationDetails, the SCPs)
 * with the same read-only calls the doctor makes, so it works against the running Gatehouse and
 * against a real account alike; the engine (`gatehouse/policy`) decides and explains.
 *
 * The report (`--json`, stable):
 * `{ decision, deniedBy, message, summary, request: { principal, action, resource, context },
 *    groups: [{ policyType, policies: [{ id, kind, statements: [{ statement, effect, matched,
 *    deciding, action, resource, principal, conditions, document }] }] }], deciding,
 *    failingConditions: [{ policy, statement, operator, key, policyValues, requestValues, why }],
 *    fix, gaps, calls }`
 * `document` is the statement as it stands in its policy (JSON), or null when not known.
 */
import { explain, type Explanation, type Json, type PolicyKind, type PolicySet, type ConditionNote, type StatementTrace } from '../policy/index.js';
import type { AccountReader, CallRecord } from '../doctor/account-reader.js';
import { CheckContext, gatherRequest } from '../doctor/account-checks.js';
import { compiledPolicies } from './policy-documents.js';

export interface ExplainQuery {
  readonly principal: string;
  readonly action: string;
  readonly resource?: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface StatementReport {
  readonly statement: string;
  readonly index: number;
  readonly effect: 'Allow' | 'Deny';
  readonly matched: boolean;
  /** The statement decided the request (a matching Deny of a denial, a granting Allow of an allow). */
  readonly deciding: boolean;
  readonly action: { readonly matched: boolean; readonly why: string };
  readonly resource: { readonly matched: boolean; readonly why: string } | null;
  readonly principal: { readonly matched: boolean; readonly why: string } | null;
  readonly conditions: readonly ConditionNote[];
  readonly document: Json;
}

export interface PolicyReport {
  readonly id: string;
  readonly kind: PolicyKind;
  readonly statements: readonly StatementReport[];
}

export interface ExplainReport {
  readonly decision: Explanation['decision'];
  readonly deniedBy: string | null;
  readonly message: string | null;
  readonly summary: string;
  readonly request: { readonly principal: string; readonly action: string; readonly resource: string; readonly context: Readonly<Record<string, string | readonly string[]>> };
  readonly groups: readonly { readonly policyType: string; readonly policies: readonly PolicyReport[] }[];
  readonly deciding: readonly { readonly policy: string; readonly kind: string; readonly statement: string; readonly effect: string }[];
  readonly failingConditions: readonly (ConditionNote & { readonly policy: string; readonly statement: string })[];
  readonly fix: { readonly kind: string; readonly policyKind: string; readonly policy: string | null; readonly statement: Json; readonly text: string } | null;
  /** What could not be read (a gap in the evidence), in words. */
  readonly gaps: readonly string[];
  readonly calls: readonly CallRecord[];
}

/** Policy kinds in the order the report groups them, with the group's name. */
export const GROUPS: readonly { readonly kind: PolicyKind; readonly label: string }[] = [
  { kind: 'scp', label: 'service control policies' },
  { kind: 'rcp', label: 'resource control policies' },
  { kind: 'vpc-endpoint', label: 'VPC endpoint policies' },
  { kind: 'resource', label: 'resource-based policies' },
  { kind: 'key', label: 'KMS key policies' },
  { kind: 'trust', label: 'role trust policy' },
  { kind: 'identity', label: 'identity-based policies' },
  { kind: 'boundary', label: 'permissions boundary' },
  { kind: 'session', label: 'session policies' },
];

/** Reads the account and explains the request; undefined set (the principal's policies unreadable) gives an error. */
export async function explainFromAccount(reader: AccountReader, q: ExplainQuery): Promise<ExplainReport> {
  const ctx = new CheckContext(reader);
  const resource = q.resource ?? '*';
  const gathered = await gatherRequest(ctx, q.principal, q.action, resource, q.context ?? {});
  const gaps = gathered.checks.filter((c) => c.status === 'gap' || c.status === 'holds').map((c) => c.detail);
  if (gathered.set === undefined || gathered.request === undefined) {
    throw new ExplainUnavailable(gaps.join(' ') || `The policies of ${q.principal} could not be read.`, reader.calls);
  }
  return reportOf(gathered.set, gathered.request, gaps, reader.calls, q.context ?? {});
}

export class ExplainUnavailable extends Error {
  readonly calls: readonly CallRecord[];

  constructor(message: string, calls: readonly CallRecord[]) {
    super(message);
    this.name = 'ExplainUnavailable';
    this.calls = calls;
  }
}

/** The report of one decision over a set: the engine's explanation with each statement's document. */
export function reportOf(set: PolicySet, request: Parameters<typeof explain>[1], gaps: readonly string[], calls: readonly CallRecord[], context: Readonly<Record<string, string | readonly string[]>>): ExplainReport {
  const e = explain(set, request, { namesAnyResource: request.action.toLowerCase().startsWith('iam:') });
  const documents = compiledPolicies(set);
  const decidingKeys = new Set(e.deciding.map((d) => `${d.kind}\u0000${d.policy}\u0000${d.statement}`));
  const statementReport = (policyId: string, s: StatementTrace): StatementReport => ({
    statement: s.statement,
    index: s.index,
    effect: s.effect,
    matched: s.matched,
    deciding: decidingKeys.has(`${s.kind}\u0000${policyId}\u0000${s.statement}`),
    action: s.action,
    resource: s.resource ?? null,
    principal: s.principal ?? null,
    conditions: s.conditions,
    document: documents.statement(s.kind, policyId, s.index),
  });
  const groups = GROUPS.map((g) => ({
    policyType: g.label,
    policies: e.policies.filter((p) => p.kind === g.kind).map((p) => ({ id: p.id, kind: p.kind, statements: p.statements.map((s) => statementReport(p.id, s)) })),
  })).filter((g) => g.policies.length > 0);
  const failingConditions = e.policies.flatMap((p) =>
    p.statements.filter((s) => s.action.matched && (s.resource?.matched ?? true)).flatMap((s) => s.conditions.filter((c) => !c.matched).map((c) => ({ ...c, policy: p.id, statement: s.statement }))),
  );
  return {
    decision: e.decision,
    deniedBy: e.deniedBy ?? null,
    message: e.message ?? null,
    summary: e.summary,
    request: { principal: request.principal.arn, action: request.action, resource: request.resource, context },
    groups,
    deciding: e.deciding.map((d) => ({ policy: d.policy, kind: d.kind, statement: d.statement, effect: d.effect })),
    failingConditions,
    fix: e.fix !== undefined ? { kind: e.fix.kind, policyKind: e.fix.policyKind, policy: e.fix.policy ?? null, statement: e.fix.statement, text: e.fix.text } : null,
    gaps,
    calls,
  };
}
