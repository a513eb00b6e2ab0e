/**
 * The end-to-end IRSA path with unmodified clients: an EKS cluster created with the AWS CLI, an
 * IAM OIDC provider for its issuer, a role trusting the pod's service account, and
 * `gatehouse pod run … -- aws sts get-caller-identity` printing the assumed-role ARN — the AWS CLI
 * inside the pod's environment obtains credentials by AssumeRoleWithWebIdentity with the projected
 * token. Then each break of the chain the IRSA troubleshooting article lists, with the error the
 * real client prints: no OIDC provider, wrong audience, wrong thumbprint, a trust policy for
 * another service account, a malformed annotation ARN, the webhook configuration deleted, and the
 * global STS endpoint called while the service account uses regional ones.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateClusterCommand, CreatePodIdentityAssociationCommand, EKSClient } from '@aws-sdk/client-eks';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { CLI_CLIENTS } from '../support/aws-cli.js';

const AWS_V1 = CLI_CLIENTS[0]?.bin;

function exec(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { env, timeout: 120_000 }, (err, stdout, stderr) => done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr }));
  });
}

const WEB_IDENTITY_ERROR = (code: string, message: string): RegExp =>
  new RegExp(`An error occurred \\(${code}\\) when calling the AssumeRoleWithWebIdentity operation: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

void describe('gatehouse pod run -- aws sts get-caller-identity (IRSA end to end)', () => {
  let gh: GatehouseFixture;
  let dir: string;
  const aws = AWS_V1 ?? 'aws';

  before(async () => {
    assert.ok(AWS_V1 !== undefined, 'AWS CLI v1 must be installed');
    gh = await startFixture();
    dir = join(gh.dataDir, 'irsa');
    mkdirSync(dir, { recursive: true });
    await gh.iam.send(
      new CreateRoleCommand({
        RoleName: 'eks-cluster',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      }),
    );
  });
  after(() => gh.close());

  const awsEnv = (): NodeJS.ProcessEnv =>
    cleanEnv({
      AWS_ENDPOINT_URL: gh.url,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: gh.root.accessKeyId,
      AWS_SECRET_ACCESS_KEY: gh.root.secretAccessKey,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
    });

  const podRun = (cluster: string, args: readonly string[], region = 'us-east-1'): Promise<{ code: number; stdout: string; stderr: string }> =>
    // A home of the test's own, as a container has: the AWS CLI caches web-identity credentials in
    // ~/.aws/cli/cache, which would outlive this Gatehouse.
    exec(process.execPath, [CLI_MAIN, 'pod', 'run', '--cluster', cluster, '--region', region, '--endpoint', gh.url, '--data', gh.dataDir, ...args], cleanEnv({ HOME: dir }));

  /** A cluster made with the JS SDK; its issuer URL and host. */
  async function createCluster(name: string, region = 'us-east-1'): Promise<{ issuer: string; host: string }> {
    const eks = new EKSClient({ endpoint: gh.url, region, credentials: gh.root, maxAttempts: 1 });
    try {
      const c = await eks.send(new CreateClusterCommand({ name, roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eks-cluster`, resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d'] } }));
      const issuer = c.cluster?.identity?.oidc?.issuer ?? '';
      return { issuer, host: issuer.replace(/^https:\/\//, '') };
    } finally {
      eks.destroy();
    }
  }

  async function createProvider(issuer: string, o: { audience?: string; thumbprint?: string } = {}): Promise<string> {
    const p = await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [o.audience ?? 'sts.amazonaws.com'], ThumbprintList: [o.thumbprint ?? gh.server.ca.sha1Thumbprint] }));
    return p.OpenIDConnectProviderArn ?? '';
  }

  /** A role trusting the provider for `sub` (the pod's service account unless told otherwise). */
  async function createWebIdentityRole(name: string, providerArn: string, host: string, sub = 'system:serviceaccount:default:app'): Promise<string> {
    const r = await gh.iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: providerArn },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: { StringEquals: { [`${host}:sub`]: sub, [`${host}:aud`]: 'sts.amazonaws.com' } },
            },
          ],
        }),
      }),
    );
    return r.Role?.Arn ?? '';
  }

  /** The service account `app` annotated with the role, and a pod using it; the container sets its region, as many do. */
  function podManifest(file: string, roleArn: string, extraAnnotations: Record<string, string> = {}, region = 'us-east-1'): string {
    const path = join(dir, file);
    const annotations = JSON.stringify({ 'eks.amazonaws.com/role-arn': roleArn, ...extraAnnotations });
    writeFileSync(
      path,
      `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  annotations: ${annotations}
---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  serviceAccountName: app
  containers:
    - name: app
      image: amazon/aws-cli
      env: [{name: AWS_DEFAULT_REGION, value: ${region}}]
`,
    );
    return path;
  }

  const callerIdentity = ['sts', 'get-caller-identity', '--output', 'json'];

  void it('prints the assumed role of the service account, then nothing once the webhook configuration is gone', async () => {
    const { issuer, host } = await createCluster('irsa');
    assert.match(issuer, /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    // The cluster made with the AWS CLI describes the same issuer.
    const described = await exec(aws, ['eks', 'describe-cluster', '--name', 'irsa', '--query', 'cluster.identity.oidc.issuer', '--output', 'text'], awsEnv());
    assert.equal(described.code, 0, described.stderr);
    assert.equal(described.stdout.trim(), issuer);
    // The issuer is served with a certificate from Gatehouse's authority: its root's thumbprint.
    const provider = await createProvider(issuer);
    const role = await createWebIdentityRole('app-role', provider, host);
    const pod = podManifest('pod.yaml', role);
    const r = await podRun('irsa', ['-f', pod, '--', aws, ...callerIdentity]);
    assert.equal(r.code, 0, r.stderr);
    const identity = JSON.parse(r.stdout) as { Arn: string; Account: string };
    assert.equal(identity.Account, ACCOUNT_ID);
    assert.match(identity.Arn, new RegExp(`^arn:aws:sts::${ACCOUNT_ID}:assumed-role/app-role/[\\w+=,.@-]+$`));

    // The trust policy's sub names another service account: AccessDenied.
    const otherSub = await createWebIdentityRole('other-sa-role', provider, host, 'system:serviceaccount:default:someone-else');
    const denied = await podRun('irsa', ['-f', podManifest('sub.yaml', otherSub), '--', aws, ...callerIdentity]);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, WEB_IDENTITY_ERROR('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'));

    // The annotation's ARN has an extra colon (the seed's example).
    const malformed = await podRun('irsa', ['-f', podManifest('arn.yaml', 'arn:aws:iam::::1234567890:role/example'), '--', aws, ...callerIdentity]);
    assert.notEqual(malformed.code, 0);
    assert.match(malformed.stderr, WEB_IDENTITY_ERROR('ValidationError', 'Request ARN is invalid'));

    // The webhook configuration deleted: the pod gets no variables, and the CLI no credentials.
    const del = await exec(process.execPath, [CLI_MAIN, 'k8s', 'delete', 'mutatingwebhookconfiguration', 'pod-identity-webhook', '--cluster', 'irsa', '--endpoint', gh.url, '--data', gh.dataDir], cleanEnv());
    assert.equal(del.code, 0, del.stderr);
    const broken = await podRun('irsa', ['-f', pod, '--', aws, ...callerIdentity]);
    assert.notEqual(broken.code, 0);
    assert.match(broken.stderr, /the pod identity webhook left Pod\/app alone: the MutatingWebhookConfiguration pod-identity-webhook does not exist in the cluster/);
    assert.match(broken.stderr, /Unable to locate credentials/);
  });

  void it('no IAM OIDC provider for the cluster\'s issuer: InvalidIdentityToken naming the issuer', async () => {
    const { issuer, host } = await createCluster('no-provider');
    const role = await createWebIdentityRole('no-provider-role', `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${host}`, host);
    const r = await podRun('no-provider', ['-f', podManifest('no-provider.yaml', role), '--', aws, ...callerIdentity]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, WEB_IDENTITY_ERROR('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${issuer}`));
  });

  void it('the provider\'s audience is not sts.amazonaws.com: Incorrect token audience', async () => {
    const { issuer, host } = await createCluster('wrong-audience');
    const provider = await createProvider(issuer, { audience: 'not-sts.example.com' });
    const role = await createWebIdentityRole('wrong-audience-role', provider, host);
    const r = await podRun('wrong-audience', ['-f', podManifest('audience.yaml', role), '--', aws, ...callerIdentity]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, WEB_IDENTITY_ERROR('InvalidIdentityToken', 'Incorrect token audience'));
  });

  void it('the provider\'s thumbprint is not the issuer\'s root certificate: InvalidIdentityToken', async () => {
    const { issuer, host } = await createCluster('wrong-thumbprint');
    const provider = await createProvider(issuer, { thumbprint: '9e99a48a9960b14926bb7f3b02e22da2b0ab7280' });
    const role = await createWebIdentityRole('wrong-thumbprint-role', provider, host);
    const r = await podRun('wrong-thumbprint', ['-f', podManifest('thumbprint.yaml', role), '--', aws, ...callerIdentity]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, WEB_IDENTITY_ERROR('InvalidIdentityToken', "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint"));
  });

  void it('the application calls the global STS endpoint while the service account uses regional ones: Credential should be scoped to a valid region', async () => {
    const region = 'us-west-2';
    const { issuer, host } = await createCluster('regional', region);
    const provider = await createProvider(issuer);
    const role = await createWebIdentityRole('regional-role', provider, host);
    const pod = podManifest('regional.yaml', role, {}, region);
    // Through Gatehouse's HTTPS proxy under AWS's own host names: the credentials come from the
    // regional endpoint, then the application's call goes to the global one, signed for its region.
    const regional = await podRun('regional', ['--transparent', '-f', pod, '--', aws, ...callerIdentity], region);
    assert.equal(regional.code, 0, regional.stderr);
    const global = await podRun('regional', ['--transparent', '-f', pod, '--', aws, ...callerIdentity, '--endpoint-url', 'https://sts.amazonaws.com'], region);
    assert.notEqual(global.code, 0);
    assert.match(global.stderr, /An error occurred \(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation: Credential should be scoped to a valid region/);
  });

  void it('EKS Pod Identity: the CLI gets the associated role\'s credentials from the agent endpoint (AssumeRoleForPodIdentity)', async () => {
    await createCluster('podid');
    await gh.iam.send(
      new CreateRoleCommand({
        RoleName: 'pod-identity-role',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] }),
      }),
    );
    const eks = new EKSClient({ endpoint: gh.url, region: 'us-east-1', credentials: gh.root, maxAttempts: 1 });
    try {
      await eks.send(new CreatePodIdentityAssociationCommand({ clusterName: 'podid', namespace: 'default', serviceAccount: 'app', roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/pod-identity-role` }));
    } finally {
      eks.destroy();
    }
    const path = join(dir, 'pod-identity.yaml');
    writeFileSync(
      path,
      `apiVersion: v1
kind: ServiceAccount
metadata: {name: app}
---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  serviceAccountName: app
  containers: [{name: app, image: amazon/aws-cli, env: [{name: AWS_DEFAULT_REGION, value: us-east-1}]}]
`,
    );
    const r = await podRun('podid', ['-f', path, '--', aws, ...callerIdentity]);
    assert.equal(r.code, 0, r.stderr);
    const identity = JSON.parse(r.stdout) as { Arn: string };
    assert.match(identity.Arn, new RegExp(`^arn:aws:sts::${ACCOUNT_ID}:assumed-role/pod-identity-role/eks-podid-app-[0-9a-f-]+$`));
  });
});
