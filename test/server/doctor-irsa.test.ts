/**
 * `gatehouse doctor irsa` against Gatehouse: a cluster made through the EKS SDK, an IAM OIDC
 * provider for its issuer, a role trusting the service account, the service account and a pod
 * applied through Gatehouse's Kubernetes API. Every step passes; then one link at a time is
 * broken through real clients, and the doctor must name that step as failed, with its fix.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  DeleteOpenIDConnectProviderCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { k8sCall } from '../../src/cli/k8s-command.js';
import { runDoctorIrsa } from '../../src/cli/doctor-k8s-command.js';
import type { IrsaReport, IrsaStepId } from '../../src/doctor/irsa.js';

let gh: GatehouseFixture;
let eks: EKSClient;
let issuer = '';
let host = '';
let providerArn = '';
const ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/app-role`;

const trust = (sub: string, federated = providerArn, action = 'sts:AssumeRoleWithWebIdentity'): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: federated }, Action: action, Condition: { StringEquals: { [`${host}:sub`]: sub, [`${host}:aud`]: 'sts.amazonaws.com' } } }],
  });

const serviceAccount = (roleArn: string, extra = ''): string => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: shop
  annotations:
    eks.amazonaws.com/role-arn: "${roleArn}"${extra}
`;

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  serviceAccountName: app
  containers: [{name: web, image: amazon/aws-cli}]
`;

async function apply(text: string): Promise<void> {
  const r = await k8sCall<{ problems: unknown[] }>({ endpoint: gh.url, credentials: gh.root, region: 'us-east-1', cluster: 'shop' }, 'apply', { documents: [{ source: 't.yaml', text }] });
  assert.deepEqual(r.problems, []);
}

async function doctor(extra: Record<string, string> = {}): Promise<IrsaReport> {
  const r = await runDoctorIrsa({ endpoint: gh.url, credentials: gh.root, cluster: 'shop', namespace: 'shop', serviceAccount: 'app', json: true, ...extra });
  assert.ok(r.report !== undefined);
  return r.report;
}

function step(r: IrsaReport, id: IrsaStepId): IrsaReport['steps'][number] {
  const s = r.steps.find((x) => x.id === id);
  assert.ok(s !== undefined, `no step ${id}`);
  return s;
}

/** The steps that failed, by id. */
const failed = (r: IrsaReport): string[] => r.steps.filter((s) => s.status === 'fail').map((s) => s.id);

