import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalArn, mapIdentity, parseAwsAuth, stripRolePath } from './authenticate.js';
import { MemoryObjects } from './object-store.js';
import type { AccessEntryWithPolicies, Cluster, VerifiedCaller } from './cluster-view.js';
import type { KubeObject } from './kube-object.js';

const A = '111122223333';

function session(role: string, name: string): VerifiedCaller {
  return { arn: `arn:aws:sts::${A}:assumed-role/${role}/${name}`, canonicalArn: `arn:aws:iam::${A}:role/${role}`, accountId: A, userId: `AROAROLEID:${name}`, sessionName: name, accessKeyId: 'ASIAKEY' };
}

function awsAuth(data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data };
}

type Mode = Cluster['accessConfig']['authenticationMode'];
type Entry = Pick<AccessEntryWithPolicies, 'principalArn' | 'username' | 'kubernetesGroups'>;

function view(mode: Mode, entries: Entry[] = [], creator?: { arn: string; bootstrap: boolean }): Parameters<typeof mapIdentity>[0] {
  const full = entries.map((e): AccessEntryWithPolicies => ({ ...e, clusterName: 'dev', accessEntryArn: '', createdAt: new Date(0), modifiedAt: new Date(0), tags: {}, type: 'STANDARD', associatedAccessPolicies: [] }));
  return {
    cluster: { name: 'dev', accessConfig: { authenticationMode: mode, bootstrapClusterCreatorAdminPermissions: creator?.bootstrap ?? false } } as Cluster,
    accessEntries: () => Promise.resolve(full),
    creatorArn: creator?.arn,
  };
}

