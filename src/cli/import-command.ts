/**
 * `gatehouse import FILE…`: loads into a Gatehouse data directory's store
 * - `aws iam get-account-authorization-details` output (the CLI's merged output, SDK pages, arrays
 *   of pages; several accounts), loaded file by file in batches, with a progress bar on a terminal;
 * - the Organizations and EKS outputs of `aws organizations …` / `aws eks …` read-only calls, each
 *   recognised by its shape, and collection bundles written by `gatehouse collect` (which may hold
 *   the IAM export too) — read first and written in one transaction before any IAM file (see
 *   import/load-org-eks.ts).
 * A directory stands for the `.json` files in it. The summary (`--json`: the `ImportReport`) says
 * what was loaded and what was left out. Run it while Gatehouse is stopped, or restart Gatehouse
 * after it: a running Gatehouse on SQLite does not see another process's writes.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import type { SecretSealer } from '../state/secret-sealer.js';
import { join, resolve } from 'node:path';
import { openStore } from '../state/index.js';
import { detailRecords, emptyRecords, ImportFormatError, isAuthorizationDetails, type DetailRecords } from '../import/authorization-details.js';
import { loadRecords, type LoadSummary } from '../import/load-records.js';
import { writeMemberRootCredentials } from '../server/credentials-file.js';
import { bundleOutputs, fileOutput, isBundle, outputKind, type CliOutput } from '../import/cli-outputs.js';
import { addOrganizationOutput, emptyOrganizationSnapshot, hasOrganizationData } from '../import/organization-snapshot.js';
import { addEksOutput, emptyEksSnapshot, hasEksData } from '../import/eks-snapshot.js';
import { emptyOrgEksSummary, loadOrganizationAndEks, type OrgEksSummary } from '../import/load-org-eks.js';
import { DEFAULT_ACCOUNT_ID } from '../server/serve-defaults.js';

export interface ImportOptions {
  readonly data: string;
  readonly store?: string;
  readonly region: string;
  readonly json?: boolean;
  readonly progress?: boolean;
  /** The management account ID `gatehouse serve` runs with (default 123456789012). */
  readonly accountId?: string;
}

export type ImportReport = LoadSummary & Omit<OrgEksSummary, 'accountsCreated'> & { readonly files: readonly string[]; readonly seconds: number };

const ORGANIZATIONS_KINDS: ReadonlySet<string> = new Set(['describe-organization', 'list-roots', 'list-organizational-units-for-parent', 'list-accounts', 'list-accounts-for-parent', 'list-policies', 'describe-policy', 'list-targets-for-policy', 'list-tags-for-resource']);

/** The files named, a directory standing for the `.json` files in it (by name). */
export function expandFiles(names: readonly string[]): string[] {
  return names.flatMap((n) => (statSync(n).isDirectory() ? readdirSync(n).filter((f) => f.endsWith('.json')).sort().map((f) => join(n, f)) : [n]));
}

