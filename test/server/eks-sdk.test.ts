/**
 * EKS through the AWS SDK for JavaScript v3's EKS client against an in-process Gatehouse: access
 * entries (types, default usernames with the role path removed, reserved names and groups),
 * access policies and their scopes, pod identity associations, tags; each cluster's OIDC issuer
 * over TLS on Gatehouse's own port with a certificate from its authority; TokenReviews of tokens
 * presigned as aws-iam-authenticator's client presigns them (the 15-minute rule, the cluster
 * binding, the allowed parameters); and EKS Auth's AssumeRoleForPodIdentity through boto3.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { createHash, createHmac, X509Certificate, type Hash, type Hmac } from 'node:crypto';
import { connect as tlsConnect } from 'node:tls';
import {
  EKSClient,
  CreateClusterCommand,
  CreateAccessEntryCommand,
  DescribeAccessEntryCommand,
  ListAccessEntriesCommand,
  UpdateAccessEntryCommand,
  DeleteAccessEntryCommand,
  AssociateAccessPolicyCommand,
  DisassociateAccessPolicyCommand,
  ListAssociatedAccessPoliciesCommand,
  ListAccessPoliciesCommand,
  CreatePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  ListPodIdentityAssociationsCommand,
  UpdatePodIdentityAssociationCommand,
  DeletePodIdentityAssociationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListTagsForResourceCommand,
  DescribeClusterCommand,
  DeleteClusterCommand,
  UpdateClusterConfigCommand,
  DescribeUpdateCommand,
  ListUpdatesCommand,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentity } from '@smithy/types';
import { exchangeOver, tlsThroughProxy } from '../support/proxy-client.js';
import { ACCOUNT_ID, CLI_MAIN, createUserWithKey, startFixture, stsClient, type GatehouseFixture } from '../support/gatehouse-fixture.js';

const trust = (service: string, actions: string[] = ['sts:AssumeRole']): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: actions }] });

/** SHA-256 / HMAC-SHA-256 for the SDK's signer, from node:crypto. */
class NodeSha256 {
  #h: Hash | Hmac;
  readonly #secret: Uint8Array | string | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret = secret === undefined || typeof secret === 'string' ? secret : secret instanceof ArrayBuffer ? new Uint8Array(secret) : new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
    this.#h = this.#secret !== undefined ? createHmac('sha256', this.#secret) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#h.update(typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#h.digest()));
  }
  reset(): void {
    this.#h = this.#secret !== undefined ? createHmac('sha256', this.#secret) : createHash('sha256');
  }
}

/** A `k8s-aws-v1.` token as aws-iam-authenticator's client (and `aws eks get-token`) makes one. */
async function presignedToken(creds: AwsCredentialIdentity, clusterName: string, o: { host?: string; signedAt?: Date; extraQuery?: Record<string, string> } = {}): Promise<string> {
  const signer = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 'sts', sha256: NodeSha256 });
  const host = o.host ?? 'sts.us-east-1.amazonaws.com';
  const signed = await signer.presign(
    { method: 'GET', protocol: 'https:', hostname: host, path: '/', query: { Action: 'GetCallerIdentity', Version: '2011-06-15', ...(o.extraQuery ?? {}) }, headers: { host, 'x-k8s-aws-id': clusterName } },
    { expiresIn: 60, ...(o.signedAt !== undefined ? { signingDate: o.signedAt } : {}) },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>).toString();
  return `k8s-aws-v1.${Buffer.from(`https://${host}/?${query}`).toString('base64url')}`;
}

function httpsGet(port: number, servername: string, path: string, ca: string): Promise<{ status: number; body: string; cert: X509Certificate }> {
  return new Promise((ok, fail) => {
    const req = httpsRequest({ host: '127.0.0.1', port, servername, path, ca, headers: { host: servername }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const cert = new X509Certificate((res.socket as import('node:tls').TLSSocket).getPeerCertificate(true).raw);
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cert });
      });
    });
    req.on('error', fail);
    req.end();
  });
}

