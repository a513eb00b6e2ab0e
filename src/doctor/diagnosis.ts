/**
 * The doctor's answer, as the stable `--json` shape and as text for people.
 *
 * Recognised:
 * `{ recognised: true, catalogueId, title, group, surface, catalogueMessage, client, fields, causes,
 *    fix, checks: [{ check, calls, status, detail }], related, source, account? }`
 * where `status` is `not-run` without account access, else `holds` / `does-not-hold` / `gap` /
 * `info`, and `account` (only when an account was read) is `{ target, endpoint, calls, cause,
 * engine }`, and `checklist` (only when a cluster-side entry was diagnosed with `--cluster`) is
 * `{ check: 'irsa' | 'aws-auth', cluster, ran, detail, failed: [{ step, detail, fix }], gaps,
 * calls }`.
 *
 * Not recognised: `{ recognised: false, client, fields, closest: [{ catalogueId, title, score }] }`.
 */
import type { AccountCheck } from './catalogue.js';
import { PLANNED_CALLS, type CallRecord } from './account-reader.js';
import type { AccountFindings, CheckStatus, EngineFinding } from './account-checks.js';
import type { Recognition } from './recognise.js';
import type { ErrorFields, ClientKind } from './pasted-text.js';
import type { ChecklistSection } from './entry-checklists.js';

export interface DiagnosisCheck {
  readonly check: AccountCheck;
  readonly calls: readonly string[];
  readonly status: CheckStatus | 'not-run';
  readonly detail: string;
}

export interface AccountSection {
  readonly target: 'gatehouse' | 'aws';
  readonly endpoint: string | null;
  readonly calls: readonly CallRecord[];
  /** The documented cause the evidence shows; null when it shows none. */
  readonly cause: string | null;
  readonly engine: EngineFinding | null;
}

export type Diagnosis =
  | {
      readonly recognised: true;
      readonly catalogueId: string;
      readonly title: string;
      readonly group: 'E' | 'F' | 'S';
      readonly surface: string;
      readonly catalogueMessage: string;
      readonly client: ClientKind;
      readonly fields: ErrorFields;
      readonly causes: readonly string[];
      readonly fix: string;
      readonly checks: readonly DiagnosisCheck[];
      readonly related: readonly string[];
      readonly source: string;
      readonly account?: AccountSection;
      readonly checklist?: ChecklistSection;
    }
  | {
      readonly recognised: false;
      readonly client: ClientKind;
      readonly fields: ErrorFields;
      readonly closest: readonly { readonly catalogueId: string; readonly title: string; readonly score: number }[];
    };

export function diagnosis(
  r: Recognition,
  account?: { target: 'gatehouse' | 'aws'; endpoint: string | undefined; calls: readonly CallRecord[]; findings: AccountFindings; checklist?: ChecklistSection },
): Diagnosis {
  if (!r.recognised) return { recognised: false, client: r.client, fields: r.fields, closest: r.closest };
  const e = r.entry;
  const found = account?.findings.checks ?? [];
  const checks: DiagnosisCheck[] =
    account === undefined
      ? e.checks.map((check) => ({ check, calls: PLANNED_CALLS[check], status: 'not-run', detail: 'Needs account access (--endpoint for Gatehouse, --profile/--aws for AWS).' }))
      : found.map((c) => ({ check: c.check, calls: PLANNED_CALLS[c.check], status: c.status, detail: c.detail }));
  return {
    recognised: true,
    catalogueId: e.id,
    title: e.title,
    group: e.group,
    surface: e.surface,
    catalogueMessage: e.message,
    client: r.client,
    fields: r.fields,
    causes: e.causes,
    fix: e.fix,
    checks,
    related: r.related,
    source: e.source,
    ...(account !== undefined
      ? {
          account: {
            target: account.target,
            endpoint: account.endpoint ?? null,
            calls: account.calls,
            cause: account.findings.cause ?? null,
            engine: account.findings.engine ?? null,
          },
        }
      : {}),
    ...(account?.checklist !== undefined ? { checklist: account.checklist } : {}),
  };
}

const CLIENT_LABEL: Readonly<Record<ClientKind, string>> = {
  'aws-cli': 'the AWS CLI',
  boto3: 'boto3 (botocore ClientError)',
  'js-sdk': 'the AWS SDK for JavaScript',
  kubectl: 'kubectl',
  xml: 'an XML error body',
  json: 'a JSON error body',
  unknown: 'plain text',
};

