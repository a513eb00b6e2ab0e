/**
 * TokenReviews under load (figure `eks.tokenReview.vsGetUser`): a token from an unmodified
 * `aws eks get-token` reviewed by a Gatehouse cluster's authenticator (`<endpoint>/authenticate`:
 * the authenticator's checks, the presigned GetCallerIdentity answered by Gatehouse's own STS, the
 * mapping) at 64 connections, over signed GetUser at 64 connections with the same load generator
 * in the same run; and the p99 over p50 of the reviews (`eks.tokenReview.tailRatio`). Each load
 * runs three seconds on its connections before counting starts (one with `--quick`).
 */
import { execFile } from 'node:child_process';
import { signRequest } from '../src/cli/signed-request.js';
import { nodeLoad } from './server-node-load.js';
import { signedIamCall, type SignedRequest } from './server-requests.js';
import { startGatehouseProcess, stopAll } from './server-processes.js';
import { steadyStateWarmUpMillis } from './steady-state.js';

const CONCURRENCY = 64;

function getToken(creds: { accessKeyId: string; secretAccessKey: string }, cluster: string): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  return new Promise((ok, fail) =>
    execFile('aws', ['eks', 'get-token', '--cluster-name', cluster, '--region', 'us-east-1', '--output', 'json'], { env }, (err, stdout, stderr) =>
      err !== null ? fail(new Error(stderr)) : ok((JSON.parse(stdout) as { status: { token: string } }).status.token),
    ),
  );
}

async function mustOk(r: SignedRequest | { method: 'POST' | 'GET'; url: string; headers: Record<string, string>; body: string }): Promise<string> {
  const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== 'host' && k !== 'content-length'));
  const res = await fetch(r.url, { method: r.method, headers, ...(r.method === 'POST' ? { body: r.body } : {}) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${r.url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

export async function runEksBench(quick: boolean, log: (line: string) => void): Promise<Record<string, number>> {
  const millis = quick ? 1000 : 5000;
  const g = await startGatehouseProcess();
  try {
    const creds = g.credentials;
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await mustOk(signedIamCall(g.url, creds, 'CreateRole', { RoleName: 'bench-eks', AssumeRolePolicyDocument: trust }));
    await mustOk(signedIamCall(g.url, creds, 'CreateUser', { UserName: 'bench-reader' }));
    const body = JSON.stringify({ name: 'bench', roleArn: 'arn:aws:iam::123456789012:role/bench-eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] } });
    const url = `${g.url}/clusters`;
    const headers = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, creds, 'us-east-1', 'eks', new Date());
    const created = JSON.parse(await mustOk({ method: 'POST', url, headers, body })) as { cluster: { identity: { oidc: { issuer: string } } } };
    const id = created.cluster.identity.oidc.issuer.slice(-32);
    const token = await getToken(creds, 'bench');
    const review: SignedRequest = {
      method: 'POST',
      url: `${g.url}/_gatehouse/eks/clusters/${id}/authenticate`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } }),
    };
    const answer = JSON.parse(await mustOk(review)) as { status: { authenticated: boolean; error?: string } };
    if (!answer.status.authenticated) throw new Error(`the bench token was not authenticated: ${answer.status.error ?? ''}`);
    const getUser = signedIamCall(g.url, creds, 'GetUser', { UserName: 'bench-reader' });
    // Each load first runs on its connections without being counted: opening 64 connections, the
    // review path's first, uncompiled runs and the runtime's first seconds are not the steady state.
    const warmUp = steadyStateWarmUpMillis(quick);
    const reads = await nodeLoad(() => [getUser], CONCURRENCY, millis, warmUp);
    const reviews = await nodeLoad(() => [review], CONCURRENCY, millis, warmUp);
    if (reviews.failures > 0 || reads.failures > 0) throw new Error(`eks bench: ${reviews.failures} reviews and ${reads.failures} reads failed (${reviews.firstFailure ?? reads.firstFailure ?? ''})`);
    const figures = {
      'eks.tokenReview.perSec': Math.round(reviews.requestsPerSec),
      'eks.tokenReview.p50Millis': Number(reviews.p50Millis.toFixed(3)),
      'eks.tokenReview.p99Millis': Number(reviews.p99Millis.toFixed(3)),
      'eks.tokenReview.getUserPerSec': Math.round(reads.requestsPerSec),
      'eks.tokenReview.vsGetUser': Number((reviews.requestsPerSec / reads.requestsPerSec).toFixed(2)),
      'eks.tokenReview.tailRatio': Number((reviews.p99Millis / reviews.p50Millis).toFixed(2)),
    };
    log(`  TokenReview of an aws eks get-token token, ${CONCURRENCY} conns: ${figures['eks.tokenReview.perSec']}/s (GetUser ${figures['eks.tokenReview.getUserPerSec']}/s): ${figures['eks.tokenReview.vsGetUser']}×, p99/p50 ${figures['eks.tokenReview.tailRatio']}`);
    return figures;
  } finally {
    await g.stop();
    await stopAll();
  }
}
