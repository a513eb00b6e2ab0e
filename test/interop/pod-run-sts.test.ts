/**
 * The end-to-end IRSA path with unmodified clients: an EKS cluster created with the AWS CLI, an
 * IAM OIDC provider for its issuer, a role trusting the pod's service account, and
 * `gatehouse pod run … -- aws sts get-caller-identity` printing the assumed-role ARN — the AWS CLI
 * inside the pod's environment obtains credentials by AssumeRoleWithWebIdentity with the projected
 * token. Then the chain broken at the webhook (its configuration deleted): the CLI finds no
 * credentials.
 *
 * It needs the EKS API (CreateCluster, DescribeCluster), the cluster's token issuer and STS
 * AssumeRoleWithWebIdentity on the server; each is checked at run time, and the suite is skipped,
 * saying which is missing, until they are all served.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, startFixture, stsClient, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { CLI_CLIENTS } from '../support/aws-cli.js';

const AWS_V1 = CLI_CLIENTS[0]?.bin;

function exec(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { env, timeout: 120_000 }, (err, stdout, stderr) => done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr }));
  });
}

/** Why the suite cannot run on this server yet, or undefined when it can. */
async function missingPiece(gh: GatehouseFixture, awsEnv: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (AWS_V1 === undefined) return 'AWS CLI v1 is not installed on this machine';
  try {
    await stsClient(gh.url, gh.root).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/none`, RoleSessionName: 's', WebIdentityToken: 'x.y.z' }));
  } catch (err) {
    const name = (err as { name?: string }).name ?? '';
    if (name === 'InvalidAction' || /does not implement/.test(String((err as Error).message))) return 'STS AssumeRoleWithWebIdentity is not served by this Gatehouse yet';
  }
  const eks = await exec(AWS_V1, ['eks', 'list-clusters', '--output', 'json'], awsEnv);
  if (eks.code !== 0) return `the EKS API is not served by this Gatehouse yet (aws eks list-clusters: ${eks.stderr.trim().split('\n').pop() ?? ''})`;
  return undefined;
}

void describe('gatehouse pod run -- aws sts get-caller-identity (IRSA end to end)', () => {
  let gh: GatehouseFixture;
  let skip: string | undefined;
  let dir: string;
  let awsEnv: NodeJS.ProcessEnv;

  before(async () => {
    gh = await startFixture();
    dir = join(gh.dataDir, 'irsa');
    mkdirSync(dir, { recursive: true });
    awsEnv = cleanEnv({
      AWS_ENDPOINT_URL: gh.url,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: gh.root.accessKeyId,
      AWS_SECRET_ACCESS_KEY: gh.root.secretAccessKey,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
    });
    skip = await missingPiece(gh, awsEnv);
  });
  after(() => gh.close());

  const podRun = (args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    exec(process.execPath, [CLI_MAIN, 'pod', 'run', '--cluster', 'irsa', '--endpoint', gh.url, '--data', gh.dataDir, ...args], cleanEnv());

  void it('prints the assumed role of the service account, then nothing once the webhook configuration is gone', async (t) => {
    if (skip !== undefined) {
      t.skip(skip);
      return;
    }
    const aws = AWS_V1 ?? 'aws';
    await gh.iam.send(
      new CreateRoleCommand({
        RoleName: 'eks-cluster',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    const created = await exec(aws, ['eks', 'create-cluster', '--name', 'irsa', '--role-arn', `arn:aws:iam::${ACCOUNT_ID}:role/eks-cluster`, '--resources-vpc-config', 'subnetIds=subnet-0a1b2c3d,subnet-4e5f6a7b', '--output', 'json'], awsEnv);
    assert.equal(created.code, 0, created.stderr);
    const described = await exec(aws, ['eks', 'describe-cluster', '--name', 'irsa', '--query', 'cluster.identity.oidc.issuer', '--output', 'text'], awsEnv);
    assert.equal(described.code, 0, described.stderr);
    const issuer = described.stdout.trim();
    assert.match(issuer, /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    const host = issuer.replace(/^https:\/\//, '');
    // The issuer is served with a certificate from Gatehouse's authority: its root's thumbprint.
    const provider = await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [gh.server.ca.sha1Thumbprint] }));
    await gh.iam.send(
      new CreateRoleCommand({
        RoleName: 'app-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: provider.OpenIDConnectProviderArn },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: { StringEquals: { [`${host}:sub`]: 'system:serviceaccount:default:app', [`${host}:aud`]: 'sts.amazonaws.com' } },
            },
          ],
        }),
      }),
    );
    const pod = join(dir, 'pod.yaml');
    writeFileSync(
      pod,
      `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::${ACCOUNT_ID}:role/app-role"}
---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  serviceAccountName: app
  containers: [{name: app, image: amazon/aws-cli}]
`,
    );
    const r = await podRun(['-f', pod, '--', aws, 'sts', 'get-caller-identity', '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const identity = JSON.parse(r.stdout) as { Arn: string; Account: string };
    assert.equal(identity.Account, ACCOUNT_ID);
    assert.match(identity.Arn, new RegExp(`^arn:aws:sts::${ACCOUNT_ID}:assumed-role/app-role/[\\w+=,.@-]+$`));

    // The webhook configuration deleted: the pod gets no variables, and the CLI no credentials.
    const del = await exec(process.execPath, [CLI_MAIN, 'k8s', 'delete', 'mutatingwebhookconfiguration', 'pod-identity-webhook', '--cluster', 'irsa', '--endpoint', gh.url, '--data', gh.dataDir], cleanEnv());
    assert.equal(del.code, 0, del.stderr);
    const broken = await podRun(['-f', pod, '--', aws, 'sts', 'get-caller-identity', '--output', 'json']);
    assert.notEqual(broken.code, 0);
    assert.match(broken.stderr, /the pod identity webhook left Pod\/app alone: the MutatingWebhookConfiguration pod-identity-webhook does not exist in the cluster/);
    assert.match(broken.stderr, /Unable to locate credentials/);
  });
});
