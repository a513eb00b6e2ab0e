/**
 * A Node load generator: `connections` workers, each sending one request at a time over a shared
 * keep-alive agent with one socket per worker, for a time budget. Used for the writes (each request
 * is signed as it is sent) and for reads when wrk is not installed.
 */
import { Agent, request } from 'node:http';
import { percentiles } from './measure.js';
import type { SignedRequest } from './server-requests.js';
import type { LoadResult } from './server-load-result.js';

/** Sends one request; resolves with its status once the whole response has arrived. */
function send(agent: Agent, r: SignedRequest): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(r.url, { method: r.method, headers: r.headers, agent }, (res) => {
      res.resume();
      res.once('end', () => ok(res.statusCode ?? 0));
      res.once('error', fail);
    });
    req.once('error', fail);
    req.end(r.body);
  });
}

/**
 * Runs `step` (one or more requests in order, made by `next`) on `connections` workers until
 * `millis` have passed. A step is a list so that a CreateUser/DeleteUser pair stays in order.
 * With `warmUpMillis`, the workers first run that long on the same connections and what they send
 * then is not counted: the connections are open and the code warm when counting starts.
 */
export async function nodeLoad(next: (worker: number, i: number) => readonly SignedRequest[], connections: number, millis: number, warmUpMillis = 0): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const samples: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const start = process.hrtime.bigint();
  const t0 = start + BigInt(warmUpMillis) * 1_000_000n;
  const deadline = t0 + BigInt(millis) * 1_000_000n;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; process.hrtime.bigint() < deadline; i++) {
      for (const r of next(w, i)) {
        const s = process.hrtime.bigint();
        const status = await send(agent, r);
        if (s >= t0) samples.push(Number(process.hrtime.bigint() - s) / 1e6);
        if (status !== 200) {
          failures++;
          firstFailure ??= `HTTP ${status} for ${r.body.slice(0, 60)}`;
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
  } finally {
    agent.destroy();
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const p = percentiles(samples);
  return { requests: samples.length, failures, firstFailure, requestsPerSec: samples.length / seconds, p50Millis: p.p50, p99Millis: p.p99 };
}
