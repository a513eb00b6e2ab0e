/**
 * The EKS and web-identity entries of the error catalogue, each produced through an unmodified
 * real client against one Gatehouse and diagnosed by `gatehouse doctor` with access to that
 * Gatehouse: the AWS CLI v1/v2 for the EKS API (E01, E01b, E03), `gatehouse pod run -- aws sts
 * get-caller-identity` for the IRSA chain (E05–E09, F02–F05: the AWS CLI inside the pod obtains
 * credentials by AssumeRoleWithWebIdentity with the projected token), kubectl with the kubeconfig
 * `aws eks update-kubeconfig` writes for the cluster mapping (S02, S06, F01). The printed text
 * goes to the doctor as a user pastes it; the diagnosis must name the entry and, with the cluster
 * named, the cause that actually holds (the checklist's failed step).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  DeleteOpenIDConnectProviderCommand,
  PutUserPolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, createUserWithKey, startFixture, type GatehouseFixture, type UserCredentials } from '../support/gatehouse-fixture.js';
import { runAwsCli } from '../support/aws-cli-driver.js';
import { CLI_CLIENTS, skipUnlessInstalled } from '../support/aws-cli.js';
import { policyDocument } from '../support/aws-assertions.js';
import { KUBECTL } from '../support/kube-cluster.js';
import { k8sCall } from '../../src/cli/k8s-command.js';
import { runDoctor, type DoctorOptions } from '../../src/cli/doctor-command.js';
import type { Diagnosis } from '../../src/doctor/diagnosis.js';

type Recognised = Extract<Diagnosis, { recognised: true }>;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const AWS_V1 = CLI_CLIENTS[0]!;
const SA = 'app';
const ROLE = 'app-role';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/${ROLE}`;
const EKS_TRUST = policyDocument({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' });
const OTHER_THUMBPRINT = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';
const hasKubectl = (): string | false => (existsSync(KUBECTL) && AWS_V1.bin !== undefined ? false : 'kubectl and the AWS CLI v1 are needed');

let gh: GatehouseFixture;
let scratch: string;
let issuer = '';
let host = '';
let providerArn = '';

function exec(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(cmd, args, { env, timeout: 120_000 }, (err, stdout, stderr) => done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr }));
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** The AWS CLI v1 (the in-process driver), signed with `keys` or the root user. */
function aws(args: readonly string[], keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = gh.root, bin = AWS_V1.bin!): Promise<Run> {
  const env = cleanEnv({
    AWS_ENDPOINT_URL: gh.url,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    ...(keys.sessionToken !== undefined ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}),
  });
  return runAwsCli(bin, [...args, '--endpoint-url', gh.url, '--output', 'json'], env);
}

async function awsOk<T>(args: readonly string[]): Promise<T> {
  const r = await aws(args);
  assert.equal(r.code, 0, `aws ${args.join(' ')}: ${r.stderr}`);
  return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as T;
}

/** The doctor with access to the Gatehouse account as its root user. */
async function doctor(text: string, extra: Partial<DoctorOptions> = {}): Promise<Recognised> {
  const { diagnosis } = await runDoctor(text, { endpoint: gh.url, credentials: gh.root, json: true, ...extra });
  assert.ok(diagnosis.recognised, `not recognised: ${text}`);
  return diagnosis;
}

/** The IRSA checklist for the shared cluster's service account, as the doctor runs it for a cluster-side entry. */
const irsa = { cluster: 'shop', namespace: 'default', serviceAccount: SA } as const;

/** The checklist's failed steps, by id. */
const failedSteps = (d: Recognised): string[] => (d.checklist?.failed ?? []).map((f) => f.step);

async function apply(cluster: string, text: string): Promise<void> {
  const r = await k8sCall<{ problems: unknown[] }>({ endpoint: gh.url, credentials: gh.root, region: 'us-east-1', cluster }, 'apply', { documents: [{ source: 't.yaml', text }] });
  assert.deepEqual(r.problems, []);
}

