/**
 * The real kubectl against a Gatehouse cluster's Kubernetes API: `auth whoami`, `auth can-i`
 * decided by EKS access policies and by RBAC objects loaded from manifests, `get` of loaded
 * objects, and Kubernetes' own refusals (Unauthorized, Forbidden, NotFound).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { MemoryObjects } from '../../src/kubernetes/object-store.js';
import { builtInObjects } from '../../src/kubernetes/built-in-objects.js';
import { parseManifests } from '../../src/kubernetes/manifests.js';
import { admit } from '../../src/kubernetes/admission.js';
import { caller, KUBECTL, startTestApiServer, TestClusterView, type TestApiServer } from '../support/kube-cluster.js';

const ACCOUNT = '123456789012';
const POLICY = 'arn:aws:eks::aws:cluster-access-policy/';

const MANIFESTS = `
apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: kube-system}
data:
  mapRoles: |
    - rolearn: arn:aws:iam::${ACCOUNT}:role/pod-readers
      username: reader:{{SessionName}}
      groups: [readers]
    - rolearn: arn:aws:iam::${ACCOUNT}:role/team/developers/eks-admin
      username: admin
      groups: [system:masters]
  mapUsers: |
    - userarn: arn:aws:iam::${ACCOUNT}:user/ops
      username: ops
      groups: [system:masters]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: default}
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: readers-read-pods, namespace: default}
subjects: [{kind: Group, name: readers, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: default
  annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::${ACCOUNT}:role/app"}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default, labels: {app: web}}
spec:
  serviceAccountName: app
  containers: [{name: web, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: batch, namespace: team-a}
spec:
  containers: [{name: job, image: busybox}]
`;

const TOKENS = {
  admin: caller(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`),
  viewer: caller(`arn:aws:sts::${ACCOUNT}:assumed-role/TeamAViewer/bob`),
  reader: caller(`arn:aws:sts::${ACCOUNT}:assumed-role/pod-readers/carol@example.com`),
  pathed: caller(`arn:aws:sts::${ACCOUNT}:assumed-role/eks-admin/dave`),
  ops: caller(`arn:aws:iam::${ACCOUNT}:user/ops`),
  stranger: caller(`arn:aws:sts::${ACCOUNT}:assumed-role/Nobody/eve`),
};

void describe('kubectl against the cluster API', { skip: existsSync(KUBECTL) ? false : `${KUBECTL} is not installed` }, () => {
  let api: TestApiServer;
  const view = new TestClusterView();
  before(async () => {
    view.entries = [
      {
        principalArn: `arn:aws:iam::${ACCOUNT}:role/Admin`,
        username: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/{{SessionName}}`,
        kubernetesGroups: [],
        type: 'STANDARD',
        accessEntryArn: `arn:aws:eks:us-east-1:${ACCOUNT}:access-entry/dev/role/${ACCOUNT}/Admin/1`,
        associatedAccessPolicies: [{ policyArn: `${POLICY}AmazonEKSClusterAdminPolicy`, accessScope: { type: 'cluster' } }],
      },
      {
        principalArn: `arn:aws:iam::${ACCOUNT}:role/teams/TeamAViewer`,
        username: `arn:aws:sts::${ACCOUNT}:assumed-role/TeamAViewer/{{SessionName}}`,
        kubernetesGroups: [],
        type: 'STANDARD',
        associatedAccessPolicies: [{ policyArn: `${POLICY}AmazonEKSViewPolicy`, accessScope: { type: 'namespace', namespaces: ['team-*'] } }],
      },
    ];
    const objects = new MemoryObjects(builtInObjects('2026-01-01T00:00:00Z'));
    const parsed = parseManifests(MANIFESTS, 'test.yaml');
    assert.deepEqual(parsed.problems, []);
    const admitted = await admit(parsed.objects, objects, view, 'default', new Date());
    await objects.put(admitted.objects);
    api = await startTestApiServer(view, objects, Object.fromEntries(Object.entries(TOKENS).map(([k, v]) => [k, v])));
  });
  after(() => api.close());

  void it('auth whoami: the access entry username with the session name, and the extra fields', async () => {
    const r = await api.kubectl('admin', ['auth', 'whoami', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const review = JSON.parse(r.stdout) as { kind: string; status: { userInfo: { username: string; uid: string; groups: string[]; extra: Record<string, string[]> } } };
    assert.equal(review.kind, 'SelfSubjectReview');
    assert.equal(review.status.userInfo.username, `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`);
    assert.equal(review.status.userInfo.uid, `aws-iam-authenticator:${ACCOUNT}:AROAEXAMPLEROLEID0001:alice`);
    assert.deepEqual(review.status.userInfo.groups, ['system:authenticated']);
    assert.deepEqual(review.status.userInfo.extra.canonicalArn, [`arn:aws:iam::${ACCOUNT}:role/Admin`]);
  });

  void it('auth whoami through aws-auth: {{SessionName}} with @ as -', async () => {
    const r = await api.kubectl('reader', ['auth', 'whoami']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Username\s+reader:carol-example\.com/);
    assert.match(r.stdout, /Groups\s+\[readers system:authenticated\]/);
  });

  void it('an unmapped identity: "You must be logged in to the server (Unauthorized)"', async () => {
    // The API server's 401 Status, as EKS answers it.
    const raw = await new Promise<{ status: number; body: string }>((go, fail) => {
      const r = httpsGet(`${api.url}/api/v1/namespaces/default/pods`, { ca: api.caPem, headers: { authorization: 'Bearer stranger' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => go({ status: res.statusCode ?? 0, body }));
      });
      r.on('error', fail);
    });
    assert.equal(raw.status, 401);
    assert.deepEqual(JSON.parse(raw.body), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    const whoami = await api.kubectl('stranger', ['auth', 'whoami']);
    assert.notEqual(whoami.code, 0);
    assert.equal(whoami.stderr.trim().split('\n').pop(), 'error: You must be logged in to the server (Unauthorized)');
    // kubectl 1.32 words the same answer differently when it comes to its discovery client first.
    const get = await api.kubectl('stranger', ['get', 'pods']);
    assert.notEqual(get.code, 0);
    assert.equal(get.stderr.trim().split('\n').pop(), 'error: You must be logged in to the server (the server has asked for the client to provide credentials)');
  });

  void it('a role mapped in aws-auth with a path never matches', async () => {
    const r = await api.kubectl('pathed', ['auth', 'whoami']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Unauthorized/);
  });

  void it('auth can-i: the cluster admin policy allows anything', async () => {
    const r = await api.kubectl('admin', ['auth', 'can-i', 'delete', 'deployments', '-n', 'kube-system']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'yes');
  });

  void it('auth can-i: a namespace-scoped view policy allows reads in matching namespaces only', async () => {
    const inScope = await api.kubectl('viewer', ['auth', 'can-i', 'list', 'pods', '-n', 'team-a']);
    assert.equal(inScope.stdout.trim(), 'yes', inScope.stderr);
    const write = await api.kubectl('viewer', ['auth', 'can-i', 'create', 'pods', '-n', 'team-a']);
    assert.equal(write.stdout.trim(), 'no');
    assert.equal(write.code, 1);
    const outOfScope = await api.kubectl('viewer', ['auth', 'can-i', 'list', 'pods', '-n', 'default']);
    assert.equal(outOfScope.stdout.trim(), 'no');
    const secrets = await api.kubectl('viewer', ['auth', 'can-i', 'get', 'secrets', '-n', 'team-a']);
    assert.equal(secrets.stdout.trim(), 'no');
  });

  void it('auth can-i: RBAC objects loaded from manifests (Role + RoleBinding to a group), and system:masters', async () => {
    assert.equal((await api.kubectl('reader', ['auth', 'can-i', 'list', 'pods'])).stdout.trim(), 'yes');
    assert.equal((await api.kubectl('reader', ['auth', 'can-i', 'list', 'pods', '-n', 'kube-system'])).stdout.trim(), 'no');
    assert.equal((await api.kubectl('reader', ['auth', 'can-i', 'delete', 'pods'])).stdout.trim(), 'no');
    assert.equal((await api.kubectl('ops', ['auth', 'can-i', '*', '*'])).stdout.trim(), 'yes');
  });

  void it('get pods: the loaded pods, mutated by the pod identity webhook', async () => {
    const table = await api.kubectl('reader', ['get', 'pods']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^NAME\s/m);
    assert.match(table.stdout, /^web\s/m);
    const r = await api.kubectl('reader', ['get', 'pods', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { items: { metadata: { name: string }; spec: { containers: { env?: { name: string; value: string }[] }[] } }[] };
    assert.deepEqual(list.items.map((p) => p.metadata.name), ['web']);
    const env = list.items[0]?.spec.containers[0]?.env ?? [];
    assert.deepEqual(env.find((e) => e.name === 'AWS_ROLE_ARN')?.value, `arn:aws:iam::${ACCOUNT}:role/app`);
    const one = await api.kubectl('reader', ['get', 'pod', 'web', '-o', 'jsonpath={.spec.volumes[0].name}']);
    assert.equal(one.stdout, 'aws-iam-token', one.stderr);
  });

  void it('get pods where RBAC does not allow: Kubernetes\' Forbidden message', async () => {
    const r = await api.kubectl('reader', ['get', 'pods', '-n', 'kube-system']);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /Error from server \(Forbidden\): pods is forbidden: User "reader:carol-example\.com" cannot list resource "pods" in API group "" in the namespace "kube-system"/,
    );
    const cm = await api.kubectl('reader', ['get', 'configmap', 'aws-auth', '-n', 'kube-system']);
    assert.match(cm.stderr, /configmaps "aws-auth" is forbidden: User "reader:carol-example\.com" cannot get resource "configmaps" in API group "" in the namespace "kube-system"/);
    const ns = await api.kubectl('reader', ['get', 'namespaces']);
    assert.match(ns.stderr, /namespaces is forbidden: User "reader:carol-example\.com" cannot list resource "namespaces" in API group "" at the cluster scope/);
  });

  void it('get of a missing object: NotFound', async () => {
    const r = await api.kubectl('admin', ['get', 'configmap', 'nothing-here', '-n', 'kube-system']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(NotFound\): configmaps "nothing-here" not found/);
  });

  void it('the admin lists cluster-scoped objects and other groups', async () => {
    const r = await api.kubectl('admin', ['get', 'clusterrolebindings', '-o', 'name']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /clusterrolebinding\.rbac\.authorization\.k8s\.io\/cluster-admin/);
    const hooks = await api.kubectl('admin', ['get', 'mutatingwebhookconfigurations', '-o', 'name']);
    assert.match(hooks.stdout, /pod-identity-webhook/, hooks.stderr);
    const all = await api.kubectl('admin', ['get', 'pods', '-A', '-o', 'name']);
    assert.deepEqual(all.stdout.trim().split('\n').sort(), ['pod/batch', 'pod/web']);
  });
});
