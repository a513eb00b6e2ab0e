/**
 * The measured side of the import benchmark, in a process of its own so its time and peak RSS are
 * its own: `parse FILE…` reads and JSON.parses the files; `import DATA_DIR FILE…` runs `gatehouse
 * import` on them, then assembles the policy sets of sampled roles from the imported store and
 * measures decisions on them beside the engine's fifty-policy case. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { runImport } from '../src/cli/import-command.js';
import { openStore } from '../src/state/index.js';
import { evaluate, parsePolicy } from '../src/policy/index.js';
import type { CompiledPolicy, PolicySet } from '../src/policy/index.js';
import { fiftyPolicies, request } from './engine.js';
import { latencyMicros } from './measure.js';

const [mode, ...rest] = process.argv.slice(2);
const maxRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

if (mode === 'parse') {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (const f of rest) n += (JSON.parse(readFileSync(f, 'utf8')) as unknown[]).length;
  console.log(JSON.stringify({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, pages: n, rssMiB: maxRssMiB() }));
} else if (mode === 'import') {
  const [dataDir, ...files] = rest;
  const t0 = process.hrtime.bigint();
  const { report } = await runImport(files, { data: dataDir!, region: 'us-east-1', json: true });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rssMiB = maxRssMiB();
  // Decisions against the imported account: sampled roles' policies, read from the store.
  const store = await openStore(undefined, dataDir!);
  const sets: { set: PolicySet; role: string; bucket: string }[] = [];
  for (let i = 0; i < 2000; i++) {
    const k = Math.floor((i * 7919) % report.roles);
    const role = await store.read.roles.getByName('123456789012', `role${k}`);
    if (role === undefined) throw new Error(`role${k} was not imported`);
    const attached = await store.read.policyAttachments.list({ scope: '123456789012', parent: role.RoleId });
    const identity: CompiledPolicy[] = [];
    for (const a of attached.items) {
      const p = await store.read.policies.getByName('123456789012', a.PolicyName);
      const v = p !== undefined ? await store.read.policyVersions.getById(`${p.PolicyId}|${p.DefaultVersionId}`) : undefined;
      const parsed = parsePolicy(v?.Document ?? '{}', 'identity', a.PolicyArn);
      if (!parsed.ok) throw new Error(parsed.error.message);
      identity.push(parsed.policy);
    }
    sets.push({ set: { identity }, role: `role${k}`, bucket: `bucket${k}` });
  }
  await store.close();
  // Each set once first, as a server's cache holds a principal's set after its first request.
  for (const s of sets) evaluate(s.set, request(s.role, `arn:aws:s3:::${s.bucket}/reports/2026.csv`));
  // Random roles, picked as engine.large picks them.
  let seed = 7;
  const large = latencyMicros(() => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const s = sets[seed % sets.length]!;
    return evaluate(s.set, request(s.role, `arn:aws:s3:::${s.bucket}/reports/2026.csv`));
  }, 200_000);
  const fifty: PolicySet = { identity: fiftyPolicies('data') };
  const f = latencyMicros(() => evaluate(fifty, request('app', 'arn:aws:s3:::data/reports/2026.csv')), 200_000);
  console.log(JSON.stringify({ seconds, rssMiB, roles: report.roles, policies: report.policies, p99: large.p99, fiftyP99: f.p99 }));
}
