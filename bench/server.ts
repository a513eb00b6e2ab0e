/**
 * Server benchmarks (issue: server figures beside moto_server, in one run):
 * - startup: spawn → first 200 from the health path, on a fresh data directory, median of N;
 * - read: signed GetUser, sequential (1 connection) and at 64 concurrent keep-alive connections,
 *   the latter counted after three seconds of the same load (steady-state.ts);
 * - write: signed CreateUser/DeleteUser pairs with unique names, sequential and at 64 concurrent
 *   workers; every answered write is a committed transaction, and both calls of a pair count;
 * - simulate (Gatehouse only): SimulatePrincipalPolicy of 50 actions for a user with 20 policies of
 *   10 statements, one request at a time and at 64 connections. `iam.simulate.vsGetUser` is the p99
 *   of one simulation at a time over GetUser's p99 at 64 connections in the same run (goal ≤ 5);
 *   `iam.simulate.concurrentVsGetUser` compares both at 64 connections (each simulation answers
 *   50 decisions in about 100 KB of XML, so under equal load it weighs dozens of GetUsers).
 * Gatehouse and moto_server run as child processes on loopback ports, one after the other under the
 * same load, and are always stopped at the end. Client and server share the machine's cores, so the
 * read load uses wrk with a single thread when wrk is installed (else a Node generator), and figures
 * are for this machine as a whole, not for the server alone.
 */
import { loadavg } from 'node:os';
import { nodeLoad } from './server-node-load.js';
import { startGatehouseProcess, startMotoProcess, stopAll, type ServerProcess } from './server-processes.js';
import { signedIamCall, type SignedRequest } from './server-requests.js';
import { wrkAvailable, wrkLoad } from './server-wrk.js';
import { SIMULATED_ACTIONS, simulationRequest, simulationSetup } from './server-simulate.js';
import type { LoadResult } from './server-load-result.js';
import { floodAttack } from '../test/support/flood-attack.js';
import { webIdentityFigures } from './server-web-identity.js';
import { steadyStateWarmUpMillis } from './steady-state.js';

export type ServerFigures = Record<string, number | string | boolean>;

/**
 * Gatehouse's start-up over moto_server's, in the same run: Gatehouse starts with every AWS managed
 * policy present (read lazily, see aws-managed-policies.ts) and should be ready in at most half the
 * time moto_server takes. Reported as `server.startVsMoto` (its goal is in goals.ts).
 */

const CONCURRENCY = 64;
const READ_USER = 'bench-reader';

interface Budget {
  readonly phaseMillis: number;
  readonly gatehouseStarts: number;
  readonly motoStarts: number;
}

const FULL: Budget = { phaseMillis: 5000, gatehouseStarts: 5, motoStarts: 3 };
const QUICK: Budget = { phaseMillis: 1000, gatehouseStarts: 2, motoStarts: 1 };

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** Starts a server `times` times in a row, each on fresh state; returns the median readiness time. */
async function medianStart(start: () => Promise<ServerProcess>, times: number): Promise<{ median: number; samples: number[] }> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const s = await start();
    samples.push(s.startMillis);
    await s.stop();
  }
  return { median: median(samples), samples };
}

