/**
 * A pod's own Kubernetes client against its Gatehouse cluster, with its service account's token:
 * kubectl and the Kubernetes JavaScript client (@kubernetes/client-node), unmodified, authenticate
 * as `system:serviceaccount:<ns>:<name>` with a token `gatehouse eks token` minted, RBAC decides
 * what they may do, and EKS's extended expiry plays out — a kubelet-style token (bound to a pod,
 * 3,607 s asked for) still works after a month and is refused with 401 after 90 days (the
 * catalogue's S05, eks/service-accounts.md), which `gatehouse doctor` names from the client's error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument } from '../support/aws-assertions.js';
import { KUBECTL } from '../support/kube-cluster.js';
import { k8sCall } from '../../src/cli/k8s-command.js';
import { runDoctor } from '../../src/cli/doctor-command.js';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const DAY = 86_400_000;
/** @kubernetes/client-node 2 loads undici 8, which needs Node 22.19 or later. */
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const jsClient = major > 22 || (major === 22 && minor >= 19) ? false : '@kubernetes/client-node 2 (undici 8) needs Node 22.19 or later';
let offset = 0;
let gh: GatehouseFixture;
let endpoint = '';
let caData = '';

function exec(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<Run> {
  return new Promise((done) => {
    execFile(cmd, args, { env, timeout: 120_000 }, (err, stdout, stderr) => done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr }));
  });
}

/** `gatehouse eks token …` as a user runs it, signed with the root user's keys (at the real time). */
async function mintToken(args: readonly string[]): Promise<string> {
  const r = await exec(process.execPath, [CLI_MAIN, 'eks', 'token', '--cluster', 'shop', '--namespace', 'default', '--endpoint', gh.url, ...args], cleanEnv({ AWS_ACCESS_KEY_ID: gh.root.accessKeyId, AWS_SECRET_ACCESS_KEY: gh.root.secretAccessKey }));
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

/** The token the kubelet asks for a pod's API access: bound to the pod, 3,607 s, the API server's audience. */
function podToken(): Promise<string> {
  return mintToken(['--service-account', 'app', '--pod', 'app-7d9f', '--expiration', '3607']);
}

function kubectl(token: string, args: readonly string[]): Promise<Run> {
  return exec(KUBECTL, ['--server', endpoint, '--certificate-authority', gh.server.caFile, '--token', token, ...args]);
}

/** Lists the namespace's pods with the Kubernetes JavaScript client, as an application in the pod would. */
async function listPods(token: string): Promise<{ names: string[] } | { error: string; code: number | undefined }> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'shop', server: endpoint, caData, skipTLSVerify: false }],
    users: [{ name: 'pod', token }],
    contexts: [{ name: 'pod', cluster: 'shop', user: 'pod' }],
    currentContext: 'pod',
  });
  try {
    const list = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'default' });
    return { names: list.items.map((p) => p.metadata?.name ?? '') };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err), code: (err as { code?: number }).code };
  }
}

