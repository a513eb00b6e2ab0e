/**
 * `gatehouse doctor "<error text>"` (or `--stdin`, or a file): names the error-catalogue entry the
 * text is, with the documented causes and fix; with account access (`--endpoint` for Gatehouse,
 * `--profile` / `--aws` for AWS) it checks which cause holds with read-only calls, listed by
 * `--explain-calls`. Recognising loads only the catalogue and the recognisers; the policy engine
 * and the AWS SDK load only when an account is read.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { recognise } from '../doctor/recognise.js';
import { diagnosis, formatDiagnosis, type Diagnosis } from '../doctor/diagnosis.js';
import { PLANNED_CALLS } from '../doctor/account-reader.js';
import type { GivenFacts } from '../doctor/account-checks.js';
import { CHECKLIST_FOR_ENTRY, type ChecklistSection } from '../doctor/entry-checklists.js';

export interface DoctorOptions {
  readonly stdin?: boolean;
  readonly file?: string;
  readonly json?: boolean;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly region?: string;
  readonly aws?: boolean;
  readonly data?: string;
  readonly explainCalls?: boolean;
  readonly principal?: string;
  readonly action?: string;
  readonly resource?: string;
  readonly roleArn?: string;
  readonly issuer?: string;
  readonly user?: string;
  /** The EKS cluster, service account and namespace a cluster-side failure happened in: the doctor runs that entry's checklist (irsa or aws-auth). */
  readonly cluster?: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  /** Credentials to sign with instead of the chain (programmatic callers). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/** The text to diagnose: the arguments (or the file one names), `--file`, or standard input. */
export async function doctorInput(args: readonly string[], o: DoctorOptions): Promise<string> {
  if (o.stdin === true || (args.length === 0 && o.file === undefined && !process.stdin.isTTY)) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  if (o.file !== undefined) return readFileSync(o.file, 'utf8');
  if (args.length === 1 && args[0]!.length < 4096 && !args[0]!.includes('\n') && existsSync(args[0]!) && statSync(args[0]!).isFile()) return readFileSync(args[0]!, 'utf8');
  return args.join(' ');
}