const serviceAccount = (roleArn: string, name = SA): string => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: default
  annotations: {eks.amazonaws.com/role-arn: "${roleArn}"}
`;

function podFile(name: string, serviceAccountName = SA): string {
  const path = join(scratch, `${name}.yaml`);
  writeFileSync(
    path,
    `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default}
spec:
  serviceAccountName: ${serviceAccountName}
  containers: [{name: app, image: amazon/aws-cli, env: [{name: AWS_DEFAULT_REGION, value: us-east-1}, {name: AWS_REGION, value: us-east-1}]}]
`,
  );
  return path;
}

/** `gatehouse pod run --cluster C -f pod.yaml -- aws sts get-caller-identity`, in a fresh home (the CLI caches web-identity credentials). */
function podRun(cluster: string, pod: string, command: readonly string[] = [AWS_V1.bin!, 'sts', 'get-caller-identity', '--output', 'json']): Promise<Run> {
  const home = mkdtempSync(join(scratch, 'home-'));
  return exec(process.execPath, [CLI_MAIN, 'pod', 'run', '--cluster', cluster, '--endpoint', gh.url, '--data', gh.dataDir, '-f', pod, '--', ...command], cleanEnv({ HOME: home }));
}

/** boto3 in the pod: the default credential chain, uncaught, as a program fails. */
const BOTO3 = ['python3', '-c', "import boto3; print(boto3.client('sts').get_caller_identity()['Arn'])"];

/** The AWS SDK for JavaScript v3 in the pod: the default chain, the rejection left to Node to print. */
const JS_SDK = [
  process.execPath,
  '-e',
  `const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(fileURLToPath(new URL('../../../node_modules/@aws-sdk/client-sts', import.meta.url)))}); new STSClient({}).send(new GetCallerIdentityCommand({})).then((r) => console.log(r.Arn));`,
];

const trust = (sub = `system:serviceaccount:default:${SA}`, federated = providerArn): string =>
  policyDocument({ Effect: 'Allow', Principal: { Federated: federated }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${host}:sub`]: sub, [`${host}:aud`]: 'sts.amazonaws.com' } } });

async function createCluster(name: string): Promise<string> {
  const c = await awsOk<{ cluster: { identity: { oidc: { issuer: string } } } }>(['eks', 'create-cluster', '--name', name, '--role-arn', `arn:aws:iam::${ACCOUNT_ID}:role/eks-cluster`, '--resources-vpc-config', 'subnetIds=subnet-0a1b2c3d']);
  return c.cluster.identity.oidc.issuer;
}

before(async () => {
  assert.ok(AWS_V1.bin !== undefined, 'the AWS CLI v1 must be installed');
  gh = await startFixture();
  scratch = mkdtempSync(join(gh.dataDir, 'doctor-eks-'));
  await gh.iam.send(new CreateRoleCommand({ RoleName: 'eks-cluster', AssumeRolePolicyDocument: EKS_TRUST }));
  issuer = await createCluster('shop');
  host = issuer.replace(/^https:\/\//, '');
  providerArn = (await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [gh.server.ca.sha1Thumbprint] }))).OpenIDConnectProviderArn!;
  await gh.iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: trust() }));
  await apply('shop', serviceAccount(ROLE_ARN));
});
after(async () => {
  await gh.close();
});

