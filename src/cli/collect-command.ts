/**
 * `gatehouse collect --out FILE|DIR`: makes the read-only IAM, Organizations and EKS calls a copy
 * of an account is made from (import/collect.ts) through the AWS SDK — against AWS with the standard
 * credential chain (`--aws`, `--profile`), or against a Gatehouse (`--endpoint`, else
 * `GATEHOUSE_ENDPOINT`, else http://127.0.0.1:4599, signed with the standard chain or the data
 * directory's root profile) — and writes what `gatehouse import` reads: one bundle file, or a
 * directory with one file per call, each the output as the CLI prints it, named after the call and
 * what it was asked about. Calls that are denied are gaps, listed in the summary (`--json`:
 * `CollectReport`) and in the bundle.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AccountReader, CallRecord } from '../doctor/account-reader.js';
import type { Bundle, BundleCall } from '../import/cli-outputs.js';
import type { StaticCredentials } from '../server/credentials-file.js';

export interface CollectOptions {
  readonly out: string;
  readonly endpoint?: string;
  readonly aws?: boolean;
  readonly profile?: string;
  readonly region?: readonly string[];
  readonly data?: string;
  readonly json?: boolean;
  /** Credentials to sign with (tests); else the chain described above. */
  readonly credentials?: StaticCredentials;
}

export interface CollectReport {
  readonly target: 'gatehouse' | 'aws';
  /** The Gatehouse endpoint; absent for AWS. */
  readonly endpoint?: string;
  readonly regions: readonly string[];
  readonly out: string;
  readonly format: 'bundle' | 'directory';
  /** The files written (one for a bundle). */
  readonly files: readonly string[];
  /** Calls made (every page counts), gaps included. */
  readonly calls: number;
  readonly collected: {
    /** From GetAccountAuthorizationDetails; null when it was not read (a gap). */
    readonly iam: { readonly users: number; readonly groups: number; readonly roles: number; readonly policies: number } | null;
    readonly organization: string | null;
    readonly organizationalUnits: number;
    readonly accounts: number;
    readonly policies: number;
    /** ListTagsForResource outputs read (root, OUs, accounts, customer managed policies). */
    readonly taggedResources: number;
    readonly tags: number;
    readonly clusters: number;
    readonly accessEntries: number;
    readonly podIdentityAssociations: number;
  };
  /** Calls that did not answer, with AWS's error: what the copy lacks. */
  readonly gaps: readonly CallRecord[];
}

export async function runCollect(o: CollectOptions): Promise<{ report: CollectReport; output: string }> {
  const [{ AccountReader: Reader }, { sdkSender }, { collect }, { resolveCredentials, resolveEndpoint, DEFAULT_DATA_DIR }] = await Promise.all([
    import('../doctor/account-reader.js'),
    import('../doctor/sdk-sender.js'),
    import('../import/collect.js'),
    import('./client-config.js'),
  ]);
  const gatehouse = o.endpoint !== undefined || (o.aws !== true && o.profile === undefined);
  const endpoint = gatehouse ? resolveEndpoint(o.endpoint) : undefined;
  const credentials = o.credentials ?? (gatehouse && o.profile === undefined ? resolveCredentials(o.data ?? DEFAULT_DATA_DIR) : undefined);
  const regions = o.region !== undefined && o.region.length > 0 ? [...new Set(o.region)] : [process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1'];
  const senders = regions.map((region) => sdkSender({ endpoint, region, profile: o.profile, credentials }));
  const readers = new Map<string, AccountReader>(regions.map((region, i) => [region, new Reader(senders[i]!.send)]));
  try {
    const { bundle, gaps, calls } = await collect({ organizations: readers.get(regions[0]!)!, eks: readers });
    if (bundle.calls.length === 0 && gaps.some((g) => g.outcome === 'error')) {
      throw new Error(`nothing could be read from ${endpoint ?? 'AWS'}: ${gaps.find((g) => g.outcome === 'error')!.error ?? 'error'}`);
    }
    const out = resolve(o.out);
    const directory = o.out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory());
    const files = directory ? writeDirectory(out, bundle) : (writeFileSync(out, `${JSON.stringify(bundle, null, 2)}\n`), [out]);
    const report: CollectReport = {
      target: gatehouse ? 'gatehouse' : 'aws',
      ...(endpoint !== undefined ? { endpoint } : {}),
      regions,
      out,
      format: directory ? 'directory' : 'bundle',
      files,
      calls,
      collected: counts(bundle.calls),
      gaps,
    };
    return { report, output: o.json === true ? JSON.stringify(report, null, 2) : formatCollect(report) };
  } finally {
    for (const s of senders) s.close();
  }
}

