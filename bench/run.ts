/**
 * `npm run bench` — every benchmark, printed for people or, with `--json`, as one JSON object of
 * named figures. `--quick` shortens every run (for smoke checks).
 */
import { runEngineBench } from './engine.js';
import { runServerBench } from './server.js';
import { goalLines, judgeGoals } from './goals.js';
import { runEksBench } from './eks.js';

const args = new Set(process.argv.slice(2));
const json = args.has('--json');
const quick = args.has('--quick');

const figures: Record<string, number | string | boolean> = {};
const log = (line: string): void => {
  if (!json) console.log(line);
};

log('Policy engine');
Object.assign(figures, runEngineBench(quick));
for (const [k, v] of Object.entries(figures)) if (k.startsWith('engine.')) log(`  ${k.padEnd(42)} ${v}`);

log('Server (Gatehouse and moto_server, side by side)');
Object.assign(figures, await runServerBench(quick, log));

log('EKS cluster side');
Object.assign(figures, await runEksBench(quick, log));

const fifty = figures['engine.fifty.p99Micros'];
const large = figures['engine.large.p99Micros'];
if (typeof fifty === 'number' && typeof large === 'number') figures['engine.large.p99VsFifty'] = Number((large / fifty).toFixed(2));
figures['node.version'] = process.version;

const goals = judgeGoals(figures);
log('Goals');
for (const line of goalLines(goals)) log(line);

if (json) console.log(JSON.stringify({ ...figures, goals }, null, 2));