void describe('EKS API denials through the AWS CLI, diagnosed', () => {
  let viewer: UserCredentials;
  before(async () => {
    viewer = await createUserWithKey(gh.iam, 'user_name');
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'user_name', PolicyName: 'list', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'eks:ListClusters', Resource: '*' }) }));
  });

  for (const client of CLI_CLIENTS) {
    void it(`E01: ${client.label}'s AccessDeniedException for DescribeCluster names E01; the engine finds no identity-based Allow for eks:DescribeCluster`, { skip: skipUnlessInstalled(client) }, async () => {
      const r = await aws(['eks', 'describe-cluster', '--name', 'shop'], viewer, client.bin);
      assert.notEqual(r.code, 0);
      const d = await doctor(r.stderr);
      assert.equal(d.catalogueId, 'E01');
      assert.equal(d.client, 'aws-cli');
      assert.equal(d.fields.principal, viewer.arn);
      assert.equal(d.fields.action, 'eks:DescribeCluster');
      assert.equal(d.fields.resource, `arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/shop`);
      assert.equal(d.account?.engine?.decision, 'ImplicitDeny');
      assert.equal(d.account?.engine?.catalogueId, 'E21');
      assert.match(d.account?.engine?.fix ?? '', /"Action":"eks:DescribeCluster"/);
      assert.ok(d.related.includes('E01b'));
    });
  }

  void it('E03: CreateCluster passes the cluster role to EKS; without iam:PassRole the CLI prints the seed\'s text, and the engine finds no Allow for it', async () => {
    const mary = await createUserWithKey(gh.iam, 'marymajor');
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'marymajor', PolicyName: 'eks', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'eks:*', Resource: '*' }) }));
    const r = await aws(['eks', 'create-cluster', '--name', 'c3', '--role-arn', `arn:aws:iam::${ACCOUNT_ID}:role/eks-cluster`, '--resources-vpc-config', 'subnetIds=subnet-0a1b2c3d'], mary);
    assert.equal(r.stderr.trim(), `An error occurred (AccessDeniedException) when calling the CreateCluster operation: User: ${mary.arn} is not authorized to perform: iam:PassRole`);
    const d = await doctor(r.stderr);
    assert.equal(d.catalogueId, 'E03');
    assert.equal(d.fields.action, 'iam:PassRole');
    assert.equal(d.account?.engine?.decision, 'ImplicitDeny');
    assert.equal(d.account?.engine?.catalogueId, 'E21');
    assert.match(d.account?.engine?.fix ?? '', /"Action":"iam:PassRole"/);
  });

  void it('E01b: the older revision\'s concrete-region form (us-west-2) is the same entry, and the cause is the same missing Allow', async () => {
    const r = await runAwsCli(AWS_V1.bin!, ['eks', 'describe-cluster', '--name', 'cluster_name', '--region', 'us-west-2', '--endpoint-url', gh.url], cleanEnv({ AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_ACCESS_KEY_ID: viewer.accessKeyId, AWS_SECRET_ACCESS_KEY: viewer.secretAccessKey }));
    assert.equal(
      r.stderr.trim(),
      `An error occurred (AccessDeniedException) when calling the DescribeCluster operation: User: ${viewer.arn} is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:us-west-2:${ACCOUNT_ID}:cluster/cluster_name`,
    );
    const d = await doctor(r.stderr);
    assert.equal(d.catalogueId, 'E01');
    assert.ok(d.related.includes('E01b'));
    assert.equal(d.fields.resource, `arn:aws:eks:us-west-2:${ACCOUNT_ID}:cluster/cluster_name`);
    assert.equal(d.account?.engine?.decision, 'ImplicitDeny');
    assert.match(d.account?.cause ?? '', /eks:DescribeCluster/);
  });
});

