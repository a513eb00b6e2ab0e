/**
 * EKS cluster-side figures, on one `gatehouse serve` process:
 *
 * - `eks.webhook.vsGetUser`: AdmissionReview mutations of a typical pod (two containers, a few
 *   variables and volumes, its service account annotated with a role) per second at 64
 *   connections, over signed GetUser per second at 64 connections, both on this server in this run,
 *   each counted after a second of warm-up on its connections.
 * - `eks.podRun.vsNode`: the median wall time of `gatehouse pod run … -- true` over that of
 *   `node -e 0` (Node's own start-up is the floor of any `gatehouse` command).
 *
 * Runs alone with `node dist/bench/eks.js [--quick] [--json]`, and as part of `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signRequest } from '../src/cli/signed-request.js';
import { nodeLoad } from './server-node-load.js';
import { signedIamCall, type SignedRequest } from './server-requests.js';
import { GATEHOUSE_MAIN, startGatehouseProcess, type ServerProcess } from './server-processes.js';
import { goalLines, judgeGoals } from './goals.js';

const CONNECTIONS = 64;
const WARM_UP_MILLIS = 1000;
const CLUSTER = 'bench';
const ACCOUNT = '123456789012';

const SERVICE_ACCOUNT = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: checkout
  namespace: shop
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/checkout
`;

/** A typical pod: an application container and a sidecar, with their own variables and volumes. */
const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'checkout-7c9d8f6b5-x2kqz', generateName: 'checkout-7c9d8f6b5-', labels: { app: 'checkout', 'pod-template-hash': '7c9d8f6b5' } },
  spec: {
    serviceAccountName: 'checkout',
    containers: [
      {
        name: 'app',
        image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/checkout:1.42.0',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'TABLE_NAME', value: 'orders' },
        ],
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
        volumeMounts: [{ name: 'config', mountPath: '/etc/checkout' }],
      },
      { name: 'envoy', image: 'envoyproxy/envoy:v1.30.0', ports: [{ containerPort: 15001 }], volumeMounts: [{ name: 'envoy-config', mountPath: '/etc/envoy' }] },
    ],
    volumes: [
      { name: 'config', configMap: { name: 'checkout' } },
      { name: 'envoy-config', configMap: { name: 'envoy' } },
    ],
  },
};

function round(n: number, digits: number): number {
  return Number(n.toFixed(digits));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** The cluster the figures use, made through the EKS API (with the role EKS requires). */
async function createCluster(s: ServerProcess): Promise<void> {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const role = signedIamCall(s.url, s.credentials, 'CreateRole', { RoleName: 'bench-cluster', AssumeRolePolicyDocument: trust });
  const made = await fetch(role.url, { method: 'POST', headers: Object.fromEntries(Object.entries(role.headers).filter(([k]) => k !== 'host' && k !== 'content-length')), body: role.body });
  if (!made.ok) throw new Error(`CreateRole: ${made.status} ${await made.text()}`);
  const url = `${s.url}/clusters`;
  const body = JSON.stringify({ name: CLUSTER, roleArn: `arn:aws:iam::${ACCOUNT}:role/bench-cluster`, resourcesVpcConfig: { subnetIds: ['subnet-1'] } });
  const headers = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, s.credentials, 'us-east-1', 'eks', new Date());
  delete headers.host;
  const res = await fetch(url, { method: 'POST', headers, body });
  if (!res.ok) throw new Error(`CreateCluster: ${res.status} ${await res.text()}`);
}

async function applyServiceAccount(s: ServerProcess): Promise<void> {
  const url = `${s.url}/_gatehouse/k8s/clusters/${CLUSTER}/apply`;
  const body = JSON.stringify({ documents: [{ source: 'bench.yaml', text: SERVICE_ACCOUNT }] });
  const headers = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, s.credentials, 'us-east-1', 'eks', new Date());
  delete headers.host;
  const res = await fetch(url, { method: 'POST', headers, body });
  if (!res.ok) throw new Error(`apply: ${res.status} ${await res.text()}`);
}

function admissionRequest(s: ServerProcess): SignedRequest {
  const body = JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', kind: { group: '', version: 'v1', kind: 'Pod' }, namespace: 'shop', operation: 'CREATE', object: POD },
  });
  return { method: 'POST', url: `${s.url}/_gatehouse/k8s/${ACCOUNT}/us-east-1/${CLUSTER}/mutate`, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body };
}