/** Runs the doctor; returns the diagnosis (printed by the caller). */
export async function runDoctor(text: string, o: DoctorOptions): Promise<{ diagnosis: Diagnosis; output: string }> {
  const r = recognise(text);
  const wantsAccount = o.endpoint !== undefined || o.profile !== undefined || o.aws === true;
  if (o.explainCalls === true) {
    const checks = r.recognised ? r.entry.checks : [];
    const calls = checks.map((c) => ({ check: c, calls: PLANNED_CALLS[c] }));
    // With --cluster, a cluster-side entry's checklist runs too: its calls are listed step by step.
    const cl = r.recognised && o.cluster !== undefined ? CHECKLIST_FOR_ENTRY[r.entry.id] : undefined;
    const checklistCalls =
      cl === 'irsa'
        ? Object.entries((await import('../doctor/irsa.js')).IRSA_PLANNED_CALLS).map(([step, c]) => ({ step, calls: c }))
        : cl === 'aws-auth'
          ? [{ step: 'aws-auth', calls: (await import('../doctor/aws-auth.js')).AWS_AUTH_PLANNED_CALLS }]
          : undefined;
    const out = o.json === true
      ? JSON.stringify({ recognised: r.recognised, catalogueId: r.recognised ? r.entry.id : null, readOnlyCalls: calls, ...(cl !== undefined ? { checklist: { check: cl, readOnlyCalls: checklistCalls } } : {}) }, null, 2)
      : r.recognised
        ? [
            `${r.entry.id}: the read-only calls the doctor makes with account access:`,
            ...calls.map((c) => `  ${c.check}: ${c.calls.join(', ') || 'none (nothing readable)'}`),
            ...(cl !== undefined ? [`and its checklist, doctor ${cl}:`, ...(checklistCalls ?? []).map((c) => `  ${c.step}: ${c.calls.join(', ') || 'none'}`)] : []),
          ].join('\n')
        : 'Not recognised: no account calls would be made.';
    return { diagnosis: diagnosis(r), output: out };
  }
  const checklist = r.recognised && wantsAccount && o.cluster !== undefined ? CHECKLIST_FOR_ENTRY[r.entry.id] : undefined;
  if (!r.recognised || !wantsAccount || (r.entry.checks.length === 0 && checklist === undefined)) {
    const d = diagnosis(r);
    return { diagnosis: d, output: o.json === true ? JSON.stringify(d, null, 2) : formatDiagnosis(d) };
  }
  const [{ AccountReader }, { runAccountChecks }, { sdkSender }, { resolveCredentials, resolveEndpoint, DEFAULT_DATA_DIR }] = await Promise.all([
    import('../doctor/account-reader.js'),
    import('../doctor/account-checks.js'),
    import('../doctor/sdk-sender.js'),
    import('./client-config.js'),
  ]);
  const gatehouse = o.endpoint !== undefined;
  const endpoint = gatehouse ? resolveEndpoint(o.endpoint) : undefined;
  const credentials = o.credentials ?? (gatehouse && o.profile === undefined ? resolveCredentials(o.data ?? DEFAULT_DATA_DIR) : undefined);
  const sender = sdkSender({ endpoint, region: o.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1', profile: o.profile, credentials });
  const reader = new AccountReader(sender.send);
  const given: GivenFacts = { principal: o.principal, action: o.action, resource: o.resource, roleArn: o.roleArn, issuer: o.issuer, userName: o.user };
  try {
    let findings = await runAccountChecks(r.entry, r.fields, given, reader);
    let section: ChecklistSection | undefined;
    if (checklist !== undefined) {
      section = await runEntryChecklist(checklist, o, r.fields.principal);
      const first = section.failed[0];
      if (findings.cause === undefined && first !== undefined) findings = { ...findings, cause: `${first.detail}${first.fix !== null ? ` Fix: ${first.fix}` : ''}` };
    }
    const d = diagnosis(r, { target: gatehouse ? 'gatehouse' : 'aws', endpoint, calls: reader.calls, findings, ...(section !== undefined ? { checklist: section } : {}) });
    return { diagnosis: d, output: o.json === true ? JSON.stringify(d, null, 2) : formatDiagnosis(d) };
  } finally {
    sender.close();
  }
}

/**
 * The cluster-side entry's checklist (`doctor irsa` or `doctor aws-auth`) with the same account
 * access; its failed steps are the evidence of which documented cause holds.
 */
async function runEntryChecklist(check: 'irsa' | 'aws-auth', o: DoctorOptions, principalInText: string | undefined): Promise<ChecklistSection> {
  const cluster = o.cluster ?? '';
  if (check === 'irsa' && (o.serviceAccount === undefined || o.serviceAccount === '')) {
    return { check, cluster, ran: false, detail: 'Give --service-account (and --namespace) to run the IRSA checklist for this failure.', failed: [], gaps: [], calls: [] };
  }
  const { runDoctorIrsa, runDoctorAwsAuth } = await import('./doctor-k8s-command.js');
  // -f names the error text here, not a pod manifest.
  const k8s = { ...o, json: true, explainCalls: false, file: undefined, principal: o.principal ?? principalInText };
  let run: { output: string };
  try {
    run = check === 'irsa' ? await runDoctorIrsa(k8s) : await runDoctorAwsAuth(k8s);
  } catch (err) {
    return { check, cluster, ran: false, detail: `Gap in the evidence: doctor ${check} could not run (${(err as Error).message}).`, failed: [], gaps: [], calls: [] };
  }
  const out = JSON.parse(run.output) as { calls?: { service: string; operation: string }[]; steps?: Step[]; findings?: Step[] };
  const steps = (out.steps ?? out.findings ?? []).map((s) => ({ step: s.id, status: s.status, detail: s.detail, fix: s.fix ?? null }));
  const failed = steps.filter((s) => s.status === 'fail').map(({ step, detail, fix }) => ({ step, detail, fix }));
  const gaps = steps.filter((s) => s.status === 'gap').map(({ step, detail, fix }) => ({ step, detail, fix }));
  return {
    check,
    cluster,
    ran: true,
    detail: failed.length > 0 ? `doctor ${check}: ${failed.map((f) => f.step).join(', ')} failed.` : `doctor ${check}: no step failed.`,
    failed,
    gaps,
    calls: (out.calls ?? []).map((c) => `${c.service}:${c.operation}`),
  };
}

interface Step {
  readonly id: string;
  readonly status: string;
  readonly detail: string;
  readonly fix?: string;
}
