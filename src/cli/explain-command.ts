/**
 * `gatehouse explain`: the decision for `--principal`/`--action`/`--resource`/`--context`, read
 * from the running Gatehouse (or, with `--profile`/`--aws`, a real account) through IAM's and
 * Organizations' read-only APIs and decided by the engine; or, with `--request-id ID` /
 * `--last-denied`, the decision Gatehouse recorded for a request in its audit trail, with the
 * statements' current documents beside it.
 *
 * `--json` prints the report (see `src/explain/explain-report.ts`); from the trail it carries
 * `trail: { requestId, eventTime, eventName, eventSource }` as well.
 */
import type { ConditionNote, Json, PolicyTrace } from '../policy/index.js';
import { AccountReader } from '../doctor/account-reader.js';
import { CheckContext, gatherRequest } from '../doctor/account-checks.js';
import { sdkSender } from '../doctor/sdk-sender.js';
import { readPastedError } from '../doctor/pasted-text.js';
import { explainFromAccount, GROUPS, type ExplainReport, type StatementReport } from '../explain/explain-report.js';
import { compiledPolicies } from '../explain/policy-documents.js';
import { renderExplanation } from '../explain/render-explanation.js';
import { DEFAULT_DATA_DIR, resolveCredentials, resolveEndpoint } from './client-config.js';
import { fetchTrail, type TrailRecord } from './trail-command.js';

export interface ExplainOptions {
  readonly principal?: string;
  readonly action?: string;
  readonly resource?: string;
  readonly context?: readonly string[];
  readonly json?: boolean;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly aws?: boolean;
  readonly region?: string;
  readonly data?: string;
  readonly requestId?: string;
  readonly lastDenied?: boolean;
  /** Credentials to sign with instead of the chain (programmatic callers). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Colour the text (default: when standard output is a terminal and NO_COLOR is unset). */
  readonly colour?: boolean;
}

export type TrailExplainReport = ExplainReport & { readonly trail: { readonly requestId: string; readonly eventTime: string; readonly eventName: string; readonly eventSource: string } };

/** `KEY=VALUE` pairs; a key given twice gets both values. */
export function parseContext(pairs: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`--context takes KEY=VALUE, not ${p}`);
    const k = p.slice(0, eq);
    const v = p.slice(eq + 1);
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

export async function runExplain(o: ExplainOptions): Promise<{ report: ExplainReport; output: string }> {
  const useAws = o.endpoint === undefined && (o.profile !== undefined || o.aws === true);
  const endpoint = useAws ? undefined : resolveEndpoint(o.endpoint);
  const credentials = o.credentials ?? (useAws && o.profile !== undefined ? undefined : resolveCredentials(o.data ?? DEFAULT_DATA_DIR));
  const sender = sdkSender({ endpoint, region: o.region ?? 'us-east-1', profile: o.profile, credentials });
  const reader = new AccountReader(sender.send);
  try {
    let report: ExplainReport;
    if (o.requestId !== undefined || o.lastDenied === true) {
      if (endpoint === undefined || credentials === undefined) throw new Error('--request-id and --last-denied read Gatehouse\'s audit trail: give --endpoint (and credentials)');
      report = await fromTrail(reader, endpoint, credentials, o);
    } else {
      if (o.principal === undefined || o.action === undefined) throw new Error('give --principal ARN and --action ACTION (or --request-id ID / --last-denied)');
      report = await explainFromAccount(reader, { principal: o.principal, action: o.action, resource: o.resource, context: parseContext(o.context ?? []) });
    }
    const colour = o.colour ?? (process.stdout.isTTY === true && process.env.NO_COLOR === undefined);
    return { report, output: o.json === true ? JSON.stringify(report, null, 2) : renderExplanation(report, { colour }) };
  } finally {
    sender.close();
  }
}

interface RecordedExplanation {
  readonly decision?: ExplainReport['decision'];
  readonly deniedBy?: string;
  readonly message?: string;
  readonly summary?: string;
  readonly deciding?: ExplainReport['deciding'];
  readonly policies?: readonly PolicyTrace[];
  readonly fix?: { kind: string; policyKind: string; policy: string | null; statement: Json; text: string };
}

/** The decision Gatehouse recorded for a request, with the current documents of its statements. */
async function fromTrail(reader: AccountReader, endpoint: string, credentials: NonNullable<ExplainOptions['credentials']>, o: ExplainOptions): Promise<TrailExplainReport> {
  const records = await fetchTrail({ endpoint, credentials, region: 'us-east-1', deniedOnly: o.requestId === undefined, max: o.requestId === undefined ? 1 : 1000 });
  const record: TrailRecord | undefined = o.requestId !== undefined ? records.find((r) => r.requestID === o.requestId) : records[0];
  if (record === undefined) throw new Error(o.requestId !== undefined ? `no request ${o.requestId} in the audit trail` : 'no denied request in the audit trail');
  const recorded = (record.gatehouse ?? {}) as RecordedExplanation;
  if (recorded.decision === undefined) throw new Error(`request ${String(record.requestID)} has no recorded decision (it was refused before authorization: ${record.errorCode ?? 'no error'})`);
  const read = readPastedError(recorded.message ?? record.errorMessage ?? '').fields;
  const principal = read.principal ?? record.userIdentity?.arn ?? '';
  const action = read.action ?? `${record.eventSource.replace('.amazonaws.com', '')}:${record.eventName}`;
  const resource = read.resource ?? '*';
  // The documents as they stand now, for showing the statements; the decision is the recorded one.
  const gathered = principal !== '' ? await gatherRequest(new CheckContext(reader), principal, action, resource, {}) : { checks: [] };
  const documents = gathered.set !== undefined ? compiledPolicies(gathered.set) : undefined;
  const decidingKeys = new Set((recorded.deciding ?? []).map((d) => `${d.kind}\u0000${d.policy}\u0000${d.statement}`));
  const policies = recorded.policies ?? [];
  const groups = GROUPS.map((g) => ({
    policyType: g.label,
    policies: policies
      .filter((p) => p.kind === g.kind)
      .map((p) => ({
        id: p.id,
        kind: p.kind,
        statements: p.statements.map(
          (s): StatementReport => ({
            statement: s.statement,
            index: s.index,
            effect: s.effect,
            matched: s.matched,
            deciding: decidingKeys.has(`${s.kind}\u0000${p.id}\u0000${s.statement}`),
            action: s.action,
            resource: s.resource ?? null,
            principal: s.principal ?? null,
            conditions: s.conditions,
            document: documents?.statement(p.kind, p.id, s.index) ?? null,
          }),
        ),
      })),
  })).filter((g) => g.policies.length > 0);
  const failingConditions = policies.flatMap((p) =>
    p.statements.filter((s) => s.action.matched && (s.resource?.matched ?? true)).flatMap((s) => s.conditions.filter((c: ConditionNote) => !c.matched).map((c) => ({ ...c, policy: p.id, statement: s.statement }))),
  );
  return {
    decision: recorded.decision,
    deniedBy: recorded.deniedBy ?? null,
    message: recorded.message ?? null,
    summary: recorded.summary ?? '',
    request: { principal, action, resource, context: {} },
    groups,
    deciding: recorded.deciding ?? [],
    failingConditions,
    fix: recorded.fix ?? null,
    gaps: gathered.checks.filter((c) => c.status === 'gap').map((c) => c.detail),
    calls: reader.calls,
    trail: { requestId: String(record.requestID), eventTime: record.eventTime, eventName: record.eventName, eventSource: record.eventSource },
  };
}
