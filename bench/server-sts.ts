/**
 * STS under load, Gatehouse beside moto_server started in the same run (figures
 * `server.sts.*`, goals in goals.ts):
 * - callerIdentity: signed GetCallerIdentity at 64 connections (an IAM user's key), over
 *   moto_server's; and its p99 over its p50;
 * - assumeRole: AssumeRole of a role whose trust policy names the account, by a user whose policy
 *   allows it, at 64 connections, over moto_server's. Each request is the same signed request
 *   replayed (a signature stays valid for 15 minutes and AssumeRole writes nothing), and each
 *   answer is a new session: trust and identity policies evaluated, credentials encrypted;
 * - sessionRead: GetUser signed with the role session's credentials (the token decrypted and its
 *   policies assembled) over the same GetUser signed with the user's access key, both at 64
 *   connections, in four 3-second runs each, alternating, so that a change in the machine's load
 *   touches both sides.
 * Each server first answers each request, not counted (warm-up): the others for a second, then
 * GetCallerIdentity, counted next, for three seconds, until the steady state its tail figure is about. Reads use wrk with one thread where it is installed (else the Node generator), as the IAM reads do.
 */
import { nodeLoad } from './server-node-load.js';
import { startGatehouseProcess, startMotoProcess, stopAll, type ServerProcess } from './server-processes.js';
import { signedQueryCall, type QueryCall, type SignedRequest } from './server-requests.js';
import { wrkAvailable, wrkLoad } from './server-wrk.js';
import { steadyStateWarmUpMillis } from './steady-state.js';
import type { LoadResult } from './server-load-result.js';
import type { StaticCredentials } from '../src/server/credentials-file.js';

export type StsFigures = Record<string, number | string>;

const CONCURRENCY = 64;
const USER = 'bench-sts-caller';
const ROLE = 'bench-sts-role';
const STS = { service: 'sts', version: '2011-06-15' } as const;
const IAM = { service: 'iam', version: '2010-05-08' } as const;

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** Sends one request outside the load; returns its body, throwing unless it answers 200. */
async function call(r: SignedRequest): Promise<string> {
  const res = await fetch(r.url, { method: r.method, headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== 'host' && k !== 'content-length')), body: r.body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${r.url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

function element(xml: string, name: string): string {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  if (m === null) throw new Error(`no <${name}> in ${xml.slice(0, 300)}`);
  return m[1]!;
}

function mustSucceed(server: string, phase: string, r: LoadResult): LoadResult {
  if (r.failures > 0) throw new Error(`${server} ${phase}: ${r.failures} of ${r.requests} requests failed (${r.firstFailure ?? ''})`);
  if (r.requests === 0) throw new Error(`${server} ${phase}: no request was answered`);
  return r;
}

interface Prepared {
  readonly callerIdentity: SignedRequest;
  readonly assumeRole: SignedRequest;
  readonly getUserWithKey: SignedRequest;
  readonly getUserWithSession: SignedRequest;
}

/** The user (key and policy) and the role, made through the server's own API; the requests to replay. */
async function prepare(s: ServerProcess): Promise<Prepared> {
  const as = (creds: StaticCredentials, c: QueryCall): SignedRequest => signedQueryCall(s.url, creds, c);
  const root = s.credentials;
  const account = '123456789012';
  const roleArn = `arn:aws:iam::${account}:role/${ROLE}`;
  await call(as(root, { ...IAM, action: 'CreateUser', params: { UserName: USER } }));
  const allow = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn },
      { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' },
    ],
  });
  await call(as(root, { ...IAM, action: 'PutUserPolicy', params: { UserName: USER, PolicyName: 'bench', PolicyDocument: allow } }));
  const keyXml = await call(as(root, { ...IAM, action: 'CreateAccessKey', params: { UserName: USER } }));
  // moto checks no signature: its requests are signed with the credentials it was started with.
  const key: StaticCredentials = s.name === 'gatehouse' ? { accessKeyId: element(keyXml, 'AccessKeyId'), secretAccessKey: element(keyXml, 'SecretAccessKey') } : root;
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] });
  await call(as(root, { ...IAM, action: 'CreateRole', params: { RoleName: ROLE, AssumeRolePolicyDocument: trust } }));
  const read = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
  await call(as(root, { ...IAM, action: 'PutRolePolicy', params: { RoleName: ROLE, PolicyName: 'read', PolicyDocument: read } }));

  const callerIdentity = as(key, { ...STS, action: 'GetCallerIdentity' });
  const identity = await call(callerIdentity);
  if (s.name === 'gatehouse' && !element(identity, 'Arn').endsWith(`:user/${USER}`)) throw new Error(`GetCallerIdentity named ${element(identity, 'Arn')}`);
  const assumeRole = as(key, { ...STS, action: 'AssumeRole', params: { RoleArn: roleArn, RoleSessionName: 'bench' } });
  const assumed = await call(assumeRole);
  const session: StaticCredentials = { accessKeyId: element(assumed, 'AccessKeyId'), secretAccessKey: element(assumed, 'SecretAccessKey'), sessionToken: element(assumed, 'SessionToken') };
  const getUser = { ...IAM, action: 'GetUser', params: { UserName: USER } };
  const getUserWithKey = as(key, getUser);
  const getUserWithSession = as(session, getUser);
  for (const r of [getUserWithKey, getUserWithSession]) {
    const body = await call(r);
    if (!body.includes(`<UserName>${USER}</UserName>`)) throw new Error(`${s.name}: GetUser did not return the user: ${body.slice(0, 300)}`);
  }
  return { callerIdentity, assumeRole, getUserWithKey, getUserWithSession };
}

