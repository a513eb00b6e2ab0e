/**
 * `npm run bench` — every benchmark, printed for people or, with `--json`, as one JSON object of
 * named figures. `--quick` shortens every run (for smoke checks). `--only <part>[,<part>]` runs
 * only the named parts: `engine`, `doctor`, `import` (GetAccountAuthorizationDetails output;
 * `GATEHOUSE_BENCH_IMPORT_ROLES` sets its size), `server` (IAM reads and writes, start-up,
 * simulator, flood), `sts`, `eks`.
 */
import { runEngineBench } from './engine.js';
import { runServerBench } from './server.js';
import { runStsBench } from './server-sts.js';
import { runEksBench } from './eks-token-review.js';
import { runDoctorBench } from './doctor.js';
import { runImportBench } from './import.js';
import { goalLines, judgeGoals } from './goals.js';
import { runEksBench as runEksClusterBench } from './eks.js';

const argv = process.argv.slice(2);
const args = new Set(argv);
const json = args.has('--json');
const quick = args.has('--quick');
const PARTS = ['engine', 'doctor', 'import', 'server', 'sts', 'eks'] as const;
const onlyAt = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
const only = onlyAt < 0 ? undefined : new Set((argv[onlyAt]!.includes('=') ? argv[onlyAt]!.slice('--only='.length) : (argv[onlyAt + 1] ?? '')).split(','));
for (const part of only ?? []) {
  if (!(PARTS as readonly string[]).includes(part)) {
    console.error(`--only: unknown part ${JSON.stringify(part)} (parts: ${PARTS.join(', ')})`);
    process.exit(2);
  }
}
const runs = (part: (typeof PARTS)[number]): boolean => only === undefined || only.has(part);

const figures: Record<string, number | string | boolean> = {};
const log = (line: string): void => {
  if (!json) console.log(line);
};

if (runs('engine')) {
  log('Policy engine');
  Object.assign(figures, runEngineBench(quick));
  for (const [k, v] of Object.entries(figures)) if (k.startsWith('engine.')) log(`  ${k.padEnd(42)} ${v}`);
}

if (runs('doctor')) {
  log('Doctor');
  for (const [k, v] of Object.entries(runDoctorBench(quick))) {
    figures[k] = v;
    log(`  ${k.padEnd(42)} ${v}`);
  }
}

if (runs('import')) {
  log('Import (GetAccountAuthorizationDetails output)');
  for (const [k, v] of Object.entries(runImportBench(quick))) {
    figures[k] = v;
    log(`  ${k.padEnd(42)} ${v}`);
  }
}

if (runs('server')) {
  log('Server (Gatehouse and moto_server, side by side)');
  Object.assign(figures, await runServerBench(quick, log));
}

if (runs('eks')) {
  log('EKS (TokenReviews against signed GetUser)');
  Object.assign(figures, await runEksBench(quick, log));
  log('EKS cluster side (webhook mutations, pod run)');
  Object.assign(figures, await runEksClusterBench(quick, log));
}

if (runs('sts')) {
  log('STS (Gatehouse and moto_server, side by side)');
  Object.assign(figures, await runStsBench(quick, log));
}

figures['node.version'] = process.version;

const goals = judgeGoals(figures);
log('Goals');
for (const line of goalLines(goals)) log(line);

if (json) console.log(JSON.stringify({ ...figures, goals }, null, 2));
