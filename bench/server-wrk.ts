/**
 * Read load with wrk: one fixed signed request replayed (a SigV4 signature stays valid for 15
 * minutes and the server checks the signature, not uniqueness). wrk runs with one thread so that on
 * a small machine it takes one core and leaves the rest to the server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignedRequest } from './server-requests.js';
import type { LoadResult } from './server-load-result.js';

/** True when a `wrk` binary is on PATH. */
export function wrkAvailable(): boolean {
  const r = spawnSync('wrk', ['--version'], { stdio: 'ignore' });
  return r.error === undefined;
}

const MARK = 'WRK-RESULT ';

/** Lua long-bracket literal: safe for any text without `]==]`. */
function lua(s: string): string {
  if (s.includes(']==]')) throw new Error('text not representable as a Lua long string');
  return `[==[${s}]==]`;
}

/** The wrk script: the request, and a `done` hook that prints the figures as one JSON line. */
export function wrkScript(r: SignedRequest): string {
  const headers = Object.entries(r.headers)
    .filter(([k]) => k !== 'host' && k !== 'content-length') // wrk sets Host from the URL and Content-Length from the body
    .map(([k, v]) => `wrk.headers[ ${lua(k)} ] = ${lua(v)}`)
    .join('\n');
  return `wrk.method = ${lua(r.method)}
wrk.body = ${lua(r.body)}
${headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('${MARK}{"requests":%d,"micros":%d,"status":%d,"transport":%d,"p50":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

/** Runs wrk with 1 thread and `connections` connections for `millis`. */
export async function wrkLoad(r: SignedRequest, connections: number, millis: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-wrk-'));
  const script = join(dir, 'request.lua');
  writeFileSync(script, wrkScript(r));
  try {
    const seconds = Math.max(1, Math.round(millis / 1000));
    const out = await new Promise<string>((ok, fail) => {
      const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, r.url], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.once('error', fail);
      child.once('exit', (code) => (code === 0 ? ok(text) : fail(new Error(`wrk exited with ${code}: ${err || text}`))));
    });
    const line = out.split('\n').find((l) => l.startsWith(MARK));
    if (line === undefined) throw new Error(`wrk printed no result:\n${out}`);
    const f = JSON.parse(line.slice(MARK.length)) as { requests: number; micros: number; status: number; transport: number; p50: number; p99: number };
    const failures = f.status + f.transport;
    return {
      requests: f.requests,
      failures,
      firstFailure: failures > 0 ? `${f.status} non-2xx answers, ${f.transport} socket errors` : undefined,
      requestsPerSec: f.requests / (f.micros / 1e6),
      p50Millis: f.p50 / 1000,
      p99Millis: f.p99 / 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