function line(label: string, r: LoadResult): string {
  return `${label.padEnd(34)} ${Math.round(r.requestsPerSec).toString().padStart(7)} req/s   p50 ${r.p50Millis.toFixed(2).padStart(7)} ms   p99 ${r.p99Millis.toFixed(2).padStart(7)} ms   (${r.requests} requests)`;
}

/** Runs the STS benchmarks; `log` receives human-readable lines. */
export async function runStsBench(quick: boolean, log: (line: string) => void): Promise<StsFigures> {
  const millis = quick ? 1000 : 5000;
  const useWrk = wrkAvailable();
  const loadFor = (s: ServerProcess, phase: string, r: SignedRequest, ms: number): Promise<LoadResult> =>
    (useWrk ? wrkLoad(r, CONCURRENCY, ms) : nodeLoad(() => [r], CONCURRENCY, ms)).then((x) => mustSucceed(s.name, phase, x));
  const load = (s: ServerProcess, phase: string, r: SignedRequest): Promise<LoadResult> => loadFor(s, phase, r, millis);
  /**
   * Each request first, not counted: the others for a second, then GetCallerIdentity, whose tail
   * has a goal and which is counted next, until the server is in its steady state under that load
   * (see steady-state.ts).
   */
  const warmUp = async (s: ServerProcess, p: Prepared): Promise<void> => {
    for (const r of [p.assumeRole, p.getUserWithKey, p.getUserWithSession]) await loadFor(s, 'warm-up', r, 1000);
    await loadFor(s, 'warm-up', p.callerIdentity, steadyStateWarmUpMillis(quick));
  };
  try {
    const g = await startGatehouseProcess();
    let gIdentity: LoadResult;
    let gAssume: LoadResult;
    const keyRuns: LoadResult[] = [];
    const sessionRuns: LoadResult[] = [];
    try {
      const p = await prepare(g);
      await warmUp(g, p);
      gIdentity = await load(g, 'GetCallerIdentity', p.callerIdentity);
      gAssume = await load(g, 'AssumeRole', p.assumeRole);
      // Short runs in alternation: the machine's load moves by the second, and both sides see it alike.
      const readMillis = quick ? millis : 3000;
      for (let i = 0; i < (quick ? 1 : 4); i++) {
        keyRuns.push(await loadFor(g, 'GetUser with a key', p.getUserWithKey, readMillis));
        sessionRuns.push(await loadFor(g, 'GetUser with a session', p.getUserWithSession, readMillis));
      }
    } finally {
      await g.stop();
    }
    const m = await startMotoProcess();
    let mIdentity: LoadResult;
    let mAssume: LoadResult;
    try {
      const p = await prepare(m);
      await warmUp(m, p);
      mIdentity = await load(m, 'GetCallerIdentity', p.callerIdentity);
      mAssume = await load(m, 'AssumeRole', p.assumeRole);
    } finally {
      await m.stop();
    }
    const sum = (rs: readonly LoadResult[]): number => rs.reduce((a, r) => a + r.requestsPerSec, 0);
    log(`  gatehouse`);
    log(`    ${line(`GetCallerIdentity, ${CONCURRENCY} connections`, gIdentity)}`);
    log(`    ${line(`AssumeRole, ${CONCURRENCY} connections`, gAssume)}`);
    keyRuns.forEach((r, i) => log(`    ${line(`GetUser (key), run ${i + 1}`, r)}`));
    sessionRuns.forEach((r, i) => log(`    ${line(`GetUser (session), run ${i + 1}`, r)}`));
    log(`  moto`);
    log(`    ${line(`GetCallerIdentity, ${CONCURRENCY} connections`, mIdentity)}`);
    log(`    ${line(`AssumeRole, ${CONCURRENCY} connections`, mAssume)}`);
    return {
      'server.sts.callerIdentity.requestsPerSec': Math.round(gIdentity.requestsPerSec),
      'server.sts.callerIdentity.p50Millis': round(gIdentity.p50Millis, 3),
      'server.sts.callerIdentity.p99Millis': round(gIdentity.p99Millis, 3),
      'server.sts.callerIdentity.moto.requestsPerSec': Math.round(mIdentity.requestsPerSec),
      'server.sts.callerIdentity.vsMoto': round(gIdentity.requestsPerSec / mIdentity.requestsPerSec, 1),
      'server.sts.callerIdentity.tailRatio': round(gIdentity.p99Millis / gIdentity.p50Millis, 2),
      'server.sts.assumeRole.requestsPerSec': Math.round(gAssume.requestsPerSec),
      'server.sts.assumeRole.p99Millis': round(gAssume.p99Millis, 3),
      'server.sts.assumeRole.moto.requestsPerSec': Math.round(mAssume.requestsPerSec),
      'server.sts.assumeRole.vsMoto': round(gAssume.requestsPerSec / mAssume.requestsPerSec, 1),
      'server.sts.sessionRead.requestsPerSec': Math.round(sum(sessionRuns) / sessionRuns.length),
      'server.sts.sessionRead.keyRequestsPerSec': Math.round(sum(keyRuns) / keyRuns.length),
      'server.sts.sessionRead.vsKey': round(sum(sessionRuns) / sum(keyRuns), 2),
    };
  } finally {
    await stopAll();
  }
}