export async function runImport(names: readonly string[], o: ImportOptions): Promise<{ report: ImportReport; output: string }> {
  const started = process.hrtime.bigint();
  const files = expandFiles(names);
  const dataDir = resolve(o.data);
  const sizes = files.map((f) => statSync(f).size);
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const store = await openStore(o.store, dataDir);
  const bar = o.progress === true && o.json !== true && process.stderr.isTTY === true ? await progressBar() : undefined;
  const options = {
    managementAccountId: o.accountId,
    saveRootCredentials: (accountId: string, creds: { accessKeyId: string; secretAccessKey: string }) => writeMemberRootCredentials(dataDir, accountId, creds, o.region),
  };
  try {
    // One file at a time, so memory holds one file's records; memberships last, as a user's group
    // may come in a later file. Organizations and EKS outputs are small: gathered, checked as a
    // whole and written in one transaction before the first IAM file, so that bad or conflicting
    // ones stop the import before anything is written.
    const summaries: LoadSummary[] = [];
    const memberships: DetailRecords['memberships'][number][] = [];
    const org = emptyOrganizationSnapshot();
    const eks = emptyEksSnapshot();
    let orgEks = emptyOrgEksSummary();
    let unwritten = false;
    const notCollected: string[] = [];
    let sealer: SecretSealer | undefined;
    const writeOrgEks = async (): Promise<void> => {
      if (!unwritten) return;
      unwritten = false;
      if (sealer === undefined) {
        const [{ loadSealingKey }, { secretSealer }] = await Promise.all([import('../server/sealing-key.js'), import('../state/secret-sealer.js')]);
        sealer = secretSealer(loadSealingKey(dataDir));
      }
      // The whole snapshot again when a late file added to it: writing it twice changes nothing.
      const now = await loadOrganizationAndEks(store, org, eks, { managementAccountId: o.accountId ?? DEFAULT_ACCOUNT_ID, sealer, saveRootCredentials: options.saveRootCredentials });
      orgEks = { ...now, accountsCreated: [...orgEks.accountsCreated, ...now.accountsCreated] };
    };
    // IAM records of a bundle wait for the bundle's Organizations and EKS outputs to be written.
    const waiting: { records: DetailRecords; size: number }[] = [];
    let bytesDone = 0;
    const loadIam = async (records: DetailRecords, size: number): Promise<void> => {
      memberships.push(...records.memberships.splice(0));
      summaries.push(await loadRecords(store, records, { ...options, onProgress: (done, total) => bar?.update(bytesDone + Math.round((size * done) / Math.max(total, 1)), totalBytes) }));
    };
    const loadWaiting = async (): Promise<void> => {
      for (const w of waiting.splice(0)) await loadIam(w.records, w.size);
    };
    const order = files.map((file, i) => ({ file, i, iam: looksLikeAuthorizationDetails(file) })).sort((a, b) => Number(a.iam) - Number(b.iam) || a.i - b.i);
    for (const { file, i, iam } of order) {
      if (iam) {
        await writeOrgEks();
        await loadWaiting();
      }
      const { records, outputs, gaps } = readFile(file);
      for (const g of gaps ?? []) notCollected.push(`not collected (${file}): ${g}`);
      for (const out of outputs) {
        if (ORGANIZATIONS_KINDS.has(out.kind)) addOrganizationOutput(org, out);
        else addEksOutput(eks, out);
      }
      if (outputs.length > 0) unwritten = true;
      const size = sizes[i]!;
      if (records !== undefined && outputs.length > 0) waiting.push({ records, size });
      else if (records !== undefined) await loadIam(records, size);
      bytesDone += size;
      bar?.update(bytesDone, totalBytes);
    }
    if (hasOrganizationData(org) || hasEksData(eks)) await writeOrgEks();
    await loadWaiting();
    const last = emptyRecords();
    last.memberships.push(...memberships);
    summaries.push(await loadRecords(store, last, options));
    bar?.stop();
    const { accountsCreated, ...orgEksCounts } = orgEks;
    const iam = sum(summaries);
    const report: ImportReport = {
      ...iam,
      accountsCreated: [...iam.accountsCreated, ...accountsCreated.filter((a) => !iam.accountsCreated.some((b) => b.accountId === a.accountId))],
      ...orgEksCounts,
      skipped: [...orgEksCounts.skipped, ...notCollected],
      files: [...files],
      seconds: Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)),
    };
    return { report, output: o.json === true ? JSON.stringify(report, null, 2) : formatImport(report) };
  } finally {
    bar?.stop();
    await store.close();
  }
}

/**
 * Whether a file looks like GetAccountAuthorizationDetails output from its first member (the IAM
 * export's `Policies` told from Organizations' by `AwsManaged` nearby). Only the order of loading
 * depends on it: every file is still recognised by its whole shape.
 */
function looksLikeAuthorizationDetails(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    const first = /^\uFEFF?\s*\[?\s*\{\s*"(\w+)"/.exec(text)?.[1];
    if (first === 'Policies') return !text.includes('"AwsManaged"');
    return first !== undefined && ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'IsTruncated', 'Marker'].includes(first);
  } finally {
    closeSync(fd);
  }
}