describe('EKS through the JS SDK', () => {
  let fx: GatehouseFixture;
  let eks: EKSClient;
  let clusterId: string;
  let issuer: string;
  before(async () => {
    fx = await startFixture();
    eks = new EKSClient({ endpoint: fx.url, region: 'us-east-1', credentials: fx.root, maxAttempts: 1 });
    await fx.iam.send(new CreateRoleCommand({ RoleName: 'eks-cluster', AssumeRolePolicyDocument: trust('eks.amazonaws.com') }));
    await fx.iam.send(new CreateRoleCommand({ RoleName: 'my-role', Path: '/development/apps/', AssumeRolePolicyDocument: trust('ec2.amazonaws.com') }));
    await fx.iam.send(new CreateRoleCommand({ RoleName: 'nodes', AssumeRolePolicyDocument: trust('ec2.amazonaws.com') }));
    await fx.iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']) }));
    const created = await eks.send(
      new CreateClusterCommand({
        name: 'prod',
        roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/eks-cluster`,
        resourcesVpcConfig: { subnetIds: ['subnet-1'] },
        accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
        tags: { team: 'a' },
      }),
    );
    issuer = created.cluster!.identity!.oidc!.issuer!;
    clusterId = issuer.slice(-32);
  });
  after(async () => {
    eks.destroy();
    await fx.close();
  });

  it('access entries: types, the default usernames of the guide (role path removed), and the refusals', async () => {
    const role = `arn:aws:iam::${ACCOUNT_ID}:role/development/apps/my-role`;
    const e = await eks.send(new CreateAccessEntryCommand({ clusterName: 'prod', principalArn: role }));
    assert.equal(e.accessEntry!.type, 'STANDARD');
    assert.equal(e.accessEntry!.username, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/my-role/{{SessionName}}`);
    assert.match(e.accessEntry!.accessEntryArn!, new RegExp(`^arn:aws:eks:us-east-1:${ACCOUNT_ID}:access-entry/prod/role/${ACCOUNT_ID}/my-role/[0-9a-f-]{36}$`));
    const nodes = await eks.send(new CreateAccessEntryCommand({ clusterName: 'prod', principalArn: `arn:aws:iam::${ACCOUNT_ID}:role/nodes`, type: 'EC2_LINUX' }));
    assert.equal(nodes.accessEntry!.username, 'system:node:{{EC2PrivateDNSName}}');
    assert.deepEqual(nodes.accessEntry!.kubernetesGroups, ['system:nodes']);
    await assert.rejects(eks.send(new CreateAccessEntryCommand({ clusterName: 'prod', principalArn: role })), {
      name: 'ResourceInUseException',
      message: 'The specified access entry resource is already in use on this cluster.',
    });
    await assert.rejects(eks.send(new CreateAccessEntryCommand({ clusterName: 'prod', principalArn: `arn:aws:iam::${ACCOUNT_ID}:role/nodes2`, username: 'system:admin' })), { name: 'InvalidParameterException' });
    await assert.rejects(eks.send(new UpdateAccessEntryCommand({ clusterName: 'prod', principalArn: role, kubernetesGroups: ['system:masters'] })), { name: 'InvalidParameterException' });
    await assert.rejects(eks.send(new UpdateAccessEntryCommand({ clusterName: 'prod', principalArn: role, username: 'john{{SessionName}}' })), { name: 'InvalidParameterException' });
    const updated = await eks.send(new UpdateAccessEntryCommand({ clusterName: 'prod', principalArn: role, kubernetesGroups: ['viewers'], username: 'dev:{{SessionName}}' }));
    assert.deepEqual(updated.accessEntry!.kubernetesGroups, ['viewers']);
    assert.equal((await eks.send(new DescribeAccessEntryCommand({ clusterName: 'prod', principalArn: role }))).accessEntry!.username, 'dev:{{SessionName}}');
    const list = await eks.send(new ListAccessEntriesCommand({ clusterName: 'prod' }));
    assert.deepEqual([...list.accessEntries!].sort(), [`arn:aws:iam::${ACCOUNT_ID}:role/nodes`, role].sort());
    await eks.send(new DeleteAccessEntryCommand({ clusterName: 'prod', principalArn: `arn:aws:iam::${ACCOUNT_ID}:role/nodes` }));
    await assert.rejects(eks.send(new DescribeAccessEntryCommand({ clusterName: 'prod', principalArn: `arn:aws:iam::${ACCOUNT_ID}:role/nodes` })), { name: 'ResourceNotFoundException' });
  });

  it('access policies: the AmazonEKS*Policy set, cluster and namespace scopes, filtering entries by policy', async () => {
    const names = (await eks.send(new ListAccessPoliciesCommand({}))).accessPolicies!.map((p) => p.name);
    assert.deepEqual(names, ['AmazonEKSAdminPolicy', 'AmazonEKSAdminViewPolicy', 'AmazonEKSClusterAdminPolicy', 'AmazonEKSEditPolicy', 'AmazonEKSViewPolicy']);
    const role = `arn:aws:iam::${ACCOUNT_ID}:role/development/apps/my-role`;
    const view = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';
    const a = await eks.send(new AssociateAccessPolicyCommand({ clusterName: 'prod', principalArn: role, policyArn: view, accessScope: { type: 'namespace', namespaces: ['my-namespace1', 'my-namespace2'] } }));
    assert.deepEqual(a.associatedAccessPolicy!.accessScope, { type: 'namespace', namespaces: ['my-namespace1', 'my-namespace2'] });
    await assert.rejects(eks.send(new AssociateAccessPolicyCommand({ clusterName: 'prod', principalArn: role, policyArn: view, accessScope: { type: 'namespace' } })), { name: 'InvalidParameterException' });
    const listed = await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: 'prod', principalArn: role }));
    assert.deepEqual(listed.associatedAccessPolicies!.map((p) => p.policyArn), [view]);
    assert.deepEqual((await eks.send(new ListAccessEntriesCommand({ clusterName: 'prod', associatedPolicyArn: view }))).accessEntries, [role]);
    await eks.send(new DisassociateAccessPolicyCommand({ clusterName: 'prod', principalArn: role, policyArn: view }));
    assert.deepEqual((await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: 'prod', principalArn: role }))).associatedAccessPolicies, []);
  });

  it('pod identity associations and tags', async () => {
    const created = await eks.send(new CreatePodIdentityAssociationCommand({ clusterName: 'prod', namespace: 'default', serviceAccount: 'app', roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/app`, tags: { k: 'v' } }));
    const id = created.association!.associationId!;
    assert.match(id, /^a-[a-z0-9]{17}$/);
    assert.equal(created.association!.associationArn, `arn:aws:eks:us-east-1:${ACCOUNT_ID}:podidentityassociation/prod/${id}`);
    assert.equal((await eks.send(new DescribePodIdentityAssociationCommand({ clusterName: 'prod', associationId: id }))).association!.serviceAccount, 'app');
    assert.equal((await eks.send(new ListPodIdentityAssociationsCommand({ clusterName: 'prod', namespace: 'default' }))).associations!.length, 1);
    assert.equal((await eks.send(new UpdatePodIdentityAssociationCommand({ clusterName: 'prod', associationId: id, disableSessionTags: false }))).association!.disableSessionTags, false);
    const clusterArn = `arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/prod`;
    await eks.send(new TagResourceCommand({ resourceArn: clusterArn, tags: { env: 'prod' } }));
    await eks.send(new UntagResourceCommand({ resourceArn: clusterArn, tagKeys: ['team'] }));
    assert.deepEqual((await eks.send(new ListTagsForResourceCommand({ resourceArn: clusterArn }))).tags, { env: 'prod' });
    assert.deepEqual((await eks.send(new ListTagsForResourceCommand({ resourceArn: created.association!.associationArn }))).tags, { k: 'v' });
    const temp = await eks.send(new CreatePodIdentityAssociationCommand({ clusterName: 'prod', namespace: 'tmp', serviceAccount: 'x', roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/app` }));
    await eks.send(new DeletePodIdentityAssociationCommand({ clusterName: 'prod', associationId: temp.association!.associationId! }));
    await assert.rejects(eks.send(new DescribePodIdentityAssociationCommand({ clusterName: 'prod', associationId: temp.association!.associationId! })), { name: 'ResourceNotFoundException' });
  });

  it('serves the OIDC issuer over TLS on its own port, with a certificate from its authority for the issuer host', async () => {
    const host = 'oidc.eks.us-east-1.amazonaws.com';
    const disc = await httpsGet(fx.server.port, host, `/id/${clusterId}/.well-known/openid-configuration`, fx.server.ca.certPem);
    assert.equal(disc.status, 200);
    const doc = JSON.parse(disc.body) as { issuer: string; jwks_uri: string; id_token_signing_alg_values_supported: string[] };
    assert.equal(doc.issuer, issuer);
    assert.equal(doc.jwks_uri, `${issuer}/keys`);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
    assert.ok(disc.cert.checkHost(host) !== undefined);
    assert.ok(disc.cert.checkIssued(new X509Certificate(fx.server.ca.certPem)));
    const keys = JSON.parse((await httpsGet(fx.server.port, host, `/id/${clusterId}/keys`, fx.server.ca.certPem)).body) as { keys: { kty: string; alg: string; kid: string }[] };
    assert.equal(keys.keys[0]!.kty, 'RSA');
    assert.equal(keys.keys[0]!.alg, 'RS256');
    // The thumbprint IAM checks is the authority's, and a TLS client sees that chain.
    const sha1 = createHash('sha1').update(new X509Certificate(fx.server.ca.certPem).raw).digest('hex');
    assert.equal(sha1, fx.server.ca.sha1Thumbprint);
    // Plain HTTP still works on the same port.
    assert.equal((await fetch(`${fx.url}/_gatehouse/health`)).status, 200);
    // Without SNI (an IP address), the certificate names the listening address.
    await new Promise<void>((ok, fail) => {
      const s = tlsConnect({ host: '127.0.0.1', port: fx.server.port, ca: fx.server.ca.certPem }, () => {
        s.end();
        ok();
      });
      s.on('error', fail);
    });
  });

  it('through the HTTPS proxy: the issuer under its AWS host name, and the cluster endpoint under AWS\'s form of its host name', async () => {
    const host = 'oidc.eks.us-east-1.amazonaws.com';
    const tls = await tlsThroughProxy(fx.server.port, host, fx.server.ca.certPem);
    const answer = await exchangeOver(tls, `GET /id/${clusterId}/.well-known/openid-configuration HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    assert.match(answer.text, /^HTTP\/1\.1 200/);
    assert.ok(answer.text.includes(`"issuer":"${issuer}"`));
    const endpointHost = `${clusterId.toLowerCase()}.gr7.us-east-1.eks.amazonaws.com`;
    const tls2 = await tlsThroughProxy(fx.server.port, endpointHost, fx.server.ca.certPem);
    const version = await exchangeOver(tls2, `GET /version HTTP/1.1\r\nHost: ${endpointHost}\r\nConnection: close\r\n\r\n`);
    // Reached, and unauthenticated without a token, as an API server answers.
    assert.match(version.text, /^HTTP\/1\.1 401/);
  });

  async function review(token: string, cluster = clusterId): Promise<{ authenticated: boolean; user?: { username: string; uid: string; groups: string[]; extra: Record<string, string[]> }; error?: string }> {
    const res = await fetch(`${fx.url}/_gatehouse/eks/clusters/${cluster}/authenticate`, {
      method: 'POST',
      body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1beta1', kind: 'TokenReview', spec: { token } }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { apiVersion: string; status: { authenticated: boolean } };
    assert.equal(body.apiVersion, 'authentication.k8s.io/v1beta1');
    return body.status;
  }

  it('TokenReview: a role session maps through its access entry (the role\'s path does not matter), with aws-iam-authenticator\'s user fields', async () => {
    // Root made the cluster with bootstrapClusterCreatorAdminPermissions: while the ConfigMap is enabled it is a cluster admin.
    const root = await review(await presignedToken(fx.root, 'prod'));
    assert.equal(root.authenticated, true);
    assert.deepEqual(root.user!.groups, ['system:masters']);
    const stranger = await createUserWithKey(fx.iam, 'stranger');
    const unmapped = await review(await presignedToken(stranger, 'prod'));
    assert.equal(unmapped.authenticated, false);
    assert.equal(unmapped.error, `ARN is not mapped: arn:aws:iam::${ACCOUNT_ID}:user/stranger`);
    await fx.iam.send(new CreateRoleCommand({ RoleName: 'kube-admin', Path: '/team/', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }] }) }));
    const ops = await createUserWithKey(fx.iam, 'ops');
    await fx.iam.send(new PutUserPolicyCommand({ UserName: 'ops', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
    const sts = stsClient(fx.url, ops);
    const session = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/team/kube-admin`, RoleSessionName: 'alice' }));
    sts.destroy();
    await eks.send(new CreateAccessEntryCommand({ clusterName: 'prod', principalArn: `arn:aws:iam::${ACCOUNT_ID}:role/team/kube-admin`, kubernetesGroups: ['admins'] }));
    const c = session.Credentials!;
    const mapped = await review(await presignedToken({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }, 'prod'));
    assert.equal(mapped.authenticated, true);
    assert.equal(mapped.user!.username, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/kube-admin/alice`);
    assert.deepEqual(mapped.user!.groups, ['admins']);
    assert.match(mapped.user!.uid, new RegExp(`^aws-iam-authenticator:${ACCOUNT_ID}:AROA[A-Z0-9]+$`));
    assert.deepEqual(mapped.user!.extra.canonicalArn, [`arn:aws:iam::${ACCOUNT_ID}:role/kube-admin`]);
    assert.deepEqual(mapped.user!.extra.sessionName, ['alice']);
    assert.deepEqual(mapped.user!.extra.accessKeyId, [c.AccessKeyId]);
  });

  it('TokenReview: the checks of aws-iam-authenticator (15 minutes, cluster binding, allowed parameters, STS hosts)', async () => {
    const old = await review(await presignedToken(fx.root, 'prod', { signedAt: new Date(Date.now() - 16 * 60 * 1000) }));
    assert.equal(old.error, 'input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration)');
    const other = await review(await presignedToken(fx.root, 'other'));
    assert.equal(other.authenticated, false);
    assert.match(other.error ?? '', /^sts getCallerIdentity failed: SignatureDoesNotMatch/);
    const extra = await review(await presignedToken(fx.root, 'prod', { extraQuery: { Foo: 'bar' } }));
    assert.equal(extra.error, 'input token was not properly formatted: non-whitelisted query parameter "Foo"');
    const host = await review(await presignedToken(fx.root, 'prod', { host: 'evil.example.com' }));
    assert.equal(host.error, 'input token was not properly formatted: unexpected hostname "evil.example.com" in pre-signed URL');
    const notToken = await review('k8s-aws-v2.abc');
    assert.equal(notToken.error, 'input token was not properly formatted: token is missing expected "k8s-aws-v1." prefix');
  });

  it('EKS Auth AssumeRoleForPodIdentity through boto3: the role of the service account\'s association, with the six session tags', async () => {
    const describe = await eks.send(new DescribeClusterCommand({ name: 'prod' }));
    assert.equal(describe.cluster!.status, 'ACTIVE');
    const { fetchServiceAccountToken } = await import('../../src/cli/eks-token-command.js');
    const sa = await fetchServiceAccountToken({ endpoint: fx.url, credentials: { accessKeyId: fx.root.accessKeyId, secretAccessKey: fx.root.secretAccessKey }, region: 'us-east-1', cluster: 'prod', namespace: 'default', serviceAccount: 'app', audience: 'pods.eks.amazonaws.com' });
    const script = `
import boto3, json, sys
c = boto3.client('eks-auth', region_name='us-east-1', endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
r = c.assume_role_for_pod_identity(clusterName='prod', token=sys.argv[4])
sts = boto3.client('sts', region_name='us-east-1', endpoint_url=sys.argv[1], aws_access_key_id=r['credentials']['accessKeyId'], aws_secret_access_key=r['credentials']['secretAccessKey'], aws_session_token=r['credentials']['sessionToken'])
print(json.dumps({'arn': r['assumedRoleUser']['arn'], 'subject': r['subject'], 'audience': r['audience'], 'caller': sts.get_caller_identity()['Arn']}))
try:
    c.assume_role_for_pod_identity(clusterName='prod', token=sys.argv[5])
except Exception as e:
    print(json.dumps({'error': e.response['Error']['Code']}))
`;
    const wrongAudience = await fetchServiceAccountToken({ endpoint: fx.url, credentials: { accessKeyId: fx.root.accessKeyId, secretAccessKey: fx.root.secretAccessKey }, region: 'us-east-1', cluster: 'prod', namespace: 'default', serviceAccount: 'app', audience: 'sts.amazonaws.com' });
    const out = await new Promise<string>((ok, fail) =>
      execFile('python3', ['-c', script, fx.url, fx.root.accessKeyId, fx.root.secretAccessKey, sa.status.token, wrongAudience.status.token], { env: { PATH: process.env.PATH ?? '', HOME: '/tmp' } }, (err, stdout, stderr) =>
        err !== null ? fail(new Error(stderr)) : ok(stdout),
      ),
    );
    const [first, second] = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.match(first!.arn as string, new RegExp(`^arn:aws:sts::${ACCOUNT_ID}:assumed-role/app/eks-prod--`));
    assert.equal(first!.caller, first!.arn);
    assert.deepEqual(first!.subject, { namespace: 'default', serviceAccount: 'app' });
    assert.equal(first!.audience, 'pods.eks.amazonaws.com');
    assert.deepEqual(second, { error: 'InvalidTokenException' });
  });

  it('gatehouse eks token prints a projected token with kube-apiserver\'s claims that verifies against the issuer\'s JWKS', async () => {
    const cli = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((ok) =>
        execFile(process.execPath, [CLI_MAIN, 'eks', 'token', '--endpoint', fx.url, ...args], { env: { PATH: process.env.PATH ?? '', AWS_ACCESS_KEY_ID: fx.root.accessKeyId, AWS_SECRET_ACCESS_KEY: fx.root.secretAccessKey } }, (err, stdout, stderr) =>
          ok({ code: err === null ? 0 : 1, stdout, stderr }),
        ),
      );
    const plain = await cli(['--cluster', 'prod', '--namespace', 'default', '--service-account', 'app']);
    assert.equal(plain.code, 0, plain.stderr);
    const { decodeJwt, decodeProtectedHeader, jwtVerify, createLocalJWKSet } = await import('jose');
    const claims = decodeJwt(plain.stdout.trim());
    assert.equal(claims.iss, issuer);
    assert.equal(claims.sub, 'system:serviceaccount:default:app');
    assert.deepEqual(claims.aud, ['https://kubernetes.default.svc']);
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 3600);
    assert.equal(claims.nbf, claims.iat);
    assert.deepEqual((claims['kubernetes.io'] as { namespace: string; serviceaccount: { name: string } }).namespace, 'default');
    const json = await cli(['--cluster', 'prod', '--namespace', 'ns1', '--service-account', 'sa1', '--audience', 'sts.amazonaws.com', '--expiration', '86400', '--json']);
    const out = JSON.parse(json.stdout) as { kind: string; spec: { audiences: string[] }; status: { token: string; expirationTimestamp: string } };
    assert.equal(out.kind, 'TokenRequest');
    assert.deepEqual(out.spec.audiences, ['sts.amazonaws.com']);
    const keys = JSON.parse((await httpsGet(fx.server.port, 'oidc.eks.us-east-1.amazonaws.com', `/id/${clusterId}/keys`, fx.server.ca.certPem)).body) as { keys: import('jose').JWK[] };
    const verified = await jwtVerify(out.status.token, createLocalJWKSet({ keys: keys.keys }), { issuer, audience: 'sts.amazonaws.com' });
    assert.equal(verified.payload.sub, 'system:serviceaccount:ns1:sa1');
    assert.equal(decodeProtectedHeader(out.status.token).kid, keys.keys[0]!.kid);
    const short = await cli(['--cluster', 'prod', '--namespace', 'default', '--service-account', 'app', '--expiration', '60']);
    assert.equal(short.code, 1);
    assert.match(short.stderr, /may not specify a duration less than 10 minutes/);
    const missing = await cli(['--cluster', 'nope', '--namespace', 'default', '--service-account', 'app']);
    assert.match(missing.stderr, /ResourceNotFoundException: No cluster found for name: nope\./);
  });

  it('updates: UpdateClusterConfig keeps each update for DescribeUpdate and ListUpdates, with EKS\'s refusals', async () => {
    const at = Date.now();
    const made = await eks.send(new UpdateClusterConfigCommand({ name: 'prod', accessConfig: { authenticationMode: 'API' } }));
    const u = made.update!;
    assert.match(u.id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual({ status: u.status, type: u.type, params: u.params, errors: u.errors }, { status: 'Successful', type: 'AccessConfigUpdate', params: [{ type: 'AuthenticationMode', value: 'API' }], errors: [] });
    assert.ok(u.createdAt instanceof Date && Math.abs(u.createdAt.getTime() - at) < 60_000);
    const described = await eks.send(new DescribeUpdateCommand({ name: 'prod', updateId: u.id! }));
    assert.deepEqual(described.update, u);
    const logging = await eks.send(new UpdateClusterConfigCommand({ name: 'prod', logging: { clusterLogging: [{ types: ['authenticator'], enabled: true }] } }));
    assert.equal(logging.update!.type, 'LoggingUpdate');
    assert.deepEqual(logging.update!.params, [{ type: 'ClusterLogging', value: '{"clusterLogging":[{"types":["authenticator"],"enabled":true}]}' }]);
    const cluster = (await eks.send(new DescribeClusterCommand({ name: 'prod' }))).cluster!;
    assert.deepEqual(cluster.logging!.clusterLogging, [
      { types: ['authenticator'], enabled: true },
      { types: ['api', 'audit', 'controllerManager', 'scheduler'], enabled: false },
    ]);
    assert.equal(cluster.accessConfig!.authenticationMode, 'API');
    const ids = (await eks.send(new ListUpdatesCommand({ name: 'prod' }))).updateIds!;
    assert.deepEqual(ids, [u.id!, logging.update!.id!].sort());
    const first = await eks.send(new ListUpdatesCommand({ name: 'prod', maxResults: 1 }));
    assert.deepEqual(first.updateIds, [ids[0]]);
    assert.deepEqual((await eks.send(new ListUpdatesCommand({ name: 'prod', maxResults: 1, nextToken: first.nextToken! }))).updateIds, [ids[1]]);
    const unknown = '7b8c0e2f-0eed-4979-bf7a-e5c354013ce9';
    await assert.rejects(eks.send(new DescribeUpdateCommand({ name: 'prod', updateId: unknown })), (e: { name: string; message: string; clusterName?: string; $metadata: { httpStatusCode?: number } }) => {
      assert.deepEqual([e.name, e.message, e.clusterName, e.$metadata.httpStatusCode], ['ResourceNotFoundException', `No update found for ID: ${unknown}`, 'prod', 404]);
      return true;
    });
    await assert.rejects(eks.send(new DescribeUpdateCommand({ name: 'prod', updateId: u.id!, nodegroupName: 'ng-1' })), { name: 'ResourceNotFoundException', message: 'No node group found for name: ng-1.' });
    await assert.rejects(eks.send(new ListUpdatesCommand({ name: 'staging' })), { name: 'ResourceNotFoundException', message: 'No cluster found for name: staging.' });
    // A token Gatehouse did not give out is refused, never a failure of the server.
    await assert.rejects(eks.send(new ListUpdatesCommand({ name: 'prod', nextToken: 'garbage' })), { name: 'InvalidParameterException', message: 'The nextToken provided is not valid.' });
    await assert.rejects(eks.send(new ListClustersCommand({ nextToken: 'garbage' })), { name: 'InvalidParameterException', message: 'The nextToken provided is not valid.' });
    await assert.rejects(eks.send(new UpdateClusterConfigCommand({ name: 'prod', logging: { clusterLogging: [{ types: ['authenticator'], enabled: true }] } })), {
      name: 'InvalidParameterException',
      message: 'No changes needed for the logging config provided',
    });
    await assert.rejects(eks.send(new UpdateClusterConfigCommand({ name: 'prod', logging: { clusterLogging: [{ types: ['api'], enabled: true }] }, resourcesVpcConfig: { endpointPrivateAccess: true } })), {
      name: 'InvalidParameterException',
      message: 'Only one type of update can be allowed.',
    });
    // A refused update is not kept.
    assert.equal((await eks.send(new ListUpdatesCommand({ name: 'prod' }))).updateIds!.length, 2);
    // A user allowed to list the updates of this cluster only, and not to describe them.
    const user = await createUserWithKey(fx.iam, 'update-lister');
    await fx.iam.send(new PutUserPolicyCommand({ UserName: 'update-lister', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'eks:ListUpdates', Resource: `arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/prod` }] }) }));
    const lister = new EKSClient({ endpoint: fx.url, region: 'us-east-1', credentials: user, maxAttempts: 1 });
    try {
      assert.equal((await lister.send(new ListUpdatesCommand({ name: 'prod' }))).updateIds!.length, 2);
      await assert.rejects(lister.send(new DescribeUpdateCommand({ name: 'prod', updateId: u.id! })), {
        name: 'AccessDeniedException',
        message: `User: arn:aws:iam::${ACCOUNT_ID}:user/update-lister is not authorized to perform: eks:DescribeUpdate on resource: arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/prod`,
      });
      await assert.rejects(lister.send(new ListUpdatesCommand({ name: 'other' })), {
        name: 'AccessDeniedException',
        message: `User: arn:aws:iam::${ACCOUNT_ID}:user/update-lister is not authorized to perform: eks:ListUpdates on resource: arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/other`,
      });
    } finally {
      lister.destroy();
    }
  });

  it('deleting a cluster removes its access entries and associations', async () => {
    const d = await eks.send(new DeleteClusterCommand({ name: 'prod' }));
    assert.equal(d.cluster!.status, 'DELETING');
    await assert.rejects(eks.send(new DescribeClusterCommand({ name: 'prod' })), { name: 'ResourceNotFoundException', message: 'No cluster found for name: prod.' });
    assert.equal((await fx.server.store.read.eksAccessEntries.count({ scope: ACCOUNT_ID, parent: clusterId })), 0);
    assert.equal((await fx.server.store.read.eksPodIdentityAssociations.count({ scope: ACCOUNT_ID, parent: clusterId })), 0);
    assert.equal((await fx.server.store.read.eksUpdates.count({ scope: ACCOUNT_ID, parent: clusterId })), 0);
  });
});