void describe('the IRSA chain broken one link at a time: gatehouse pod run -- aws, diagnosed with the cluster named', () => {
  void it('the whole chain works (the baseline every break departs from)', async () => {
    const r = await podRun('shop', podFile('baseline'));
    assert.equal(r.code, 0, r.stderr);
    assert.match((JSON.parse(r.stdout) as { Arn: string }).Arn, new RegExp(`^arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE}/`));
  });

  void it('E05: a malformed role ARN in the annotation; the checklist names the annotation', async () => {
    await apply('shop', serviceAccount('arn:aws:iam::::1234567890:role/example'));
    try {
      const r = await podRun('shop', podFile('e05'));
      assert.notEqual(r.code, 0);
      const d = await doctor(r.stderr, irsa);
      assert.equal(d.catalogueId, 'E05');
      assert.deepEqual(failedSteps(d), ['role-arn-annotation'], JSON.stringify(d.checklist));
      assert.match(d.account?.cause ?? '', /arn:aws:iam::::1234567890:role\/example/);
      // Given the ARN instead of the cluster, the doctor's own check says the same.
      const given = await doctor(r.stderr, { roleArn: 'arn:aws:iam::::1234567890:role/example' });
      assert.equal(given.checks[0]?.status, 'holds');
      assert.match(given.account?.cause ?? '', /is malformed/);
    } finally {
      await apply('shop', serviceAccount(ROLE_ARN));
    }
  });

  void it('E06 (and F02): no IAM OIDC provider for the issuer; the doctor reads the providers and finds none for it', async () => {
    await gh.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }));
    try {
      const r = await podRun('shop', podFile('e06'));
      assert.notEqual(r.code, 0);
      const d = await doctor(r.stderr, irsa);
      assert.equal(d.catalogueId, 'E06');
      assert.equal(d.fields.issuer, issuer);
      assert.ok(d.related.includes('F02'), 'F02 (the pod cannot assume its role: no provider) is the same failure seen from the pod');
      assert.equal(d.checks[0]?.status, 'holds');
      assert.equal(d.account?.cause, `No IAM OIDC provider exists in the account for ${issuer}.`);
      assert.equal(failedSteps(d)[0], 'oidc-provider');
    } finally {
      await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [gh.server.ca.sha1Thumbprint] }));
    }
  });

  void it('E07: the provider\'s audiences lack sts.amazonaws.com; the doctor reads its client IDs', async () => {
    await gh.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'some-other-client' }));
    await gh.iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'sts.amazonaws.com' }));
    try {
      const r = await podRun('shop', podFile('e07'));
      assert.notEqual(r.code, 0);
      const d = await doctor(r.stderr, irsa);
      assert.equal(d.catalogueId, 'E07');
      assert.equal(d.checks[0]?.status, 'holds');
      assert.match(d.account?.cause ?? '', new RegExp(`does not include sts\\.amazonaws\\.com: ${providerArn.replace(/[.]/g, '\\.')}`));
      assert.deepEqual(failedSteps(d), ['oidc-audience']);
      // boto3 in the same pod: its traceback, pasted whole.
      const b = await podRun('shop', podFile('e07-boto3'), BOTO3);
      assert.match(b.stderr, /botocore\.errorfactory\.InvalidIdentityTokenException: An error occurred \(InvalidIdentityToken\) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience/);
      const viaBoto3 = await doctor(b.stderr, irsa);
      assert.equal(viaBoto3.catalogueId, 'E07');
      assert.equal(viaBoto3.client, 'boto3');
      assert.deepEqual(failedSteps(viaBoto3), ['oidc-audience']);
    } finally {
      await gh.iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn, ClientID: 'sts.amazonaws.com' }));
    }
  });

  void it('E08: the provider\'s thumbprint is not the issuer\'s root certificate; the checklist compares it with the certificate presented', async () => {
    await gh.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [OTHER_THUMBPRINT] }));
    try {
      const r = await podRun('shop', podFile('e08'));
      assert.notEqual(r.code, 0);
      const d = await doctor(r.stderr, irsa);
      assert.equal(d.catalogueId, 'E08');
      assert.deepEqual(failedSteps(d), ['oidc-thumbprint']);
      assert.ok((d.account?.cause ?? '').includes(OTHER_THUMBPRINT) && (d.account?.cause ?? '').includes(gh.server.ca.sha1Thumbprint), d.account?.cause ?? '');
    } finally {
      await gh.iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [gh.server.ca.sha1Thumbprint] }));
    }
  });

  void it('E09: the trust policy\'s sub names another service account; the checklist shows the failing condition', async () => {
    await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: trust('system:serviceaccount:default:someone-else') }));
    try {
      const r = await podRun('shop', podFile('e09'));
      assert.notEqual(r.code, 0);
      const d = await doctor(r.stderr, irsa);
      assert.equal(d.catalogueId, 'E09');
      assert.deepEqual(failedSteps(d), ['trust-policy']);
      const cause = d.account?.cause ?? '';
      assert.ok(cause.includes(`${host}:sub`) && cause.includes('system:serviceaccount:default:someone-else') && cause.includes(`system:serviceaccount:default:${SA}`), cause);
      // The JS SDK in the same pod: what Node prints for the rejection.
      const js = await podRun('shop', podFile('e09-js'), JS_SDK);
      assert.notEqual(js.code, 0);
      const viaJs = await doctor(js.stderr, irsa);
      assert.equal(viaJs.catalogueId, 'E09', js.stderr);
      assert.equal(viaJs.client, 'js-sdk');
      assert.deepEqual(failedSteps(viaJs), ['trust-policy']);
      // Without the service account the checklist cannot run, and says what it needs.
      const noServiceAccount = await doctor(r.stderr, { cluster: 'shop' });
      assert.equal(noServiceAccount.checklist?.ran, false);
      assert.match(noServiceAccount.checklist?.detail ?? '', /--service-account/);
    } finally {
      await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: trust() }));
    }
  });

  void it('F03 (via E09\'s text): a trust policy whose Federated principal is another provider; the doctor finds the provider missing', async () => {
    const wrong = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0000000000000000000000000000AAAA`;
    await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: trust(undefined, wrong) }));
    try {
      const r = await podRun('shop', podFile('f03'));
      assert.notEqual(r.code, 0);
      const d = await doctor(r.stderr, { ...irsa, roleArn: ROLE_ARN });
      assert.equal(d.catalogueId, 'E09');
      assert.ok(d.related.includes('F03'));
      // The doctor's own trust check, given the role: the Federated provider is not in the account.
      assert.equal(d.account?.cause, `The trust policy of ${ROLE_ARN} names an OIDC provider the account does not have: ${wrong}.`);
      assert.deepEqual(failedSteps(d), ['trust-policy']);
      assert.match(d.checklist?.failed[0]?.detail ?? '', /No Allow statement names Principal\.Federated/);
    } finally {
      await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: trust() }));
    }
  });

  void it('F04: the pod names a service account that does not exist', async () => {
    const r = await podRun('shop', podFile('f04', 'missing-sa'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /service account default\/missing-sa has no eks\.amazonaws\.com\/role-arn annotation/);
    const d = await doctor(r.stderr, { ...irsa, serviceAccount: 'missing-sa' });
    assert.equal(d.catalogueId, 'F04', r.stderr);
    assert.equal(failedSteps(d)[0], 'service-account');
  });

  void it('F05: the webhook configuration deleted: the pod gets no token and the CLI no credentials; the checklist finds the configuration gone', async () => {
    // A second cluster whose chain is whole but for the webhook configuration.
    const hooklessIssuer = await createCluster('hookless');
    const hooklessHost = hooklessIssuer.replace(/^https:\/\//, '');
    const provider = (await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: hooklessIssuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [gh.server.ca.sha1Thumbprint] }))).OpenIDConnectProviderArn!;
    await gh.iam.send(
      new CreateRoleCommand({
        RoleName: 'hookless-role',
        AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${hooklessHost}:sub`]: `system:serviceaccount:default:${SA}`, [`${hooklessHost}:aud`]: 'sts.amazonaws.com' } } }),
      }),
    );
    await apply('hookless', serviceAccount(`arn:aws:iam::${ACCOUNT_ID}:role/hookless-role`));
    const whole = await podRun('hookless', podFile('f05-before'));
    assert.equal(whole.code, 0, whole.stderr);
    const del = await exec(process.execPath, [CLI_MAIN, 'k8s', 'delete', 'mutatingwebhookconfiguration', 'pod-identity-webhook', '--cluster', 'hookless', '--endpoint', gh.url, '--data', gh.dataDir], cleanEnv());
    assert.equal(del.code, 0, del.stderr);
    const r = await podRun('hookless', podFile('f05'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Unable to locate credentials/);
    const d = await doctor(r.stderr, { ...irsa, cluster: 'hookless' });
    assert.equal(d.catalogueId, 'F05');
    assert.deepEqual(failedSteps(d), ['webhook-configuration'], JSON.stringify(d.checklist));
    assert.match(d.account?.cause ?? '', /pod-identity-webhook/);
  });

  void it('through the command line: gatehouse doctor --json --cluster --service-account reads the pasted text from stdin', async () => {
    await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: trust('system:serviceaccount:default:other') }));
    try {
      const r = await podRun('shop', podFile('cli'));
      assert.notEqual(r.code, 0);
      const credentials = join(scratch, 'credentials');
      const out = await exec(
        process.execPath,
        [CLI_MAIN, 'doctor', '--stdin', '--json', '--endpoint', gh.url, '--data', gh.dataDir, '--cluster', 'shop', '--service-account', SA],
        cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: credentials }),
        r.stderr,
      );
      assert.equal(out.code, 0, out.stderr);
      const d = JSON.parse(out.stdout) as Recognised;
      assert.equal(d.catalogueId, 'E09');
      assert.equal(d.checklist?.check, 'irsa');
      assert.deepEqual(d.checklist?.failed.map((f) => f.step), ['trust-policy']);
      assert.ok(d.checklist?.calls.includes('iam:GetRole'));
      assert.ok((d.checklist?.calls ?? []).every((c) => /:(Get|List|Describe)/.test(c)), 'read-only calls only');
      // --explain-calls lists the checklist's calls beside the entry's own, and makes none.
      const plan = await runDoctor(r.stderr, { endpoint: 'http://127.0.0.1:9', explainCalls: true, json: true, ...irsa });
      const planned = JSON.parse(plan.output) as { catalogueId: string; checklist?: { check: string; readOnlyCalls: { step: string; calls: string[] }[] } };
      assert.equal(planned.checklist?.check, 'irsa');
      assert.deepEqual(planned.checklist?.readOnlyCalls.find((c) => c.step === 'cluster-issuer')?.calls, ['eks:DescribeCluster']);
      const text = await exec(process.execPath, [CLI_MAIN, 'doctor', '--stdin', '--endpoint', gh.url, '--data', gh.dataDir, '--cluster', 'shop', '--service-account', SA], cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: credentials }), r.stderr);
      assert.match(text.stdout, /^E09: /);
      assert.match(text.stdout, /checklist doctor irsa --cluster shop: doctor irsa: trust-policy failed\./);
      assert.match(text.stdout, /\[fail\] trust-policy: .*system:serviceaccount:default:other/);
      assert.match(text.stdout, /Cause that holds: /);
    } finally {
      await gh.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: ROLE, PolicyDocument: trust() }));
    }
  });
});