const FIELD_LABEL: Readonly<Record<string, string>> = {
  code: 'error code',
  operation: 'operation',
  principal: 'principal',
  principalAccount: 'account',
  action: 'action',
  resource: 'resource',
  denial: 'denial',
  policyType: 'policy type',
  transitivePolicyType: 'through',
  issuer: 'issuer',
  audience: 'audience',
  roleArn: 'role ARN',
  cluster: 'cluster',
  region: 'region',
  namespace: 'namespace',
  serviceAccount: 'service account',
  userName: 'user',
  policyName: 'policy',
  policyVersion: 'policy version',
};

/** The diagnosis for people: entry, what was read, documented causes and fix, and the evidence. */
export function formatDiagnosis(d: Diagnosis): string {
  const lines: string[] = [];
  const fieldLines = (f: ErrorFields): void => {
    for (const [k, label] of Object.entries(FIELD_LABEL)) {
      const v = (f as Record<string, string | undefined>)[k];
      if (v !== undefined && k !== 'message') lines.push(`  ${label.padEnd(16)} ${v}`);
    }
  };
  if (!d.recognised) {
    lines.push('Not recognised: this text matches no entry of the error catalogue, so there is no documented cause to give.');
    if (Object.keys(d.fields).length > 0) {
      lines.push('', 'Read from the text:');
      fieldLines(d.fields);
    }
    if (d.closest.length > 0) {
      lines.push('', 'Closest entries (by shared words, not a diagnosis):');
      for (const c of d.closest) lines.push(`  ${c.catalogueId}  ${c.title}  (${Math.round(c.score * 100)}%)`);
    }
    return lines.join('\n');
  }
  lines.push(`${d.catalogueId}: ${d.title}`, `  seen in: ${d.surface}; printed by ${CLIENT_LABEL[d.client]}`);
  if (Object.keys(d.fields).filter((k) => k !== 'message').length > 0) {
    lines.push('', 'Read from the text:');
    fieldLines(d.fields);
  }
  lines.push('', d.causes.length === 1 ? 'Documented cause:' : 'Documented causes (one of):');
  for (const c of d.causes) lines.push(`  - ${c}`);
  lines.push('', `Fix: ${d.fix}`);
  if (d.account !== undefined) {
    lines.push('', `Evidence from ${d.account.target === 'gatehouse' ? `Gatehouse at ${d.account.endpoint ?? '?'}` : 'the AWS account'}:`);
    for (const c of d.checks) lines.push(`  [${c.status}] ${c.detail}`);
    const eng = d.account.engine;
    if (eng !== null) {
      lines.push(`  engine: ${eng.decision}${eng.deniedBy !== null ? ` (by ${eng.deniedBy} policy)` : ''}${eng.catalogueId !== null ? ` = ${eng.catalogueId}` : ''}`);
      for (const s of eng.summary.split('\n').slice(1)) lines.push(`    ${s}`);
      if (eng.fix !== null) lines.push(`  smallest fix: ${eng.fix}`);
    }
    const cl = d.checklist;
    if (cl !== undefined) {
      lines.push(`  checklist doctor ${cl.check} --cluster ${cl.cluster}: ${cl.detail}`);
      for (const f of [...cl.failed, ...cl.gaps]) lines.push(`    [${cl.failed.includes(f) ? 'fail' : 'gap'}] ${f.step}: ${f.detail}${f.fix !== null ? ` Fix: ${f.fix}` : ''}`);
    }
    lines.push(d.account.cause !== null ? `  Cause that holds: ${d.account.cause}` : '  The evidence read does not single out one documented cause.');
    lines.push(`  Calls made: ${d.account.calls.map((c) => `${c.service}:${c.operation} (${c.outcome})`).join(', ') || 'none'}`);
    if (cl !== undefined && cl.calls.length > 0) lines.push(`  Checklist calls: ${cl.calls.join(', ')}`);
  } else if (d.checks.length > 0) {
    lines.push('', 'With account access (--endpoint URL for Gatehouse, --profile/--aws for AWS), the doctor would check:');
    for (const c of d.checks) lines.push(`  - ${c.check}: ${c.calls.join(', ') || 'nothing it can read'}`);
  }
  if (d.related.length > 0) lines.push('', `See also: ${d.related.join(', ')}`);
  lines.push(`Source: ${d.source}`);
  return lines.join('\n');
}
