/**
 * `gatehouse doctor aws-auth` against Gatehouse: clusters made through the EKS SDK in each
 * authentication mode, the aws-auth ConfigMap and RBAC bindings applied through Gatehouse's
 * Kubernetes API, access entries made through the EKS SDK; each documented reason a principal does
 * not map (or maps to nothing it may do) must be named, with its fix.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AssociateAccessPolicyCommand, CreateAccessEntryCommand, CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { ACCOUNT_ID, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { k8sCall } from '../../src/cli/k8s-command.js';
import { runDoctorAwsAuth } from '../../src/cli/doctor-k8s-command.js';
import type { AwsAuthReport, AwsAuthFindingId } from '../../src/doctor/aws-auth.js';

let gh: GatehouseFixture;
let eks: EKSClient;
const DEPLOYER = `arn:aws:iam::${ACCOUNT_ID}:role/ops/deployer`;
const DEPLOYER_NO_PATH = `arn:aws:iam::${ACCOUNT_ID}:role/deployer`;
const SESSION = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/deployer/ci-run-7`;

const awsAuth = (rolearn: string, group = 'deployers'): string => `apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: kube-system}
data:
  mapRoles: |
    - rolearn: ${rolearn}
      username: deployer
      groups: [${group}]
`;

const BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: deployers-edit}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: Group, name: deployers, apiGroup: rbac.authorization.k8s.io}]
`;

async function apply(cluster: string, text: string): Promise<void> {
  const r = await k8sCall<{ problems: unknown[] }>({ endpoint: gh.url, credentials: gh.root, region: 'us-east-1', cluster }, 'apply', { documents: [{ source: 't.yaml', text }] });
  assert.deepEqual(r.problems, []);
}

async function cluster(name: string, authenticationMode: 'CONFIG_MAP' | 'API' | 'API_AND_CONFIG_MAP'): Promise<void> {
  await eks.send(
    new CreateClusterCommand({
      name,
      roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eks-cluster`,
      resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'] },
      accessConfig: { authenticationMode, bootstrapClusterCreatorAdminPermissions: authenticationMode === 'CONFIG_MAP' },
    }),
  );
}

async function doctor(clusterName: string, principal = SESSION): Promise<AwsAuthReport> {
  const r = await runDoctorAwsAuth({ endpoint: gh.url, credentials: gh.root, cluster: clusterName, principal, json: true });
  assert.ok(r.report !== undefined);
  return r.report;
}

function finding(r: AwsAuthReport, id: AwsAuthFindingId): AwsAuthReport['findings'][number] {
  const f = r.findings.find((x) => x.id === id);
  assert.ok(f !== undefined, `no finding ${id}: ${JSON.stringify(r.findings)}`);
  return f;
}

const failed = (r: AwsAuthReport): string[] => r.findings.filter((f) => f.status === 'fail').map((f) => f.id);

void describe('gatehouse doctor aws-auth against Gatehouse', () => {
  before(async () => {
    gh = await startFixture();
    eks = new EKSClient({ endpoint: gh.url, region: 'us-east-1', credentials: gh.root });
    await gh.iam.send(
      new CreateRoleCommand({
        RoleName: 'eks-cluster',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    await gh.iam.send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        Path: '/ops/',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    await cluster('cm', 'CONFIG_MAP');
    await cluster('api', 'API');
  });
  after(async () => {
    eks.destroy();
    await gh.close();
  });

  void it('no aws-auth entry for the principal: the missing entry is named, with the mapping to add', async () => {
    const r = await doctor('cm');
    assert.equal(r.authenticationMode, 'CONFIG_MAP');
    assert.equal(r.canonicalArn, DEPLOYER_NO_PATH);
    // EKS refuses ListAccessEntries in CONFIG_MAP mode: the step is skipped, not a gap.
    assert.equal(finding(r, 'access-entry').status, 'skip');
    assert.ok(failed(r).includes('aws-auth-entry'), JSON.stringify(r.findings));
    assert.match(finding(r, 'aws-auth-entry').detail, /configmaps "aws-auth" not found/);
    assert.equal(finding(r, 'mapping').status, 'fail');
    assert.match(finding(r, 'mapping').detail, /You must be logged in to the server \(Unauthorized\)/);
  });

  void it('a role ARN with a path in mapRoles never matches: the fix is the ARN without its path', async () => {
    await apply('cm', awsAuth(DEPLOYER));
    const r = await doctor('cm');
    assert.deepEqual(failed(r), ['aws-auth-entry', 'mapping']);
    const f = finding(r, 'aws-auth-entry');
    assert.match(f.detail, /with a path/);
    assert.equal(f.fix, `Write the role ARN without its path in mapRoles: rolearn: ${DEPLOYER_NO_PATH}`);
  });

  void it('mapped without a path but no RBAC binding for its groups: the permissions step fails; with the binding everything passes', async () => {
    await apply('cm', awsAuth(DEPLOYER_NO_PATH));
    const r = await doctor('cm');
    assert.deepEqual(failed(r), ['permissions'], JSON.stringify(r.findings));
    assert.equal(r.mapped, true);
    assert.equal(r.username, 'deployer');
    assert.match(finding(r, 'permissions').fix ?? '', /kubectl create clusterrolebinding .* --group=deployers/);
    await apply('cm', BINDING);
    const ok = await doctor('cm');
    assert.deepEqual(failed(ok), []);
    assert.match(finding(ok, 'permissions').detail, /ClusterRoleBinding\/deployers-edit/);
    assert.equal(ok.ok, true);
  });

  void it('a case difference is reported beside the match', async () => {
    await apply('cm', awsAuth(DEPLOYER_NO_PATH.replace('deployer', 'Deployer')));
    const r = await doctor('cm');
    assert.match(finding(r, 'aws-auth-entry').detail, /case differs/);
  });

  void it('API mode ignores the aws-auth ConfigMap: the entry there does not count, an access entry is the fix', async () => {
    await apply('api', awsAuth(DEPLOYER_NO_PATH));
    const r = await doctor('api');
    assert.equal(r.authenticationMode, 'API');
    assert.ok(failed(r).includes('aws-auth-entry') && failed(r).includes('access-entry'), JSON.stringify(r.findings));
    assert.match(finding(r, 'aws-auth-entry').detail, /ignores the ConfigMap/);
    assert.match(finding(r, 'aws-auth-entry').fix ?? '', /aws eks create-access-entry --cluster-name api --principal-arn arn:aws:iam::123456789012:role\/deployer/);
  });

  void it('an access entry without an access policy (and no bound groups): the permissions step names associate-access-policy; with a policy it passes', async () => {
    await eks.send(new CreateAccessEntryCommand({ clusterName: 'api', principalArn: DEPLOYER }));
    const r = await doctor('api');
    assert.equal(finding(r, 'access-entry').status, 'pass');
    assert.match(finding(r, 'access-entry').detail, /takes precedence/);
    assert.equal(finding(r, 'permissions').status, 'fail');
    assert.match(finding(r, 'permissions').fix ?? '', /aws eks associate-access-policy --cluster-name api --principal-arn arn:aws:iam::123456789012:role\/ops\/deployer/);
    await eks.send(
      new AssociateAccessPolicyCommand({ clusterName: 'api', principalArn: DEPLOYER, policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', accessScope: { type: 'cluster' } }),
    );
    const ok = await doctor('api');
    assert.equal(finding(ok, 'permissions').status, 'pass');
    assert.match(finding(ok, 'permissions').detail, /AmazonEKSViewPolicy/);
  });

  void it('reads with read-only calls only, and --explain-calls makes none', async () => {
    const r = await runDoctorAwsAuth({ endpoint: gh.url, credentials: gh.root, cluster: 'api', principal: SESSION, json: true });
    const j = JSON.parse(r.output) as { calls: { operation: string }[] };
    assert.ok(j.calls.some((c) => c.operation === 'ListAssociatedAccessPolicies'));
    assert.ok(j.calls.every((c) => /^(Get|List|Describe)/.test(c.operation)));
    const plan = await runDoctorAwsAuth({ endpoint: 'http://127.0.0.1:9', cluster: 'api', explainCalls: true, json: true });
    assert.ok((JSON.parse(plan.output) as { readOnlyCalls: string[] }).readOnlyCalls.includes('eks:DescribeCluster'));
  });
});