/** What the calls hold, counted as the import will see it. */
function counts(calls: readonly BundleCall[]): CollectReport['collected'] {
  const of = (command: string): BundleCall[] => calls.filter((c) => c.command === command);
  const len = (c: BundleCall, member: string): number => ((c.output as Record<string, unknown[] | undefined>)[member] ?? []).length;
  const org = of('describe-organization')[0]?.output as { Organization?: { Id?: string } } | undefined;
  const iam = of('get-account-authorization-details');
  const tags = of('list-tags-for-resource');
  return {
    iam:
      iam.length === 0
        ? null
        : {
            users: iam.reduce((n, c) => n + len(c, 'UserDetailList'), 0),
            groups: iam.reduce((n, c) => n + len(c, 'GroupDetailList'), 0),
            roles: iam.reduce((n, c) => n + len(c, 'RoleDetailList'), 0),
            // Customer managed ones: AWS managed policies are Gatehouse's own data, not imported.
            policies: iam.reduce((n, c) => n + ((c.output as { Policies?: { Arn?: string }[] }).Policies ?? []).filter((p) => !String(p.Arn).startsWith('arn:aws:iam::aws:')).length, 0),
          },
    organization: org?.Organization?.Id ?? null,
    organizationalUnits: of('list-organizational-units-for-parent').reduce((n, c) => n + len(c, 'OrganizationalUnits'), 0),
    accounts: of('list-accounts').reduce((n, c) => n + len(c, 'Accounts'), 0),
    policies: of('describe-policy').length,
    taggedResources: tags.length,
    tags: tags.reduce((n, c) => n + len(c, 'Tags'), 0),
    clusters: of('describe-cluster').length,
    accessEntries: of('describe-access-entry').length,
    podIdentityAssociations: of('describe-pod-identity-association').length,
  };
}

/** A file name part from a call's argument: letters, digits, `-`, `_` and `.` kept, the rest `_`. */
const part = (v: unknown): string => String(v).replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * One file per call: `<service>[.<region>].<command>[.<argument>].json`. The argument is the ID
 * the output does not name (parent, policy, tagged resource) or the cluster (and association ID); an access entry's calls are numbered
 * in the order of ListAccessEntries. The gaps go in `gatehouse-collection.json`, a bundle
 * without calls.
 */
function writeDirectory(dir: string, bundle: Bundle): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const entryNumbers = new Map<string, number>();
  for (const c of bundle.calls) {
    const i = c.input;
    let arg: string | undefined;
    switch (c.command) {
      case 'list-organizational-units-for-parent':
      case 'list-accounts-for-parent':
        arg = part(i.ParentId);
        break;
      case 'list-policies':
        arg = part(i.Filter);
        break;
      case 'describe-policy':
      case 'list-targets-for-policy':
        arg = part(i.PolicyId);
        break;
      case 'list-tags-for-resource':
        arg = part(i.ResourceId);
        break;
      case 'describe-cluster':
      case 'list-access-entries':
      case 'list-pod-identity-associations':
        arg = part(i.name ?? i.clusterName);
        break;
      case 'describe-pod-identity-association':
        arg = `${part(i.clusterName)}.${part(i.associationId)}`;
        break;
      case 'describe-access-entry':
      case 'list-associated-access-policies': {
        const key = `${String(c.region)}|${String(i.clusterName)}|${String(i.principalArn)}`;
        if (!entryNumbers.has(key)) entryNumbers.set(key, entryNumbers.size + 1);
        arg = `${part(i.clusterName)}.entry-${entryNumbers.get(key)!}`;
        break;
      }
      default:
        arg = undefined;
    }
    const name = [c.service, c.region, c.command, arg].filter((x) => x !== undefined).join('.');
    const file = join(dir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(c.output, null, 2)}\n`);
    files.push(file);
  }
  const gaps = join(dir, 'gatehouse-collection.json');
  writeFileSync(gaps, `${JSON.stringify({ ...bundle, calls: [] }, null, 2)}\n`);
  files.push(gaps);
  return files;
}

export function formatCollect(r: CollectReport): string {
  const c = r.collected;
  const lines = [
    `Collected from ${r.target === 'gatehouse' ? `Gatehouse at ${r.endpoint ?? ''}` : 'AWS'} (regions ${r.regions.join(', ')}) with ${r.calls} read-only calls into ${r.out}${r.format === 'directory' ? ` (${r.files.length} files)` : ''}`,
    c.iam !== null ? `  IAM: ${c.iam.users} users, ${c.iam.groups} groups, ${c.iam.roles} roles, ${c.iam.policies} customer managed policies` : '  no IAM',
    c.organization !== null ? `  organization ${c.organization}: ${c.organizationalUnits} OUs, ${c.accounts} accounts, ${c.policies} policies, ${c.tags} tags on ${c.taggedResources} resources` : '  no organization',
    `  EKS: ${c.clusters} clusters, ${c.accessEntries} access entries, ${c.podIdentityAssociations} Pod Identity associations`,
  ];
  if (r.gaps.length > 0) {
    lines.push(`  ${r.gaps.length} call(s) did not answer; the copy lacks what they would have read:`);
    for (const g of r.gaps) lines.push(`    ${g.service}:${g.operation} ${JSON.stringify(g.input)}: ${g.outcome}${g.error !== undefined ? ` (${g.error})` : ''}`);
  }
  lines.push(`Load it with: gatehouse import ${r.out}`);
  return lines.join('\n');
}
