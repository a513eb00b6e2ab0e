/**
 * `server.sts.webIdentity.vsKey`: AssumeRoleWithWebIdentity (unsigned, the issuer's key set cached:
 * one RSA verification, one trust-policy decision and one sealed session per call) per second,
 * over signed GetUser per second, both at 64 connections against the same Gatehouse. moto_server's
 * AssumeRoleWithWebIdentity rate is reported beside it (moto verifies nothing). The identity
 * provider runs in this process, on loopback, trusted by thumbprint.
 *
 * Run alone: `node dist/bench/server-web-identity.js [--quick]`.
 */
import { fileURLToPath } from 'node:url';
import { signedIamCall, type SignedRequest } from './server-requests.js';
import { startGatehouseProcess, startMotoProcess, stopAll, type ServerProcess } from './server-processes.js';
import { wrkAvailable, wrkLoad } from './server-wrk.js';
import { nodeLoad } from './server-node-load.js';
import type { LoadResult } from './server-load-result.js';
import { startTestIdp, type TestIdp } from '../test/support/oidc-idp.js';

const CONCURRENCY = 64;
const ROLE = 'bench-web-identity';
const round = (x: number, digits: number): number => Number(x.toFixed(digits));

async function call(r: SignedRequest): Promise<string> {
  const res = await fetch(r.url, { method: r.method, headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== 'host' && k !== 'content-length')), body: r.body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${r.url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

/** The unsigned request, as SDKs send it. */
function webIdentityRequest(endpoint: string, roleArn: string, token: string): SignedRequest {
  const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 'bench', WebIdentityToken: token }).toString();
  return { method: 'POST', url: `${endpoint}/`, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) }, body };
}

async function prepare(s: ServerProcess, idp: TestIdp): Promise<{ webIdentity: SignedRequest; getUser: SignedRequest }> {
  const sign = (action: string, params: Record<string, string>): SignedRequest => signedIamCall(s.url, s.credentials, action, params);
  await call(sign('CreateOpenIDConnectProvider', { Url: idp.issuer, 'ClientIDList.member.1': 'sts.amazonaws.com', 'ThumbprintList.member.1': idp.caThumbprint }));
  const providerArn = `arn:aws:iam::123456789012:oidc-provider/${idp.host}`;
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${idp.host}:sub`]: 'system:serviceaccount:default:app', [`${idp.host}:aud`]: 'sts.amazonaws.com' } } }],
  });
  await call(sign('CreateRole', { RoleName: ROLE, AssumeRolePolicyDocument: trust }));
  await call(sign('CreateUser', { UserName: 'bench-web-identity-reader' }));
  const webIdentity = webIdentityRequest(s.url, `arn:aws:iam::123456789012:role/${ROLE}`, await idp.token());
  // The first call fetches and caches the issuer's keys; the load measures cached calls.
  const first = await call(webIdentity);
  if (!first.includes('<SessionToken>')) throw new Error(`${s.name}: AssumeRoleWithWebIdentity answered ${first.slice(0, 300)}`);
  const getUser = sign('GetUser', { UserName: 'bench-web-identity-reader' });
  await call(getUser);
  return { webIdentity, getUser };
}

function mustSucceed(name: string, phase: string, r: LoadResult): LoadResult {
  if (r.failures > 0) throw new Error(`${name} ${phase}: ${r.failures} of ${r.requests} requests failed (${r.firstFailure ?? ''})`);
  if (r.requests === 0) throw new Error(`${name} ${phase}: no request was answered`);
  return r;
}

function line(label: string, r: LoadResult): string {
  return `${label.padEnd(34)} ${Math.round(r.requestsPerSec).toString().padStart(7)} req/s   p50 ${r.p50Millis.toFixed(2).padStart(7)} ms   p99 ${r.p99Millis.toFixed(2).padStart(7)} ms   (${r.requests} requests)`;
}

export async function webIdentityFigures(millis: number, log: (line: string) => void): Promise<Record<string, number>> {
  const useWrk = wrkAvailable();
  const load = (r: SignedRequest): Promise<LoadResult> => (useWrk ? wrkLoad(r, CONCURRENCY, millis) : nodeLoad(() => [r], CONCURRENCY, millis));
  const idp = await startTestIdp('bench');
  const results: Partial<Record<'gatehouse' | 'moto', { webIdentity: LoadResult; getUser: LoadResult }>> = {};
  try {
    for (const start of [startGatehouseProcess, startMotoProcess]) {
      const s = await start();
      try {
        const r = await prepare(s, idp);
        const webIdentity = mustSucceed(s.name, 'AssumeRoleWithWebIdentity', await load(r.webIdentity));
        const getUser = mustSucceed(s.name, 'GetUser', await load(r.getUser));
        results[s.name] = { webIdentity, getUser };
        log(`  ${s.name}`);
        log(`    ${line(`AssumeRoleWithWebIdentity, ${CONCURRENCY} conns`, webIdentity)}`);
        log(`    ${line(`GetUser, ${CONCURRENCY} connections`, getUser)}`);
      } finally {
        await s.stop();
      }
    }
  } finally {
    await idp.close();
  }
  const g = results.gatehouse!;
  const m = results.moto!;
  const figures = {
    'server.sts.webIdentity.requestsPerSec': Math.round(g.webIdentity.requestsPerSec),
    'server.sts.webIdentity.p99Millis': round(g.webIdentity.p99Millis, 3),
    'server.sts.webIdentity.vsKey': round(g.webIdentity.requestsPerSec / g.getUser.requestsPerSec, 2),
    'server.sts.webIdentity.moto.requestsPerSec': Math.round(m.webIdentity.requestsPerSec),
    'server.sts.webIdentity.vsMoto': round(g.webIdentity.requestsPerSec / m.webIdentity.requestsPerSec, 1),
  };
  log(`  AssumeRoleWithWebIdentity (keys cached) / signed GetUser: ${figures['server.sts.webIdentity.vsKey']}; over moto_server's (which verifies nothing): ${figures['server.sts.webIdentity.vsMoto']}×`);
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  try {
    const figures = await webIdentityFigures(quick ? 1000 : 5000, (l) => console.log(l));
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await stopAll();
  }
}