void describe('kubectl with an aws eks update-kubeconfig kubeconfig, diagnosed with the cluster named', { skip: hasKubectl() }, () => {
  const keysEnv = (k: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): NodeJS.ProcessEnv =>
    cleanEnv({
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ACCESS_KEY_ID: k.accessKeyId,
      AWS_SECRET_ACCESS_KEY: k.secretAccessKey,
      ...(k.sessionToken !== undefined ? { AWS_SESSION_TOKEN: k.sessionToken } : {}),
    });
  let kubeconfig: string;
  /** kubectl as the holder of `keys` (the exec plugin runs `aws eks get-token` with them). */
  const kubectl = (keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, args: readonly string[]): Promise<Run> => exec(KUBECTL, ['--kubeconfig', kubeconfig, ...args], keysEnv(keys));
  let stranger: UserCredentials;

  before(async () => {
    kubeconfig = join(scratch, 'kubeconfig');
    const w = await runAwsCli(AWS_V1.bin!, ['eks', 'update-kubeconfig', '--name', 'shop', '--kubeconfig', kubeconfig, '--endpoint-url', gh.url], keysEnv(gh.root));
    // The command's own exit status is None (0 for the shell).
    assert.ok(w.code === 0 || w.code === null, w.stderr);
    assert.ok(existsSync(kubeconfig), w.stdout);
    stranger = await createUserWithKey(gh.iam, 'stranger');
  });

  void it('S06: the aws-auth ConfigMap was never applied; the checklist finds it missing', async () => {
    const r = await kubectl(gh.root, ['get', 'configmap', 'aws-auth', '-n', 'kube-system']);
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim(), 'Error from server (NotFound): configmaps "aws-auth" not found');
    const d = await doctor(r.stderr, { cluster: 'shop', principal: stranger.arn });
    assert.equal(d.catalogueId, 'S06');
    assert.equal(d.client, 'kubectl');
    assert.equal(d.checklist?.check, 'aws-auth');
    assert.equal(failedSteps(d)[0], 'aws-auth-entry');
    assert.match(d.account?.cause ?? '', /configmaps "aws-auth" not found/);
  });

  void it('S02: a user the cluster does not map is Unauthorized; the checklist finds no access entry or aws-auth entry for it', async () => {
    const r = await kubectl(stranger, ['auth', 'whoami']);
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim(), 'error: You must be logged in to the server (Unauthorized)');
    const d = await doctor(r.stderr, { cluster: 'shop', principal: stranger.arn });
    assert.equal(d.catalogueId, 'S02');
    assert.deepEqual(failedSteps(d).slice(0, 1), ['aws-auth-entry']);
    assert.ok(failedSteps(d).includes('mapping'));
    assert.match(d.account?.cause ?? '', /aws-auth/);
  });

  void it('F01: a role mapped in aws-auth with a path never matches; the doctor names the path and the ARN without it', async () => {
    await gh.iam.send(new CreateRoleCommand({ RoleName: 'eks-admin', Path: '/team/developers/', AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }) }));
    const pathed = `arn:aws:iam::${ACCOUNT_ID}:role/team/developers/eks-admin`;
    await apply(
      'shop',
      `apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: kube-system}
data:
  mapRoles: |
    - rolearn: ${pathed}
      username: admin
      groups: [system:masters]
`,
    );
    const admin = await createUserWithKey(gh.iam, 'dave');
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'dave', PolicyName: 'assume', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: pathed }) }));
    const assumed = await aws(['sts', 'assume-role', '--role-arn', pathed, '--role-session-name', 'dave'], admin);
    assert.equal(assumed.code, 0, assumed.stderr);
    const c = (JSON.parse(assumed.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; AssumedRoleUser: { Arn: string } });
    const session = { accessKeyId: c.Credentials.AccessKeyId, secretAccessKey: c.Credentials.SecretAccessKey, sessionToken: c.Credentials.SessionToken };
    const r = await kubectl(session, ['auth', 'whoami']);
    assert.equal(r.stderr.trim(), 'error: You must be logged in to the server (Unauthorized)');
    // kubectl's error alone is S02; with the cluster and the session named, the cause is the path.
    const d = await doctor(r.stderr, { cluster: 'shop', principal: c.AssumedRoleUser.Arn });
    assert.equal(d.catalogueId, 'S02');
    assert.equal(failedSteps(d)[0], 'aws-auth-entry');
    assert.match(d.account?.cause ?? '', /with a path/);
    assert.match(d.account?.cause ?? '', new RegExp(`rolearn: arn:aws:iam::${ACCOUNT_ID}:role/eks-admin`));
    // The error pasted with the ConfigMap kubectl prints (as an administrator reads it): F01 by its text.
    const cm = await kubectl(gh.root, ['get', 'configmap', 'aws-auth', '-n', 'kube-system', '-o', 'yaml']);
    assert.equal(cm.code, 0, cm.stderr);
    const f = await doctor(`$ kubectl auth whoami\n${r.stderr}$ kubectl get configmap aws-auth -n kube-system -o yaml\n${cm.stdout}`, { cluster: 'shop', principal: c.AssumedRoleUser.Arn });
    assert.equal(f.catalogueId, 'F01');
    assert.equal(f.checklist?.check, 'aws-auth');
    assert.match(f.account?.cause ?? '', /with a path/);
  });
});
