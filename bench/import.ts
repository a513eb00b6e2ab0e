/**
 * `import.large.*`: an account of 100,000 roles and 300,000 customer managed policies (each role
 * attached to three, each policy ten statements like the engine benchmark's), written as
 * GetAccountAuthorizationDetails pages of 10,000 items; `gatehouse import` loads them in at most
 * 5× the time JSON.parse takes to read the same files (`import.large.vsParse`), with a peak RSS
 * under 1.5 GiB (`import.large.rssMiB`), and decisions on the imported roles stay within 2× of the
 * engine's fifty-policy case (`import.large.decisionP99VsFifty`). `--quick` (or
 * GATEHOUSE_BENCH_IMPORT_ROLES) uses a smaller account.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tenStatements } from './engine.js';

const CHILD = fileURLToPath(new URL('./import-child.js', import.meta.url));
const ACCOUNT = '123456789012';
const PAGE = 10_000;

/** Writes the account as pages; returns the file names. */
export function writeAccount(dir: string, roles: number): string[] {
  const files: string[] = [];
  const policies = roles * 3;
  const date = '2026-01-01T00:00:00Z';
  let page: Record<string, unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  let items = 0;
  const flush = (): void => {
    const f = join(dir, `gaad-${files.length}.json`);
    writeFileSync(f, JSON.stringify([{ ...page, IsTruncated: false }]));
    files.push(f);
    page = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    items = 0;
  };
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  for (let r = 0; r < roles; r++) {
    page.RoleDetailList!.push({
      Path: '/',
      RoleName: `role${r}`,
      RoleId: `AROA${String(r).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:role/role${r}`,
      CreateDate: date,
      AssumeRolePolicyDocument: trust,
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: [0, 1, 2].map((i) => ({ PolicyName: `policy${r * 3 + i}`, PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/policy${r * 3 + i}` })),
      Tags: [],
      RoleLastUsed: {},
    });
    if (++items >= PAGE) flush();
  }
  for (let p = 0; p < policies; p++) {
    const role = Math.floor(p / 3);
    page.Policies!.push({
      PolicyName: `policy${p}`,
      PolicyId: `ANPA${String(p).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:policy/policy${p}`,
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: date,
      UpdateDate: date,
      PolicyVersionList: [{ Document: { Version: '2012-10-17', Statement: tenStatements(p, `bucket${role}`, p % 3 === 2) }, VersionId: 'v1', IsDefaultVersion: true, CreateDate: date }],
    });
    if (++items >= PAGE) flush();
  }
  if (items > 0) flush();
  return files;
}

function child(args: readonly string[]): Record<string, number> {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', CHILD, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`import bench child ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

export function runImportBench(quick: boolean): Record<string, number> {
  const roles = Number(process.env.GATEHOUSE_BENCH_IMPORT_ROLES ?? (quick ? 5000 : 100_000));
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-import-bench-'));
  try {
    const files = writeAccount(dir, roles);
    const parse = child(['parse', ...files]);
    const imported = child(['import', join(dir, 'data'), ...files]);
    return {
      'import.large.roles': roles,
      'import.large.policies': roles * 3,
      'import.large.parseSeconds': Number(parse.seconds!.toFixed(2)),
      'import.large.importSeconds': Number(imported.seconds!.toFixed(2)),
      'import.large.vsParse': Number((imported.seconds! / parse.seconds!).toFixed(2)),
      'import.large.rssMiB': imported.rssMiB!,
      'import.large.decisionP99Micros': imported.p99!,
      'import.large.decisionP99VsFifty': Number((imported.p99! / imported.fiftyP99!).toFixed(2)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(runImportBench(process.argv.includes('--quick')), null, 2));
