/**
 * `doctor.recognise.vsNode`: `gatehouse doctor "<error>"` from process start to its answer, over
 * `node -e 0` — the recognise-only path must load almost nothing (no server, no AWS SDK). Runs
 * alternate between the two so a busy moment weighs on both; the figure is the ratio of medians.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const ERROR =
  'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/admin because no role trust policy allows the sts:AssumeRole action';

function timed(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${String(r.status)}: ${r.stderr.toString()}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export function runDoctorBench(quick: boolean): Record<string, number> {
  const runs = quick ? 5 : 21;
  const doctor: number[] = [];
  const node: number[] = [];
  timed([CLI, 'doctor', ERROR]); // warm the file cache
  for (let i = 0; i < runs; i++) {
    node.push(timed(['-e', '0']));
    doctor.push(timed([CLI, 'doctor', ERROR]));
  }
  const d = median(doctor);
  const n = median(node);
  return { 'doctor.recognise.ms': Number(d.toFixed(1)), 'doctor.nodeStart.ms': Number(n.toFixed(1)), 'doctor.recognise.vsNode': Number((d / n).toFixed(2)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(runDoctorBench(process.argv.includes('--quick')), null, 2));