void describe('gatehouse doctor irsa against Gatehouse', () => {
  before(async () => {
    gh = await startFixture();
    eks = new EKSClient({ endpoint: gh.url, region: 'us-east-1', credentials: gh.root });
    await gh.iam.send(
      new CreateRoleCommand({
        RoleName: 'eks-cluster',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    const c = await eks.send(new CreateClusterCommand({ name: 'shop', roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eks-cluster`, resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'] } }));
    issuer = c.cluster?.identity?.oidc?.issuer ?? '';
    host = issuer.replace(/^https:\/\//, '');
    const p = await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [gh.server.ca.sha1Thumbprint] }));
    providerArn = p.OpenIDConnectProviderArn ?? '';
    await gh.iam.send(new CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: trust('system:serviceaccount:shop:app') }));
    await apply(`${serviceAccount(ROLE)}---\n${POD}`);
  });
  after(async () => {
    eks.destroy();
    await gh.close();
  });

  void it('passes every step when the chain is whole, with read-only calls only', async () => {
    const r = await doctor({ sdk: 'node', sdkVersion: '3.600.0' });
    assert.deepEqual(failed(r), [], JSON.stringify(r.steps, null, 2));
    assert.equal(r.ok, true);
    assert.equal(r.issuer, issuer);
    assert.equal(r.providerArn, providerArn);
    assert.equal(r.roleArn, ROLE);
    assert.deepEqual(
      r.steps.map((s) => s.id),
      ['cluster-issuer', 'oidc-provider', 'oidc-audience', 'oidc-thumbprint', 'service-account', 'role-arn-annotation', 'role-exists', 'trust-policy', 'webhook-configuration', 'webhook-injection', 'sts-endpoint', 'sdk-version'],
    );
    assert.ok(r.steps.every((s) => s.status === 'pass'), JSON.stringify(r.steps.filter((s) => s.status !== 'pass')));
    const json = JSON.parse((await runDoctorIrsa({ endpoint: gh.url, credentials: gh.root, cluster: 'shop', namespace: 'shop', serviceAccount: 'app', json: true })).output) as { calls: { operation: string }[] };
    assert.ok(json.calls.length >= 4);
    assert.ok(json.calls.every((c) => /^(Get|List|Describe)/.test(c.operation)), JSON.stringify(json.calls));
  });

  void it('no IAM OIDC provider for the issuer: that step fails, the provider steps after it are skipped', async () => {
    await gh.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }));
    try {
      const r = await doctor();
      assert.deepEqual(failed(r), ['oidc-provider']);
      assert.match(step(r, 'oidc-provider').fix ?? '', /eksctl utils associate-iam-oidc-provider --cluster shop --approve/);
      assert.equal(step(r, 'oidc-audience').status, 'skip');
    } finally {
      await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [gh.server.ca.sha1Thumbprint] }));
    }
  });

  void it("the provider's audience lacks sts.amazonaws.com", async () => {
    await gh.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'other' }));
    await gh.iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'sts.amazonaws.com' }));
    try {
      const r = await doctor();
      assert.deepEqual(failed(r), ['oidc-audience']);
      assert.match(step(r, 'oidc-audience').detail, /Incorrect token audience/);
      assert.match(step(r, 'oidc-audience').fix ?? '', /add-client-id-to-open-id-connect-provider .* --client-id sts\.amazonaws\.com/);
    } finally {
      await gh.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'sts.amazonaws.com' }));
    }
  });

  void it("the provider's thumbprint is not the issuer's root certificate's", async () => {
    await gh.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }));
    try {
      const r = await doctor();
      assert.deepEqual(failed(r), ['oidc-thumbprint']);
      const s = step(r, 'oidc-thumbprint');
      assert.match(s.detail, /doesn't match configured thumbprint/);
      assert.ok((s.fix ?? '').includes(gh.server.ca.sha1Thumbprint), s.fix);
    } finally {
      await gh.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [gh.server.ca.sha1Thumbprint] }));
    }
  });

  void it('a malformed role ARN in the annotation (the extra colon of the troubleshooting page)', async () => {
    await apply(serviceAccount('arn:aws:iam::::1234567890:role/example'));
    try {
      const r = await doctor();
      assert.ok(failed(r).includes('role-arn-annotation'), JSON.stringify(failed(r)));
      assert.match(step(r, 'role-arn-annotation').detail, /Request ARN is invalid/);
      assert.equal(step(r, 'role-exists').status, 'skip');
    } finally {
      await apply(serviceAccount(ROLE));
    }
  });

  void it('the annotated role does not exist', async () => {
    await apply(serviceAccount(`arn:aws:iam::${ACCOUNT_ID}:role/no-such-role`));
    try {
      const r = await doctor();
      assert.deepEqual(failed(r).filter((s) => s !== 'webhook-injection'), ['role-exists']);
      assert.match(step(r, 'role-exists').detail, /does not exist/);
      assert.equal(step(r, 'trust-policy').status, 'skip');
    } finally {
      await apply(serviceAccount(ROLE));
    }
  });

  void it("the trust policy's sub condition names another service account: the engine's failing condition is shown", async () => {
    await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app-role', PolicyDocument: trust('system:serviceaccount:default:app') }));
    try {
      const r = await doctor();
      assert.deepEqual(failed(r), ['trust-policy']);
      const s = step(r, 'trust-policy');
      assert.ok(s.detail.includes(`${host}:sub`) && s.detail.includes('system:serviceaccount:default:app') && s.detail.includes('system:serviceaccount:shop:app'), s.detail);
      assert.ok((s.fix ?? '').includes('"Federated"'), s.fix);
    } finally {
      await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app-role', PolicyDocument: trust('system:serviceaccount:shop:app') }));
    }
  });

  void it('the trust policy names another provider, or another action', async () => {
    await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app-role', PolicyDocument: trust('system:serviceaccount:shop:app', `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0000000000000000000000000000AAAA`) }));
    try {
      const r = await doctor();
      assert.deepEqual(failed(r), ['trust-policy']);
      assert.match(step(r, 'trust-policy').detail, /No Allow statement names Principal\.Federated/);
      await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app-role', PolicyDocument: trust('system:serviceaccount:shop:app', providerArn, 'sts:AssumeRole') }));
      const r2 = await doctor();
      assert.deepEqual(failed(r2), ['trust-policy']);
      assert.match(step(r2, 'trust-policy').detail, /not sts:AssumeRoleWithWebIdentity/);
    } finally {
      await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app-role', PolicyDocument: trust('system:serviceaccount:shop:app') }));
    }
  });

  void it('an application that names the global STS endpoint while the pod uses the regional one (-f)', async () => {
    const file = join(gh.dataDir, 'global-sts.yaml');
    writeFileSync(file, POD.replace('image: amazon/aws-cli}', 'image: amazon/aws-cli, env: [{name: AWS_ENDPOINT_URL_STS, value: "https://sts.amazonaws.com"}]}'));
    const r = await doctor({ file });
    assert.deepEqual(failed(r), ['sts-endpoint']);
    assert.match(step(r, 'sts-endpoint').detail, /Credential should be scoped to a valid region/);
    assert.match(step(r, 'sts-endpoint').fix ?? '', /sts-regional-endpoints=false/);
  });

  void it('an SDK older than the EKS guide\'s minimum', async () => {
    const r = await doctor({ sdk: 'boto3', sdkVersion: '1.9.100' });
    assert.deepEqual(failed(r), ['sdk-version']);
    assert.match(step(r, 'sdk-version').fix ?? '', /1\.9\.220/);
    const js2 = await doctor({ sdk: 'node', sdkVersion: '2.524.9' });
    assert.deepEqual(failed(js2), ['sdk-version']);
    assert.deepEqual(failed(await doctor({ sdk: 'node', sdkVersion: '2.525.0' })), []);
  });

  void it('--explain-calls lists the calls and makes none', async () => {
    const r = await runDoctorIrsa({ endpoint: 'http://127.0.0.1:9', cluster: 'shop', serviceAccount: 'app', explainCalls: true, json: true });
    const j = JSON.parse(r.output) as { readOnlyCalls: { step: string; calls: string[] }[] };
    assert.deepEqual(j.readOnlyCalls.find((c) => c.step === 'cluster-issuer')?.calls, ['eks:DescribeCluster']);
    assert.ok(j.readOnlyCalls.find((c) => c.step === 'oidc-audience')?.calls.includes('iam:GetOpenIDConnectProvider'));
  });

  // Last: the webhook configuration is not put back.
  void it('the webhook configuration deleted: that step fails, and a new pod (-f) is not injected', async () => {
    const del = await k8sCall<{ deleted: unknown[] }>({ endpoint: gh.url, credentials: gh.root, region: 'us-east-1', cluster: 'shop' }, 'delete', { resource: 'mutatingwebhookconfigurations', name: 'pod-identity-webhook' });
    assert.equal(del.deleted.length, 1);
    const file = join(gh.dataDir, 'pod.yaml');
    writeFileSync(file, POD);
    const r = await doctor({ file });
    assert.deepEqual(failed(r), ['webhook-configuration', 'webhook-injection']);
    assert.match(step(r, 'webhook-injection').detail, /pod-identity-webhook does not exist/);
    assert.match(step(r, 'webhook-configuration').fix ?? '', /iam-for-pods\.amazonaws\.com/);
  });

  void it('through the command line: exit status 1 and the failed step in the JSON', async () => {
    const out = await new Promise<{ code: number; stdout: string }>((done) => {
      execFile(process.execPath, [CLI_MAIN, 'doctor', 'irsa', '--cluster', 'shop', '--namespace', 'shop', '--service-account', 'app', '--endpoint', gh.url, '--data', gh.dataDir, '--json'], { env: cleanEnv() }, (err, stdout) =>
        done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout }),
      );
    });
    assert.equal(out.code, 1);
    const j = JSON.parse(out.stdout) as IrsaReport;
    assert.equal(j.check, 'irsa');
    assert.equal(j.steps.find((s) => s.id === 'webhook-configuration')?.status, 'fail');
  });
});