/** Wall-clock milliseconds of one run of a command. */
function timeRun(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.toString().slice(0, 300)}`);
  return ms;
}

export async function runEksBench(quick: boolean, log: (line: string) => void): Promise<Record<string, number | string | boolean>> {
  const millis = quick ? 1500 : 5000;
  const runs = quick ? 3 : 9;
  const s = await startGatehouseProcess();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-eks-'));
  try {
    await createCluster(s);
    await applyServiceAccount(s);
    const review = admissionRequest(s);
    const check = await fetch(review.url, { method: 'POST', headers: review.headers, body: review.body });
    const answer = (await check.json()) as { response?: { patch?: string } };
    if (answer.response?.patch === undefined) throw new Error(`the AdmissionReview was not mutated: ${JSON.stringify(answer).slice(0, 300)}`);

    const getUser = signedIamCall(s.url, s.credentials, 'GetUser', {});
    // Each load first runs a second on its connections, not counted, as the TokenReview load does.
    const users = await nodeLoad(() => [getUser], CONNECTIONS, millis, WARM_UP_MILLIS);
    const mutations = await nodeLoad(() => [review], CONNECTIONS, millis, WARM_UP_MILLIS);
    if (mutations.failures > 0) throw new Error(`AdmissionReview failures: ${mutations.firstFailure ?? ''}`);
    log(`  GetUser, ${CONNECTIONS} connections: ${Math.round(users.requestsPerSec)}/s, p99 ${users.p99Millis.toFixed(2)} ms`);
    log(`  AdmissionReview, ${CONNECTIONS} connections: ${Math.round(mutations.requestsPerSec)}/s, p99 ${mutations.p99Millis.toFixed(2)} ms`);

    // pod run: the service account and pod in one file. Until the cluster has a token issuer the
    // pod's service account carries no role (no token to mint), which is noted in the figures.
    const podFile = join(dir, 'pod.yaml');
    writeFileSync(podFile, `${SERVICE_ACCOUNT}---\n${JSON.stringify({ ...POD, metadata: { ...POD.metadata, namespace: 'shop' } })}\n`);
    const env = { PATH: process.env.PATH ?? '', HOME: dir };
    const podArgs = [GATEHOUSE_MAIN, 'pod', 'run', '--cluster', CLUSTER, '-f', podFile, '--endpoint', s.url, '--', 'true'];
    const credsEnv = { ...env, AWS_ACCESS_KEY_ID: s.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s.credentials.secretAccessKey };
    let tokenMinted = true;
    const probe = spawnSync(process.execPath, podArgs, { env: credsEnv, encoding: 'utf8' });
    if (probe.status !== 0) {
      if (!/TokenIssuerUnavailable|token issuer/.test(probe.stderr)) throw new Error(`gatehouse pod run failed: ${probe.stderr.slice(0, 300)}`);
      tokenMinted = false;
      writeFileSync(podFile, `${SERVICE_ACCOUNT.replace(/\n {4}eks\.amazonaws\.com\/role-arn:.*\n/, '\n')}---\n${JSON.stringify({ ...POD, metadata: { ...POD.metadata, namespace: 'shop' } })}\n`);
    }
    const podRuns: number[] = [];
    const nodeRuns: number[] = [];
    for (let i = 0; i < runs; i++) {
      nodeRuns.push(timeRun(process.execPath, ['-e', '0'], env));
      podRuns.push(timeRun(process.execPath, podArgs, credsEnv));
    }
    log(`  gatehouse pod run … -- true: median ${median(podRuns).toFixed(0)} ms; node -e 0: median ${median(nodeRuns).toFixed(0)} ms${tokenMinted ? '' : ' (no token minted: the cluster has no issuer in this build)'}`);
    return {
      'eks.webhook.perSec': Math.round(mutations.requestsPerSec),
      'eks.webhook.p99Millis': round(mutations.p99Millis, 3),
      'eks.webhook.getUserPerSec': Math.round(users.requestsPerSec),
      'eks.webhook.vsGetUser': round(mutations.requestsPerSec / users.requestsPerSec, 2),
      'eks.podRun.millis': round(median(podRuns), 1),
      'eks.podRun.nodeMillis': round(median(nodeRuns), 1),
      'eks.podRun.vsNode': round(median(podRuns) / median(nodeRuns), 2),
      'eks.podRun.tokenMinted': tokenMinted,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await s.stop();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = new Set(process.argv.slice(2));
  const json = args.has('--json');
  const log = (line: string): void => {
    if (!json) console.log(line);
  };
  log('EKS cluster side');
  const figures = await runEksBench(args.has('--quick'), log);
  const goals = judgeGoals(figures);
  for (const line of goalLines(goals)) log(line);
  if (json) console.log(JSON.stringify({ ...figures, goals }, null, 2));
}