void describe('identity mapping', () => {
  void it('canonical ARNs as aws-iam-authenticator computes them', () => {
    assert.equal(canonicalArn(`arn:aws:sts::${A}:assumed-role/Admin/alice`), `arn:aws:iam::${A}:role/Admin`);
    assert.equal(canonicalArn(`arn:aws-cn:sts::${A}:assumed-role/Admin/alice`), `arn:aws-cn:iam::${A}:role/Admin`);
    assert.equal(canonicalArn(`arn:aws:iam::${A}:user/path/bob`), `arn:aws:iam::${A}:user/path/bob`);
    assert.equal(canonicalArn(`arn:aws:sts::${A}:federated-user/carol`), `arn:aws:sts::${A}:federated-user/carol`);
    assert.equal(canonicalArn(`arn:aws:sts::${A}:assumed-role/OnlyRole`), undefined);
    assert.equal(canonicalArn(`arn:aws:s3:::bucket`), undefined);
    assert.equal(stripRolePath(`arn:aws:iam::${A}:role/team/developers/eks-admin`), `arn:aws:iam::${A}:role/eks-admin`);
    assert.equal(stripRolePath(`arn:aws:iam::${A}:user/team/bob`), `arn:aws:iam::${A}:user/team/bob`);
  });

  void it('mapRoles: case-insensitive, templates rendered, role first then users', async () => {
    const objects = new MemoryObjects([
      awsAuth({
        mapRoles: `- rolearn: arn:aws:iam::${A}:role/ADMIN\n  username: "{{AccountID}}:{{SessionName}}:{{SessionNameRaw}}:{{AccessKeyID}}"\n  groups: ["team-{{SessionName}}", system:masters]\n`,
      }),
    ]);
    const r = await mapIdentity(view('CONFIG_MAP'), objects, session('Admin', 'alice@example.com'));
    assert.ok(r.mapped !== undefined);
    assert.equal(r.mapped.username, `${A}:alice-example.com:alice@example.com:ASIAKEY`);
    assert.deepEqual(r.mapped.groups, ['team-alice-example.com', 'system:masters']);
    assert.equal(r.mapped.uid, `aws-iam-authenticator:${A}:AROAROLEID:alice@example.com`);
    assert.deepEqual(r.mapped.extra.canonicalArn, [`arn:aws:iam::${A}:role/Admin`]);
    assert.deepEqual(r.mapped.extra['sigs.k8s.io/aws-iam-authenticator/principalId'], ['AROAROLEID:alice@example.com']);
  });

  void it('a rolearn with a path never matches; mapAccounts maps to the canonical ARN with no groups', async () => {
    const objects = new MemoryObjects([
      awsAuth({ mapRoles: `- rolearn: arn:aws:iam::${A}:role/team/eks-admin\n  username: admin\n  groups: [system:masters]\n`, mapAccounts: `- "${A}"\n` }),
    ]);
    const r = await mapIdentity(view('CONFIG_MAP'), objects, session('eks-admin', 's'));
    assert.ok(r.mapped !== undefined);
    assert.equal(r.mapped.username, `arn:aws:iam::${A}:role/eks-admin`);
    assert.deepEqual(r.mapped.groups, []);
    assert.equal(r.source.via, 'mapAccounts');
    const other = await mapIdentity(view('CONFIG_MAP'), objects, { ...session('eks-admin', 's'), accountId: '999988887777', canonicalArn: 'arn:aws:iam::999988887777:role/eks-admin' });
    assert.equal(other.mapped, undefined);
  });

  void it('{{EC2PrivateDNSName}} needs an instance ID as the session name', async () => {
    const objects = new MemoryObjects([awsAuth({ mapRoles: `- rolearn: arn:aws:iam::${A}:role/Node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:nodes]\n` })]);
    const r = await mapIdentity(view('CONFIG_MAP'), objects, session('Node', 'not-an-instance'));
    assert.equal(r.mapped, undefined);
    assert.equal('reason' in r ? r.reason : '', 'error rendering username template "system:node:{{EC2PrivateDNSName}}": SessionName did not contain an instance id');
  });

  void it('entries that fail validation are skipped, the others apply; empty sections are skipped', () => {
    const auth = parseAwsAuth({ mapRoles: `- username: nobody\n- rolearn: arn:aws:iam::${A}:role/ok\n  username: ok\n`, mapUsers: "''", mapAccounts: '' });
    assert.equal(auth.roles.length, 1);
    assert.deepEqual(auth.problems, ['mapRoles[0]: one of rolearn or SSO must be supplied']);
    assert.deepEqual(auth.users, []);
    assert.deepEqual(parseAwsAuth({ mapUsers: '- userarn: [' }).problems.length, 1);
  });

  void it('authentication modes: API ignores aws-auth, CONFIG_MAP ignores entries, both prefer the entry', async () => {
    const objects = new MemoryObjects([awsAuth({ mapRoles: `- rolearn: arn:aws:iam::${A}:role/Dev\n  username: from-configmap\n` })]);
    const entry: Entry = { principalArn: `arn:aws:iam::${A}:role/devs/Dev`, username: 'from-entry:{{SessionName}}', kubernetesGroups: ['devs'] };
    const caller = session('Dev', 'x');
    const both = await mapIdentity(view('API_AND_CONFIG_MAP', [entry]), objects, caller);
    assert.equal(both.mapped?.username, 'from-entry:x');
    assert.deepEqual(both.mapped?.groups, ['devs']);
    assert.equal((await mapIdentity(view('CONFIG_MAP', [entry]), objects, caller)).mapped?.username, 'from-configmap');
    assert.equal((await mapIdentity(view('API_AND_CONFIG_MAP'), objects, caller)).mapped?.username, 'from-configmap');
    const api = await mapIdentity(view('API'), objects, caller);
    assert.equal(api.mapped, undefined);
    assert.deepEqual('notes' in api ? api.notes : [], [`no access entry of cluster dev has the principal arn:aws:iam::${A}:role/Dev`, "the cluster's authentication mode is API: the aws-auth ConfigMap is not used"]);
  });

  void it('the cluster creator is system:masters while the ConfigMap is read and bootstrap permissions were given', async () => {
    const objects = new MemoryObjects([]);
    const creator = { arn: `arn:aws:iam::${A}:role/platform/Builder`, bootstrap: true };
    const caller = session('Builder', 'ci');
    const r = await mapIdentity(view('CONFIG_MAP', [], creator), objects, caller);
    assert.equal(r.mapped?.username, `arn:aws:sts::${A}:assumed-role/Builder/ci`);
    assert.deepEqual(r.mapped?.groups, ['system:masters']);
    assert.equal(r.mapped !== undefined ? r.source.via : undefined, 'clusterCreator');
    assert.equal((await mapIdentity(view('CONFIG_MAP', [], { ...creator, bootstrap: false }), objects, caller)).mapped, undefined);
    assert.equal((await mapIdentity(view('API', [], creator), objects, caller)).mapped, undefined);
    assert.equal((await mapIdentity(view('CONFIG_MAP', [], creator), objects, session('Other', 'ci'))).mapped, undefined);
  });
});