/** A file's IAM records (GetAccountAuthorizationDetails output) and Organizations / EKS outputs. */
function readFile(file: string): { records: DetailRecords | undefined; outputs: CliOutput[]; gaps?: readonly string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ImportFormatError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    if (isBundle(parsed)) {
      const { outputs, authorizationDetails, gaps } = bundleOutputs(parsed, file);
      const records = authorizationDetails.length === 0 ? undefined : emptyRecords();
      for (const page of authorizationDetails) detailRecords(page, records);
      return { records, outputs, gaps };
    }
    const kind = outputKind(parsed);
    if (kind !== undefined) return { records: undefined, outputs: [fileOutput(kind, parsed as Readonly<Record<string, unknown>>, file)] };
    if (!isAuthorizationDetails(parsed)) {
      throw new ImportFormatError(
        `${file}: not GetAccountAuthorizationDetails output (no UserDetailList, GroupDetailList, RoleDetailList or Policies), nor an Organizations or EKS output gatehouse import reads, nor a gatehouse collect bundle`,
      );
    }
    return { records: detailRecords(parsed), outputs: [] };
  } catch (err) {
    if (err instanceof ImportFormatError && !err.message.startsWith(file)) throw new ImportFormatError(`${file}: ${err.message}`);
    throw err;
  }
}

function sum(list: readonly LoadSummary[]): LoadSummary {
  const n = (k: 'users' | 'groups' | 'roles' | 'policies' | 'policyVersions' | 'inlinePolicies' | 'attachments' | 'groupMemberships'): number => list.reduce((a, s) => a + s[k], 0);
  return {
    accounts: [...new Set(list.flatMap((s) => s.accounts))].sort(),
    accountsCreated: list.flatMap((s) => s.accountsCreated),
    users: n('users'),
    groups: n('groups'),
    roles: n('roles'),
    policies: n('policies'),
    policyVersions: n('policyVersions'),
    inlinePolicies: n('inlinePolicies'),
    attachments: n('attachments'),
    groupMemberships: n('groupMemberships'),
    conflicts: list.flatMap((s) => s.conflicts),
    missingGroups: [...new Set(list.flatMap((s) => s.missingGroups))],
  };
}

interface Bar {
  update(done: number, total: number): void;
  stop(): void;
}

/** cli-progress, loaded only when a bar is shown. */
async function progressBar(): Promise<Bar> {
  const { default: progress } = await import('cli-progress');
  const bar = new progress.SingleBar({ format: 'importing [{bar}] {percentage}% {value}/{total} records', stream: process.stderr, hideCursor: true }, progress.Presets.shades_classic);
  let started = false;
  let stopped = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}

export function formatImport(r: ImportReport): string {
  const iamAccounts = r.accounts.length > 0 || (r.organization === null && r.clusters === 0) ? `: account(s) ${r.accounts.join(', ') || 'none'}` : '';
  const lines = [`Imported ${r.files.length} file(s) in ${r.seconds} s${iamAccounts}`];
  if (r.users + r.groups + r.roles + r.policies + r.inlinePolicies + r.attachments + r.groupMemberships > 0 || r.organization === null) {
    lines.push(
      `  ${r.users} users, ${r.groups} groups, ${r.roles} roles, ${r.policies} customer managed policies (${r.policyVersions} versions)`,
      `  ${r.inlinePolicies} inline policies, ${r.attachments} attachments, ${r.groupMemberships} group memberships`,
    );
  }
  if (r.organization !== null) {
    lines.push(
      `  organization ${r.organization} (root ${r.root ?? '?'}): ${r.organizationalUnits} OUs, ${r.organizationAccounts} accounts, ${r.organizationPolicies} customer managed policies, ${r.organizationPolicyAttachments} policy attachments, ${r.organizationTags} tags`,
    );
  }
  if (r.clusters + r.accessEntries + r.podIdentityAssociations > 0) {
    lines.push(`  EKS: ${r.clusters} clusters, ${r.accessEntries} access entries, ${r.associatedAccessPolicies} associated access policies, ${r.podIdentityAssociations} Pod Identity associations`);
  }
  for (const a of r.accountsCreated) lines.push(`  new account ${a.accountId}: its root credentials are profile ${a.profile} in the data directory's credentials file`);
  if (r.conflicts.length > 0) lines.push(`  skipped (the name is another entity's): ${r.conflicts.join(', ')}`);
  if (r.missingGroups.length > 0) lines.push(`  memberships of groups in no file: ${r.missingGroups.join(', ')}`);
  for (const s of r.skipped) lines.push(`  not loaded: ${s}`);
  lines.push('Restart Gatehouse if it was running on this data directory.');
  return lines.join('\n');
}
