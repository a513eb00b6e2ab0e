/**
 * Cluster objects on a running Gatehouse through the `gatehouse k8s` and `gatehouse pod run`
 * commands: manifests applied (pods mutated by the pod identity webhook while its configuration
 * exists), listed, deleted; identity mapping reported; the AdmissionReview endpoint; the API's
 * authorization.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreatePolicyCommand, AttachUserPolicyCommand } from '@aws-sdk/client-iam';
import { startGatehouse, type RunningGatehouse } from '../../src/server/gatehouse-server.js';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, createUserWithKey, iamClient, rootCredentials, tempDataDir } from '../support/gatehouse-fixture.js';
import { TestClusterView } from '../support/kube-cluster.js';
import type { ClusterDirectory } from '../../src/kubernetes/cluster-directory.js';
import { signRequest } from '../../src/cli/signed-request.js';

const run = promisify(execFile);

const APP = `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT_ID}:role/app-reader
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  serviceAccountName: app
  containers:
    - {name: web, image: nginx}
    - {name: sidecar, image: envoy, env: [{name: AWS_REGION, value: eu-west-1}]}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: gizmo}
spec: {size: 3}
`;

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: team-a}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      serviceAccountName: api
      containers: [{name: api, image: api}]
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: team-a
  annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::${ACCOUNT_ID}:role/api", eks.amazonaws.com/token-expiration: "3600"}
`;

void describe('gatehouse k8s against a running Gatehouse', () => {
  let gh: RunningGatehouse;
  let dataDir: string;
  let dir: string;
  const views = new Map<string, TestClusterView>();
  const clusters: ClusterDirectory = (_store, accountId, region, name) => {
    if (name === 'missing') return Promise.resolve(undefined);
    let v = views.get(name);
    if (v === undefined) {
      v = new TestClusterView({ accountId, region, cluster: { name } });
      views.set(name, v);
    }
    return Promise.resolve(v);
  };
  const cli = async (args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const dash = args.indexOf('--');
      const own = ['--endpoint', gh.url, '--data', dataDir];
      const argv = dash < 0 ? [...args, ...own] : [...args.slice(0, dash), ...own, ...args.slice(dash)];
      const r = await run(process.execPath, [CLI_MAIN, ...argv], { env: cleanEnv(extra) });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };

  before(async () => {
    dataDir = tempDataDir('k8s');
    gh = await startGatehouse({ host: '127.0.0.1', port: 0, dataDir, storeUrl: undefined, accountId: ACCOUNT_ID, region: 'us-east-1', propagationDelayMs: 0, rootCredentials: undefined, clusters });
    dir = join(dataDir, 'manifests');
    mkdirSync(join(dir, 'team-a'), { recursive: true });
    writeFileSync(join(dir, 'app.yaml'), APP);
    writeFileSync(join(dir, 'team-a', 'deployment.yaml'), DEPLOYMENT);
    writeFileSync(join(dir, 'team-a', 'notes.txt'), 'not a manifest');
  });
  after(() => gh.close());

  void it('apply: the pod gets the webhook mutation, unknown kinds are kept and listed', async () => {
    const r = await cli(['k8s', 'apply', '--cluster', 'dev', '-f', join(dir, 'app.yaml'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { applied: { kind: string; name: string; namespace: string; action: string }[]; unknownKinds: string[]; pods: { owner: string; webhook: string; identity: string }[] };
    assert.deepEqual(out.applied.map((a) => `${a.kind}/${a.namespace}/${a.name} ${a.action}`), ['ServiceAccount/default/app created', 'Pod/default/web created', 'Widget/default/gizmo created']);
    assert.deepEqual(out.unknownKinds, ['Widget.example.com']);
    assert.deepEqual(out.pods, [{ owner: 'Pod/default/web', webhook: 'mutated', identity: 'irsa', patch: (out.pods[0] as unknown as { patch: unknown }).patch, skipped: [] }]);
    const again = await cli(['k8s', 'apply', '--cluster', 'dev', '-f', join(dir, 'app.yaml')]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^serviceaccount\/app unchanged$/m);
    assert.match(again.stdout, /^widget\.example\.com\/gizmo unchanged \(kept as given; Gatehouse does not interpret this kind\)$/m);
  });

  void it('get: the stored pod carries the injected environment, volume and mount', async () => {
    const r = await cli(['k8s', 'get', 'pod', 'web', '--cluster', 'dev', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const pod = JSON.parse(r.stdout) as { spec: { serviceAccountName: string; volumes: { name: string }[]; containers: { name: string; env?: { name: string; value: string }[]; volumeMounts?: { mountPath: string }[] }[] } };
    const web = pod.spec.containers[0];
    // The cluster is in us-east-1 on Kubernetes 1.31: regional STS and the region are injected.
    assert.deepEqual(web?.env, [
      { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
      { name: 'AWS_DEFAULT_REGION', value: 'us-east-1' },
      { name: 'AWS_REGION', value: 'us-east-1' },
      { name: 'AWS_ROLE_ARN', value: `arn:aws:iam::${ACCOUNT_ID}:role/app-reader` },
      { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' },
    ]);
    // The sidecar's own AWS_REGION stays; no default region is added next to it.
    assert.deepEqual(pod.spec.containers[1]?.env?.map((e) => e.name), ['AWS_REGION', 'AWS_STS_REGIONAL_ENDPOINTS', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE']);
    assert.deepEqual(pod.spec.volumes.map((v) => v.name), ['aws-iam-token']);
    const table = await cli(['k8s', 'get', 'pods', '--cluster', 'dev']);
    assert.match(table.stdout, /^NAME\s+AGE\nweb\s+\d+s\n$/);
    const widgets = await cli(['k8s', 'get', 'widgets', '--cluster', 'dev', '-o', 'name']);
    assert.equal(widgets.stdout.trim(), 'widget/gizmo');
    const missing = await cli(['k8s', 'get', 'configmap', 'aws-auth', '-n', 'kube-system', '--cluster', 'dev']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /configmaps "aws-auth" not found/);
    const yaml = await cli(['k8s', 'get', 'sa', 'app', '--cluster', 'dev', '-o', 'yaml']);
    assert.match(yaml.stdout, /eks\.amazonaws\.com\/role-arn: arn:aws:iam::123456789012:role\/app-reader/);
  });

  void it('apply -f dir/: the directory\'s manifests; pod templates are reported with the mutation their pods get', async () => {
    const r = await cli(['k8s', 'apply', '--cluster', 'dev', '-f', join(dir, 'team-a'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { applied: { kind: string }[]; pods: { owner: string; webhook: string; patch: { path: string; value: unknown }[] }[] };
    assert.deepEqual(out.applied.map((a) => a.kind), ['Deployment', 'ServiceAccount']);
    // The Deployment comes before its service account in the file, so its template was admitted without it.
    assert.equal(out.pods[0]?.webhook, 'notMutated');
    const again = JSON.parse((await cli(['k8s', 'apply', '--cluster', 'dev', '-f', join(dir, 'team-a'), '--json'])).stdout) as typeof out;
    assert.equal(again.pods[0]?.webhook, 'mutated');
    assert.deepEqual(again.pods[0]?.patch[0]?.value, [{ name: 'aws-iam-token', projected: { sources: [{ serviceAccountToken: { audience: 'sts.amazonaws.com', expirationSeconds: 3600, path: 'token' } }] } }]);
    // The template itself is stored as given.
    const d = JSON.parse((await cli(['k8s', 'get', 'deployments', 'api', '-n', 'team-a', '--cluster', 'dev', '--json'])).stdout) as { spec: { template: { spec: { containers: { env?: unknown }[] } } } };
    assert.equal(d.spec.template.spec.containers[0]?.env, undefined);
  });

  void it('deleting the pod-identity-webhook configuration stops the injection', async () => {
    const del = await cli(['k8s', 'delete', 'mutatingwebhookconfiguration', 'pod-identity-webhook', '--cluster', 'dev']);
    assert.equal(del.code, 0, del.stderr);
    assert.equal(del.stdout.trim(), 'mutatingwebhookconfiguration.admissionregistration.k8s.io "pod-identity-webhook" deleted');
    const r = await cli(['k8s', 'apply', '--cluster', 'dev', '-f', join(dir, 'app.yaml')]);
    assert.match(r.stdout, /^pod\/web configured \(not mutated: the MutatingWebhookConfiguration pod-identity-webhook does not exist\)$/m);
    const pod = JSON.parse((await cli(['k8s', 'get', 'pod', 'web', '--cluster', 'dev', '--json'])).stdout) as { spec: { volumes?: unknown; containers: { env?: unknown }[] } };
    assert.equal(pod.spec.volumes, undefined);
    assert.equal(pod.spec.containers[0]?.env, undefined);
    const gone = await cli(['k8s', 'delete', 'mutatingwebhookconfiguration', 'pod-identity-webhook', '--cluster', 'dev']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /Error from server \(NotFound\): mutatingwebhookconfigurations\.admissionregistration\.k8s\.io "pod-identity-webhook" not found/);
    // Other clusters keep theirs.
    const other = await cli(['k8s', 'get', 'mutatingwebhookconfigurations', '--cluster', 'prod', '-o', 'name']);
    assert.equal(other.stdout.trim(), 'mutatingwebhookconfiguration/pod-identity-webhook');
  });

  void it('whoami: not mapped, with the reasons; then mapped through aws-auth', async () => {
    const r = await cli(['k8s', 'whoami', '--cluster', 'dev', '--json']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { mapped: boolean; reason: string; notes: string[]; principal: { arn: string } };
    assert.equal(out.principal.arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
    assert.equal(out.mapped, false);
    assert.equal(out.reason, `ARN is not mapped: arn:aws:iam::${ACCOUNT_ID}:root`);
    assert.ok(out.notes.includes('configmaps "aws-auth" not found in namespace kube-system'), out.notes.join('\n'));
    writeFileSync(
      join(dir, 'aws-auth.yaml'),
      `apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: kube-system}
data:
  mapRoles: |
    - rolearn: arn:aws:iam::${ACCOUNT_ID}:role/team/developers/eks-admin
      username: admin:{{SessionName}}
      groups: [system:masters]
  mapUsers: |
    - userarn: arn:aws:iam::${ACCOUNT_ID}:root
      username: root-user
      groups: [system:masters]
`,
    );
    assert.equal((await cli(['k8s', 'apply', '--cluster', 'dev', '-f', join(dir, 'aws-auth.yaml')])).code, 0);
    const mapped = await cli(['k8s', 'whoami', '--cluster', 'dev']);
    assert.equal(mapped.code, 0, mapped.stderr);
    assert.match(mapped.stdout, /^Username\s+root-user$/m);
    assert.match(mapped.stdout, /^Groups\s+\[system:masters\]$/m);
    assert.match(mapped.stdout, /^Mapped by\s+aws-auth ConfigMap, mapUsers$/m);
    const pathed = await cli(['k8s', 'whoami', '--cluster', 'dev', '--principal', `arn:aws:sts::${ACCOUNT_ID}:assumed-role/eks-admin/dev-session`]);
    assert.equal(pathed.code, 1);
    assert.match(pathed.stdout, /AWS IAM Authenticator does not permit a path in the role ARN used in the ConfigMap\. Remove the path: arn:aws:iam::123456789012:role\/eks-admin\./);
    assert.match(pathed.stdout, /You must be logged in to the server \(Unauthorized\)/);
  });

  void it('whoami: access entries take precedence over aws-auth in API_AND_CONFIG_MAP', async () => {
    const v = views.get('dev');
    assert.ok(v !== undefined);
    v.entries = [
      {
        principalArn: `arn:aws:iam::${ACCOUNT_ID}:root`,
        username: 'entry-root',
        kubernetesGroups: ['ops'],
        associatedAccessPolicies: [{ policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', accessScope: { type: 'namespace', namespaces: ['team-a'] } }],
      },
    ];
    const r = JSON.parse((await cli(['k8s', 'whoami', '--cluster', 'dev', '--json'])).stdout) as { username: string; groups: string[]; via: { via: string } };
    assert.equal(r.username, 'entry-root');
    assert.deepEqual(r.groups, ['ops']);
    assert.equal(r.via.via, 'accessEntry');
    v.cluster = { ...v.cluster, accessConfig: { authenticationMode: 'CONFIG_MAP' } };
    const cm = JSON.parse((await cli(['k8s', 'whoami', '--cluster', 'dev', '--json'])).stdout) as { username: string };
    assert.equal(cm.username, 'root-user');
    v.cluster = { ...v.cluster, accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } };
    v.entries = [];
  });

  void it('the API needs eks:AccessKubernetesApi on the cluster, and a valid signature', async () => {
    const iam = iamClient(gh.url, await rootCredentials(gh.credentialsFile));
    const user = await createUserWithKey(iam, 'k8s-viewer');
    const env = { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey };
    const denied = await cli(['k8s', 'get', '--cluster', 'dev'], env);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, new RegExp(`User: arn:aws:iam::${ACCOUNT_ID}:user/k8s-viewer is not authorized to perform: eks:AccessKubernetesApi on resource: arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/dev`));
    const policy = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'k8s-dev',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'eks:AccessKubernetesApi', Resource: `arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/dev` }] }),
      }),
    );
    await iam.send(new AttachUserPolicyCommand({ UserName: 'k8s-viewer', PolicyArn: policy.Policy?.Arn }));
    const allowed = await cli(['k8s', 'get', 'sa', '--cluster', 'dev', '-o', 'name'], env);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /serviceaccount\/app/);
    const otherCluster = await cli(['k8s', 'get', '--cluster', 'prod'], env);
    assert.equal(otherCluster.code, 1);
    const unsigned = await fetch(`${gh.url}/_gatehouse/k8s/clusters/dev/objects`);
    assert.equal(unsigned.status, 403);
    const missing = await cli(['k8s', 'get', '--cluster', 'missing']);
    assert.match(missing.stderr, /No cluster found for name: missing\./);
  });

  void it('the AdmissionReview endpoint answers v1 and v1beta1 reviews with the webhook\'s patch', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { serviceAccountName: 'app', containers: [{ name: 'c', image: 'i' }] } };
    for (const apiVersion of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']) {
      const res = await fetch(`${gh.url}/_gatehouse/k8s/${ACCOUNT_ID}/us-east-1/dev/mutate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion, kind: 'AdmissionReview', request: { uid: 'u-1', namespace: 'default', operation: 'CREATE', object: pod } }),
      });
      assert.equal(res.status, 200);
      const review = (await res.json()) as { apiVersion: string; kind: string; response: { uid: string; allowed: boolean; patchType: string; patch: string } };
      assert.equal(review.apiVersion, apiVersion);
      assert.equal(review.kind, 'AdmissionReview');
      assert.equal(review.response.uid, 'u-1');
      assert.equal(review.response.allowed, true);
      assert.equal(review.response.patchType, 'JSONPatch');
      const patch = JSON.parse(Buffer.from(review.response.patch, 'base64').toString()) as { path: string }[];
      assert.deepEqual(patch.map((p) => p.path), ['/spec/volumes', '/spec/containers']);
    }
    const wrongType = await fetch(`${gh.url}/_gatehouse/k8s/${ACCOUNT_ID}/us-east-1/dev/mutate`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(wrongType.status, 415);
    assert.equal(await wrongType.text(), 'Invalid Content-Type, expected `application/json`\n');
    const bad = (await (await fetch(`${gh.url}/_gatehouse/k8s/${ACCOUNT_ID}/us-east-1/dev/mutate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}' })).json()) as { response: { status: { message: string } } };
    assert.equal(bad.response.status.message, 'bad content');
  });

  void it('the AdmissionReview endpoint sees a service account changed or deleted since its last review', async () => {
    const review = async (): Promise<{ roleArn?: string; patched: boolean }> => {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'y' }, spec: { serviceAccountName: 'changing', containers: [{ name: 'c', image: 'i' }] } };
      const res = await fetch(`${gh.url}/_gatehouse/k8s/${ACCOUNT_ID}/us-east-1/dev/mutate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u-2', namespace: 'default', operation: 'CREATE', object: pod } }),
      });
      const answer = (await res.json()) as { response: { patch?: string } };
      if (answer.response.patch === undefined) return { patched: false };
      const patch = JSON.parse(Buffer.from(answer.response.patch, 'base64').toString()) as { path: string; value: { env?: { name: string; value: string }[] }[] }[];
      const env = patch.find((p) => p.path === '/spec/containers')?.value[0]?.env ?? [];
      return { patched: true, roleArn: env.find((e) => e.name === 'AWS_ROLE_ARN')?.value };
    };
    const sa = (role: string): string => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: changing\n  annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::${ACCOUNT_ID}:role/${role}"}\n`;
    const file = join(dir, 'changing.yaml');
    assert.deepEqual(await review(), { patched: false });
    writeFileSync(file, sa('first'));
    assert.equal((await cli(['k8s', 'apply', '--cluster', 'dev', '-f', file])).code, 0);
    assert.deepEqual(await review(), { patched: true, roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/first` });
    assert.deepEqual(await review(), { patched: true, roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/first` });
    writeFileSync(file, sa('second'));
    assert.equal((await cli(['k8s', 'apply', '--cluster', 'dev', '-f', file])).code, 0);
    assert.deepEqual(await review(), { patched: true, roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/second` });
    assert.equal((await cli(['k8s', 'delete', '--cluster', 'dev', 'sa', 'changing'])).code, 0);
    assert.deepEqual(await review(), { patched: false });
  });

  void it('pod run: the command gets the container\'s environment, the token file, Gatehouse as the endpoint, and nothing of the local AWS setup', async () => {
    // The webhook configuration of cluster "pods" is in place (a new cluster's).
    const probe = 'const fs=require("fs");const e=process.env;console.log(JSON.stringify({env:Object.fromEntries(Object.entries(e).filter(([k])=>k.startsWith("AWS_"))),token:fs.readFileSync(e.AWS_WEB_IDENTITY_TOKEN_FILE,"utf8")}))';
    const r = await cli(['pod', 'run', '--cluster', 'pods', '-f', join(dir, 'app.yaml'), '--container', 'sidecar', '--', process.execPath, '-e', probe], { AWS_ACCESS_KEY_ID: 'AKIALOCALKEY', AWS_PROFILE: 'local' });
    assert.equal(r.code, 0, r.stderr);
    const seen = JSON.parse(r.stdout) as { env: Record<string, string>; token: string };
    assert.equal(seen.env.AWS_ROLE_ARN, `arn:aws:iam::${ACCOUNT_ID}:role/app-reader`);
    assert.equal(seen.env.AWS_REGION, 'eu-west-1');
    assert.equal(seen.env.AWS_DEFAULT_REGION, undefined);
    assert.equal(seen.env.AWS_STS_REGIONAL_ENDPOINTS, 'regional');
    assert.equal(seen.env.AWS_ENDPOINT_URL, gh.url);
    assert.equal(seen.env.AWS_ACCESS_KEY_ID, undefined);
    assert.equal(seen.env.AWS_PROFILE, undefined);
    assert.equal(seen.env.AWS_EC2_METADATA_DISABLED, 'true');
    assert.notEqual(seen.env.AWS_WEB_IDENTITY_TOKEN_FILE, '/var/run/secrets/eks.amazonaws.com/serviceaccount/token');
    const claims = JSON.parse(Buffer.from(seen.token.split('.')[1] ?? '', 'base64url').toString()) as { sub: string; aud: string[] };
    assert.equal(claims.sub, 'system:serviceaccount:default:app');
    assert.deepEqual(claims.aud, ['sts.amazonaws.com']);
    const issued = views.get('pods')?.tokensIssued.at(-1);
    assert.deepEqual({ ...issued, podUid: undefined }, { namespace: 'default', serviceAccount: 'app', audience: 'sts.amazonaws.com', expirationSeconds: 86400, podName: 'web', podUid: undefined });
    const code = await cli(['pod', 'run', '--cluster', 'pods', '-f', join(dir, 'app.yaml'), '--', process.execPath, '-e', 'process.exit(7)']);
    assert.equal(code.code, 7);
    const badContainer = await cli(['pod', 'run', '--cluster', 'pods', '-f', join(dir, 'app.yaml'), '--container', 'nope', '--', 'true']);
    assert.match(badContainer.stderr, /container nope is not valid for pod web: choose one of: \[web sidecar\]/);
  });

  void it('pod run: the Pod Identity variant points the container-credentials URI at Gatehouse', async () => {
    const v = views.get('pods');
    assert.ok(v !== undefined);
    v.associations = [{ namespace: 'default', serviceAccount: 'app', roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/app-pod-identity` }];
    const r = await cli(['pod', 'run', '--cluster', 'pods', '-f', join(dir, 'app.yaml'), '--print-env', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { identity: string; env: Record<string, string> };
    assert.equal(out.identity, 'podIdentity');
    assert.equal(out.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, 'http://169.254.170.23/v1/credentials');
    assert.match(out.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ?? '', /eks-pod-identity-token$/);
    assert.equal(out.env.AWS_ROLE_ARN, undefined);
    const issued = v.tokensIssued.at(-1);
    assert.equal(issued?.audience, 'pods.eks.amazonaws.com');
    // The agent's endpoint on Gatehouse hands the token to eks-auth AssumeRoleForPodIdentity, which
    // knows only the EKS service's clusters (this one is the test's own view).
    const agent = await fetch(`${gh.url}/_gatehouse/k8s/${ACCOUNT_ID}/us-east-1/pods/pod-identity/v1/credentials`, { headers: { authorization: 'token' } });
    assert.equal(agent.status, 404);
    assert.deepEqual(await agent.json(), { __type: 'ResourceNotFoundException', message: 'No cluster found for name: pods.' });
    v.associations = [];
  });

  void it('a signed request with a bad JSON body gets a JSON error, not a crash', async () => {
    const creds = await rootCredentials(gh.credentialsFile);
    const url = `${gh.url}/_gatehouse/k8s/clusters/dev/apply`;
    const headers = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{not json' }, { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey }, 'us-east-1', 'eks', new Date());
    delete headers.host;
    const res = await fetch(url, { method: 'POST', headers, body: '{not json' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { __type: string }).__type, 'InvalidRequest');
  });
});
