/**
 * `gatehouse import FILE…`: loads `aws iam get-account-authorization-details` output (the CLI's
 * merged output, SDK pages, arrays of pages; several accounts) into a Gatehouse data directory's
 * store, with a progress bar on a terminal and a summary (`--json`: the `LoadSummary` plus `files`
 * and `seconds`). Run it while Gatehouse is stopped, or restart Gatehouse after it: a running
 * Gatehouse on SQLite does not see another process's writes.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openStore } from '../state/index.js';
import { detailRecords, emptyRecords, ImportFormatError, isAuthorizationDetails, type DetailRecords } from '../import/authorization-details.js';
import { loadRecords, type LoadSummary } from '../import/load-records.js';
import { writeMemberRootCredentials } from '../server/credentials-file.js';

export interface ImportOptions {
  readonly data: string;
  readonly store?: string;
  readonly region: string;
  readonly json?: boolean;
  readonly progress?: boolean;
  /** The management account ID `gatehouse serve` runs with (default 123456789012). */
  readonly accountId?: string;
}

export type ImportReport = LoadSummary & { readonly files: readonly string[]; readonly seconds: number };

export async function runImport(files: readonly string[], o: ImportOptions): Promise<{ report: ImportReport; output: string }> {
  const started = process.hrtime.bigint();
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
    // may come in a later file.
    const summaries: LoadSummary[] = [];
    const memberships: DetailRecords['memberships'][number][] = [];
    let bytesDone = 0;
    for (const [i, file] of files.entries()) {
      const records = readFile(file);
      memberships.push(...records.memberships.splice(0));
      const size = sizes[i]!;
      summaries.push(await loadRecords(store, records, { ...options, onProgress: (done, total) => bar?.update(bytesDone + Math.round((size * done) / Math.max(total, 1)), totalBytes) }));
      bytesDone += size;
      bar?.update(bytesDone, totalBytes);
    }
    const last = emptyRecords();
    last.memberships.push(...memberships);
    summaries.push(await loadRecords(store, last, options));
    bar?.stop();
    const report: ImportReport = { ...sum(summaries), files: [...files], seconds: Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)) };
    return { report, output: o.json === true ? JSON.stringify(report, null, 2) : formatImport(report) };
  } finally {
    bar?.stop();
    await store.close();
  }
}

function readFile(file: string): DetailRecords {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ImportFormatError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isAuthorizationDetails(parsed)) throw new ImportFormatError(`${file}: not GetAccountAuthorizationDetails output (no UserDetailList, GroupDetailList, RoleDetailList or Policies)`);
  try {
    return detailRecords(parsed);
  } catch (err) {
    if (err instanceof ImportFormatError) throw new ImportFormatError(`${file}: ${err.message}`);
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
  const lines = [
    `Imported ${r.files.length} file(s) in ${r.seconds} s: account(s) ${r.accounts.join(', ') || 'none'}`,
    `  ${r.users} users, ${r.groups} groups, ${r.roles} roles, ${r.policies} customer managed policies (${r.policyVersions} versions)`,
    `  ${r.inlinePolicies} inline policies, ${r.attachments} attachments, ${r.groupMemberships} group memberships`,
  ];
  for (const a of r.accountsCreated) lines.push(`  new account ${a.accountId}: its root credentials are profile ${a.profile} in the data directory's credentials file`);
  if (r.conflicts.length > 0) lines.push(`  skipped (the name is another entity's): ${r.conflicts.join(', ')}`);
  if (r.missingGroups.length > 0) lines.push(`  memberships of groups in no file: ${r.missingGroups.join(', ')}`);
  lines.push('Restart Gatehouse if it was running on this data directory.');
  return lines.join('\n');
}