/** Sends one request outside the load and returns its body; throws unless it answers 200. */
async function call(r: SignedRequest): Promise<string> {
  const res = await fetch(r.url, { method: r.method, headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== 'host' && k !== 'content-length')), body: r.body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${r.url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

function mustSucceed(server: string, phase: string, r: LoadResult): LoadResult {
  if (r.failures > 0) throw new Error(`${server} ${phase}: ${r.failures} of ${r.requests} requests failed (${r.firstFailure ?? ''})`);
  if (r.requests === 0) throw new Error(`${server} ${phase}: no request was answered`);
  return r;
}

interface ServerRun {
  readonly readSequential: LoadResult;
  readonly readConcurrent: LoadResult;
  readonly writeSequential: LoadResult;
  readonly writeConcurrent: LoadResult;
  readonly simulateSequential: LoadResult | undefined;
  readonly simulateConcurrent: LoadResult | undefined;
}

/** The simulator goal: its p99 at most this many times GetUser's p99 at the same concurrency. */

/** Builds the simulated user and checks that one SimulatePrincipalPolicy answers all 50 actions. */
async function prepareSimulation(s: ServerProcess, sign: (action: string, params: Record<string, string>) => SignedRequest): Promise<SignedRequest> {
  for (const r of simulationSetup(sign)) await call(r);
  const simulate = simulationRequest(sign, '123456789012');
  const body = await call(simulate);
  const results = body.match(/<EvalActionName>/g)?.length ?? 0;
  if (results !== SIMULATED_ACTIONS.length) throw new Error(`${s.name}: SimulatePrincipalPolicy answered ${results} results, not ${SIMULATED_ACTIONS.length}: ${body.slice(0, 300)}`);
  return simulate;
}

async function loadOne(s: ServerProcess, useWrk: boolean, millis: number, warmUpMillis: number, simulator: boolean): Promise<ServerRun> {
  const sign = (action: string, params: Record<string, string>): SignedRequest => signedIamCall(s.url, s.credentials, action, params);
  await call(sign('CreateUser', { UserName: READ_USER }));
  const getUser = sign('GetUser', { UserName: READ_USER });
  const body = await call(getUser);
  if (!body.includes(`<UserName>${READ_USER}</UserName>`)) throw new Error(`${s.name}: GetUser did not return the user: ${body.slice(0, 300)}`);

  const read = (connections: number, ms = millis): Promise<LoadResult> =>
    useWrk ? wrkLoad(getUser, connections, ms) : nodeLoad(() => [getUser], connections, ms);
  const readSequential = mustSucceed(s.name, 'read, 1 connection', await read(1));
  // The concurrent read has a tail goal: it is counted once the server has run under that load.
  mustSucceed(s.name, `read warm-up, ${CONCURRENCY} connections`, await read(CONCURRENCY, warmUpMillis));
  const readConcurrent = mustSucceed(s.name, `read, ${CONCURRENCY} connections`, await read(CONCURRENCY));

  const pair = (phase: string) => (w: number, i: number): readonly SignedRequest[] => {
    const name = `bench-${phase}-${w}-${i}`;
    return [sign('CreateUser', { UserName: name }), sign('DeleteUser', { UserName: name })];
  };
  const writeSequential = mustSucceed(s.name, 'write, 1 connection', await nodeLoad(pair('s'), 1, millis));
  const writeConcurrent = mustSucceed(s.name, `write, ${CONCURRENCY} connections`, await nodeLoad(pair('c'), CONCURRENCY, millis));
  let simulateSequential: LoadResult | undefined;
  let simulateConcurrent: LoadResult | undefined;
  if (simulator) {
    const request = await prepareSimulation(s, sign);
    const simulate = (connections: number): Promise<LoadResult> => (useWrk ? wrkLoad(request, connections, millis) : nodeLoad(() => [request], connections, millis));
    simulateSequential = mustSucceed(s.name, 'simulate, 1 connection', await simulate(1));
    simulateConcurrent = mustSucceed(s.name, `simulate, ${CONCURRENCY} connections`, await simulate(CONCURRENCY));
  }
  return { readSequential, readConcurrent, writeSequential, writeConcurrent, simulateSequential, simulateConcurrent };
}

function line(label: string, r: LoadResult): string {
  return `${label.padEnd(34)} ${Math.round(r.requestsPerSec).toString().padStart(7)} req/s   p50 ${r.p50Millis.toFixed(2).padStart(7)} ms   p99 ${r.p99Millis.toFixed(2).padStart(7)} ms   (${r.requests} requests)`;
}

/**
 * The memory attack of the framing suite (three floods of one-byte chunks, 2,000 slow
 * connections, signed GetUser calls throughout) against a fresh Gatehouse: its peak RSS.
 */
async function floodFigures(millis: number, log: (line: string) => void): Promise<{ peakRssMiB: number; signedCalls: number }> {
  const s = await startGatehouseProcess();
  try {
    const getUser = (): SignedRequest => signedIamCall(s.url, s.credentials, 'GetUser', {});
    const result = await floodAttack(s.url, s.pid, async () => {
      await call(getUser());
    }, { durationMs: Math.max(2000, millis) });
    if (result.signedFailures.length > 0) throw new Error(`flood: signed calls failed: ${result.signedFailures.join('; ')}`);
    log(`  flood (3 one-byte-chunk floods answered ${result.floodStatuses.join('/')}, ${result.slowConnectionsOpened} slow connections, ${result.signedCalls} signed GetUser all answered): peak RSS ${result.peakRssMiB} MiB`);
    return result;
  } finally {
    await s.stop();
  }
}

/** Runs every server benchmark; `log` receives human-readable lines. */
export async function runServerBench(quick: boolean, log: (line: string) => void): Promise<ServerFigures> {
  const budget = quick ? QUICK : FULL;
  const useWrk = wrkAvailable();
  const generator = useWrk
    ? 'wrk -t1 (reads: one signed request replayed); node http.Agent keepAlive (writes: signed per request)'
    : 'node http.Agent keepAlive (reads: one signed request replayed; writes: signed per request)';
  try {
    const gStart = await medianStart(startGatehouseProcess, budget.gatehouseStarts);
    log(`  startup gatehouse (spawn → health 200)  median ${gStart.median.toFixed(0)} ms of ${gStart.samples.map((x) => x.toFixed(0)).join(', ')}`);
    const mStart = await medianStart(startMotoProcess, budget.motoStarts);
    log(`  startup moto_server (spawn → 200)       median ${mStart.median.toFixed(0)} ms of ${mStart.samples.map((x) => x.toFixed(0)).join(', ')}`);
    const startVsMoto = round(gStart.median / mStart.median, 3);
    log(`  startup gatehouse / moto_server          ${startVsMoto}`);
    const load = loadavg()[0] ?? 0;
    log(`  load generator: ${generator}; ${budget.phaseMillis / 1000} s per phase, client and server on the same cores`);
    log(`  machine: 1-minute load average ${load.toFixed(2)} at the start (other work on the machine lowers every figure)`);

    const results: Record<'gatehouse' | 'moto', ServerRun> = {} as Record<'gatehouse' | 'moto', ServerRun>;
    for (const start of [startGatehouseProcess, startMotoProcess]) {
      const s = await start();
      try {
        // moto_server does not evaluate policies in its simulator; only Gatehouse is measured.
        const r = await loadOne(s, useWrk, budget.phaseMillis, steadyStateWarmUpMillis(quick), s.name === 'gatehouse');
        results[s.name] = r;
        log(`  ${s.name}`);
        log(`    ${line('GetUser, 1 connection', r.readSequential)}`);
        log(`    ${line(`GetUser, ${CONCURRENCY} connections`, r.readConcurrent)}`);
        log(`    ${line('CreateUser/DeleteUser, 1 connection', r.writeSequential)}`);
        log(`    ${line(`CreateUser/DeleteUser, ${CONCURRENCY} conns`, r.writeConcurrent)}`);
        if (r.simulateSequential !== undefined) log(`    ${line('SimulatePrincipalPolicy×50, 1 connection', r.simulateSequential)}`);
        if (r.simulateConcurrent !== undefined) log(`    ${line(`SimulatePrincipalPolicy×50, ${CONCURRENCY} conns`, r.simulateConcurrent)}`);
      } finally {
        await s.stop();
      }
    }
    const flood = await floodFigures(budget.phaseMillis, log);
    log('  web identity federation');
    const webIdentity = await webIdentityFigures(budget.phaseMillis, log);
    const g = results.gatehouse;
    const m = results.moto;
    const figures: ServerFigures = {
      'server.read.requestsPerSec': Math.round(g.readConcurrent.requestsPerSec),
      'server.read.p50Millis': round(g.readConcurrent.p50Millis, 3),
      'server.read.p99Millis': round(g.readConcurrent.p99Millis, 3),
      'server.read.vsMoto': round(g.readConcurrent.requestsPerSec / m.readConcurrent.requestsPerSec, 1),
      'server.read.tailRatio': round(g.readConcurrent.p99Millis / g.readConcurrent.p50Millis, 2),
      'server.read.p99VsMoto': round(m.readConcurrent.p99Millis / g.readConcurrent.p99Millis, 1),
      'server.read.sequentialPerSec': Math.round(g.readSequential.requestsPerSec),
      'server.read.sequentialP99Millis': round(g.readSequential.p99Millis, 3),
      'server.read.moto.requestsPerSec': Math.round(m.readConcurrent.requestsPerSec),
      'server.read.moto.p99Millis': round(m.readConcurrent.p99Millis, 3),
      'server.read.moto.sequentialPerSec': Math.round(m.readSequential.requestsPerSec),
      'server.write.durablePerSec': Math.round(g.writeConcurrent.requestsPerSec),
      'server.write.p99Millis': round(g.writeConcurrent.p99Millis, 3),
      'server.write.sequentialPerSec': Math.round(g.writeSequential.requestsPerSec),
      'server.write.moto.perSec': Math.round(m.writeConcurrent.requestsPerSec),
      'server.write.moto.p99Millis': round(m.writeConcurrent.p99Millis, 3),
      'server.write.moto.sequentialPerSec': Math.round(m.writeSequential.requestsPerSec),
      'server.write.vsMoto': round(g.writeConcurrent.requestsPerSec / m.writeConcurrent.requestsPerSec, 1),
      'server.startMillis': round(gStart.median, 1),
      'server.moto.startMillis': round(mStart.median, 1),
      'server.flood.rssMiB': flood.peakRssMiB,
      'server.flood.signedCalls': flood.signedCalls,
      'server.startVsMoto': startVsMoto,
      ...webIdentity,
      'server.loadGenerator': generator,
      'server.machine.loadAverage1m': round(load, 2),
    };
    const sim = g.simulateSequential;
    const simLoaded = g.simulateConcurrent;
    if (sim !== undefined && simLoaded !== undefined) {
      const ratio = sim.p99Millis / g.readConcurrent.p99Millis;
      figures['iam.simulate.p50Millis'] = round(sim.p50Millis, 3);
      figures['iam.simulate.p99Millis'] = round(sim.p99Millis, 3);
      figures['iam.simulate.vsGetUser'] = round(ratio, 2);
      figures['iam.simulate.concurrentPerSec'] = Math.round(simLoaded.requestsPerSec);
      figures['iam.simulate.concurrentP99Millis'] = round(simLoaded.p99Millis, 3);
      figures['iam.simulate.concurrentVsGetUser'] = round(simLoaded.p99Millis / g.readConcurrent.p99Millis, 2);
      log(
        `  simulator: p99 of one SimulatePrincipalPolicy (50 actions, 20 policies × 10 statements) is ${figures['iam.simulate.vsGetUser']}× GetUser's p99 at ${CONCURRENCY} connections; both at ${CONCURRENCY} connections: ${figures['iam.simulate.concurrentVsGetUser']}×`,
      );
    }
    return figures;
  } finally {
    await stopAll();
  }
}
