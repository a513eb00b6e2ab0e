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
    const out = o.json === true
      ? JSON.stringify({ recognised: r.recognised, catalogueId: r.recognised ? r.entry.id : null, readOnlyCalls: calls }, null, 2)
      : r.recognised
        ? [`${r.entry.id}: the read-only calls the doctor makes with account access:`, ...calls.map((c) => `  ${c.check}: ${c.calls.join(', ') || 'none (nothing readable)'}`)].join('\n')
        : 'Not recognised: no account calls would be made.';
    return { diagnosis: diagnosis(r), output: out };
  }
  if (!r.recognised || !wantsAccount || r.entry.checks.length === 0) {
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
    const findings = await runAccountChecks(r.entry, r.fields, given, reader);
    const d = diagnosis(r, { target: gatehouse ? 'gatehouse' : 'aws', endpoint, calls: reader.calls, findings });
    return { diagnosis: d, output: o.json === true ? JSON.stringify(d, null, 2) : formatDiagnosis(d) };
  } finally {
    sender.close();
  }
}