before(async () => {
  gh = await startFixture({ clock: () => new Date(Date.now() + offset) });
  await gh.iam.send(new CreateRoleCommand({ RoleName: 'eks-cluster', AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }) }));
  const eks = new EKSClient({ endpoint: gh.url, region: 'us-east-1', credentials: gh.root, maxAttempts: 1 });
  const made = await eks.send(new CreateClusterCommand({ name: 'shop', roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eks-cluster`, resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d'] } }));
  endpoint = made.cluster!.endpoint!;
  caData = made.cluster!.certificateAuthority!.data!;
  eks.destroy();
  const objects = `apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: default}
---
apiVersion: v1
kind: Pod
metadata: {name: app-7d9f, namespace: default}
spec:
  serviceAccountName: app
  containers: [{name: app, image: public.ecr.aws/docker/library/busybox:stable}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: default}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app-reads-pods, namespace: default}
subjects: [{kind: ServiceAccount, name: app, namespace: default}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
`;
  const r = await k8sCall<{ problems: unknown[] }>({ endpoint: gh.url, credentials: gh.root, region: 'us-east-1', cluster: 'shop' }, 'apply', { documents: [{ source: 'app.yaml', text: objects }] });
  assert.deepEqual(r.problems, []);
});
after(async () => {
  offset = 0;
  await gh.close();
});

void describe('service-account tokens at the cluster endpoint, through unmodified Kubernetes clients', { skip: existsSync(KUBECTL) ? false : 'kubectl is needed' }, () => {
  void it('kubectl auth whoami: the token is the service account, in its groups', async () => {
    const token = await mintToken(['--service-account', 'app']);
    const r = await kubectl(token, ['auth', 'whoami', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const user = (JSON.parse(r.stdout) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
    assert.equal(user.username, 'system:serviceaccount:default:app');
    assert.deepEqual(user.groups, ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']);
  });

  void it('RBAC decides: the Role bound to the service account lets it list pods, not secrets', async () => {
    const token = await mintToken(['--service-account', 'app']);
    const pods = await kubectl(token, ['get', 'pods', '-n', 'default', '-o', 'name']);
    assert.equal(pods.code, 0, pods.stderr);
    assert.equal(pods.stdout.trim(), 'pod/app-7d9f');
    const can = await kubectl(token, ['auth', 'can-i', 'list', 'secrets', '-n', 'default']);
    assert.equal(can.stdout.trim(), 'no');
    const secrets = await kubectl(token, ['get', 'secrets', '-n', 'default']);
    assert.notEqual(secrets.code, 0);
    assert.match(secrets.stderr, /secrets is forbidden: User "system:serviceaccount:default:app" cannot list resource "secrets" in API group "" in the namespace "default"/);
  });

  void it('refuses a token for another audience, one for a service account that does not exist, and a forged one', async () => {
    const sts = await mintToken(['--service-account', 'app', '--audience', 'sts.amazonaws.com']);
    const ghost = await mintToken(['--service-account', 'ghost']);
    const [header, payload] = (await mintToken(['--service-account', 'app'])).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'system:serviceaccount:kube-system:default' })).toString('base64url')}.${'A'.repeat(342)}`;
    for (const token of [sts, ghost, forged]) {
      const r = await kubectl(token, ['get', 'pods']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /error: You must be logged in to the server \(Unauthorized\)/);
    }
  });

  void it("a pod's token has EKS's 90-day extended expiry: kubectl is served a month on and refused after 90 days", async () => {
    const token = await podToken();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { iat: number; exp: number; 'kubernetes.io': { warnafter: number; pod: { name: string } } };
    assert.equal(claims.exp - claims.iat, 90 * 86_400);
    assert.equal(claims['kubernetes.io'].warnafter - claims.iat, 3607);
    assert.equal(claims['kubernetes.io'].pod.name, 'app-7d9f');
    // A token asked for without the pod keeps the lifetime asked for.
    const unbound = await mintToken(['--service-account', 'app', '--expiration', '3607']);
    const u = JSON.parse(Buffer.from(unbound.split('.')[1]!, 'base64url').toString('utf8')) as { iat: number; exp: number };
    assert.equal(u.exp - u.iat, 3607);
    try {
      offset = 30 * DAY;
      const month = await kubectl(token, ['get', 'pods', '-o', 'name']);
      assert.equal(month.stdout.trim(), 'pod/app-7d9f', month.stderr);
      const stale = await kubectl(unbound, ['get', 'pods']);
      assert.match(stale.stderr, /You must be logged in to the server \(Unauthorized\)/, 'the unbound token expired after its hour');
      offset = 91 * DAY;
      const late = await kubectl(token, ['get', 'pods']);
      assert.match(late.stderr, /You must be logged in to the server \(Unauthorized\)/);
    } finally {
      offset = 0;
    }
  });

  void it("S05: the Kubernetes JavaScript client in the pod gets 401 after 90 days, and the doctor names S05 from its error", { skip: jsClient }, async () => {
    const token = await podToken();
    try {
      offset = 30 * DAY;
      assert.deepEqual(await listPods(token), { names: ['app-7d9f'] }, 'a month on, the pod token still works');
      offset = 91 * DAY;
      const refused = await listPods(token);
      assert.ok('error' in refused, 'after 90 days the pod token is refused');
      assert.equal(refused.code, 401);
      offset = 0;
      // The client's error as the application logs it, pasted into the doctor.
      const { diagnosis } = await runDoctor(refused.error, { endpoint: gh.url, credentials: gh.root, json: true });
      assert.ok(diagnosis.recognised, refused.error);
      assert.equal(diagnosis.catalogueId, 'S05');
    } finally {
      offset = 0;
    }
  });
});
