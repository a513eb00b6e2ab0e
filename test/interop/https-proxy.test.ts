/**
 * The AWS CLI v1, the AWS CLI v2 and boto3 reaching Gatehouse under AWS's own host names with no
 * endpoint configured: `HTTPS_PROXY` names Gatehouse's port and `AWS_CA_BUNDLE` its CA, each client
 * in a fresh HOME. Calls reach IAM and CloudTrail (global and regional names), arrive as secure
 * (aws:SecureTransport), are in the trail with the Host the client sent; a bundle of another CA is
 * refused by the client; and plain-HTTP requests through the proxy (absolute form) are served as
 * not secure.
 */
import { runAwsCli } from '../support/aws-cli-driver.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ACCOUNT_ID, cleanEnv, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { CertificateAuthority } from '../../src/server/tls/certificate-authority.js';

const execFileP = promisify(execFile);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(bin: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  if (/(^|\/)aws$/.test(bin)) return runAwsCli(bin, args, env, 90_000);
  try {
    const { stdout, stderr } = await execFileP(bin, args, { env, timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** The environment a user of the proxy sets, and nothing from this machine's own proxy settings. */
function proxyEnv(o: { home: string; proxy: string; caBundle: string; credentials: Record<string, string>; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  const env = cleanEnv({ HOME: o.home, HTTPS_PROXY: o.proxy, AWS_CA_BUNDLE: o.caBundle, AWS_CONFIG_FILE: '/dev/null', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', ...o.credentials, ...o.extra });
  for (const name of ['http_proxy', 'https_proxy', 'no_proxy', 'NO_PROXY', 'ALL_PROXY', 'all_proxy', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE']) delete env[name];
  if (o.extra?.HTTP_PROXY === undefined) delete env.HTTP_PROXY;
  return env;
}

const TLS_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  ],
});

interface TrailEvent {
  CloudTrailEvent: string;
}

interface TrailRecord {
  userAgent?: string;
  eventSource: string;
  tlsDetails?: { clientProvidedHostHeader: string; tlsVersion: string };
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = `${dir}/${name}`;
    if (dir !== '' && p !== '/usr/bin/aws' && existsSync(p)) return p;
  }
  return undefined;
}

const CLIS: readonly { readonly label: string; readonly bin: string | undefined; readonly agent: RegExp }[] = [
  { label: 'AWS CLI v1', bin: findOnPath('aws'), agent: /^aws-cli\/1\./ },
  { label: 'AWS CLI v2', bin: existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined, agent: /^aws-cli\/2\./ },
];

describe('clients through the HTTPS proxy', () => {
  let server: ServerProcess;
  let dataDir: string;
  let caBundle: string;
  let otherBundle: string;
  let scratch: string;
  before(async () => {
    dataDir = tempDataDir('proxy-clients');
    server = await spawnServer({ dataDir });
    caBundle = join(dataDir, 'ca.pem');
    scratch = mkdtempSync(join(tmpdir(), 'gatehouse-proxy-clients-'));
    otherBundle = join(scratch, 'other-ca.pem');
    writeFileSync(otherBundle, (await CertificateAuthority.generate()).certPem);
  });
  after(async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  for (const cli of CLIS) {
    describe(cli.label, { skip: cli.bin === undefined ? `${cli.label} is not installed on this machine (CI installs it)` : false }, () => {
      let home: string;
      const root = (): Record<string, string> => ({ AWS_SHARED_CREDENTIALS_FILE: server.credentialsFile, AWS_PROFILE: 'gatehouse' });
      const aws = (args: readonly string[], o: { credentials?: Record<string, string>; bundle?: string; extra?: Record<string, string> } = {}): Promise<Run> =>
        run(cli.bin!, [...args, '--output', 'json'], proxyEnv({ home, proxy: server.url, caBundle: o.bundle ?? caBundle, credentials: o.credentials ?? root(), extra: o.extra }));
      before(() => {
        home = mkdtempSync(join(tmpdir(), 'gatehouse-home-'));
      });
      after(() => rmSync(home, { recursive: true, force: true }));

      it('runs aws iam get-user with no --endpoint-url, and the trail has it with the Host the CLI sent', async () => {
        const got = await aws(['iam', 'get-user']);
        assert.equal(got.code, 0, got.stderr);
        assert.equal((JSON.parse(got.stdout) as { User: { Arn: string } }).User.Arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
        // Read back through the proxy too, from CloudTrail's regional name.
        const trail = await aws(['cloudtrail', 'lookup-events', '--region', 'us-west-2', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=GetUser']);
        assert.equal(trail.code, 0, trail.stderr);
        const records = (JSON.parse(trail.stdout) as { Events: TrailEvent[] }).Events.map((e) => JSON.parse(e.CloudTrailEvent) as TrailRecord);
        const mine = records.find((r) => cli.agent.test(r.userAgent ?? '') && r.tlsDetails !== undefined);
        assert.ok(mine !== undefined, `a GetUser from ${cli.label} over TLS is in the trail`);
        assert.equal(mine.eventSource, 'iam.amazonaws.com');
        assert.equal(mine.tlsDetails?.clientProvidedHostHeader, 'iam.amazonaws.com');
        const lookups = await aws(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=LookupEvents']);
        const hosts = (JSON.parse(lookups.stdout) as { Events: TrailEvent[] }).Events.map((e) => (JSON.parse(e.CloudTrailEvent) as TrailRecord).tlsDetails?.clientProvidedHostHeader);
        assert.ok(hosts.includes('cloudtrail.us-west-2.amazonaws.com'), JSON.stringify(hosts));
      });

      it('arrives as secure inside the tunnel, and as not secure through the proxy over plain HTTP', async () => {
        const user = `tls-only-${cli.label.endsWith('v2') ? 'v2' : 'v1'}`;
        assert.equal((await aws(['iam', 'create-user', '--user-name', user])).code, 0);
        assert.equal((await aws(['iam', 'put-user-policy', '--user-name', user, '--policy-name', 'tls-only', '--policy-document', TLS_ONLY])).code, 0);
        const key = (JSON.parse((await aws(['iam', 'create-access-key', '--user-name', user])).stdout) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } }).AccessKey;
        const asUser = { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey, AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
        const secure = await aws(['iam', 'get-user'], { credentials: asUser });
        assert.equal(secure.code, 0, secure.stderr);
        const plain = await aws(['iam', 'get-user', '--endpoint-url', 'http://iam.amazonaws.com'], { credentials: asUser, extra: { HTTP_PROXY: server.url } });
        assert.notEqual(plain.code, 0);
        assert.equal(
          plain.stderr.trim(),
          `An error occurred (AccessDenied) when calling the GetUser operation: User: arn:aws:iam::${ACCOUNT_ID}:user/${user} is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${ACCOUNT_ID}:user/${user} with an explicit deny in an identity-based policy`,
        );
        const rootPlain = await aws(['iam', 'get-user', '--endpoint-url', 'http://iam.amazonaws.com'], { extra: { HTTP_PROXY: server.url } });
        assert.equal(rootPlain.code, 0, rootPlain.stderr);
      });

      it('refuses the connection when AWS_CA_BUNDLE names another CA', async () => {
        const r = await aws(['iam', 'get-user'], { bundle: otherBundle });
        assert.equal(r.code, 255);
        assert.match(r.stderr, /SSL validation failed for https:\/\/iam\.amazonaws\.com\/ .*CERTIFICATE_VERIFY_FAILED/);
      });
    });
  }

  describe('boto3', () => {
    const SCRIPT = String.raw`
import json, os, sys, boto3, botocore.exceptions
out = {}
iam = boto3.client('iam')
out['arn'] = iam.get_user()['User']['Arn']
iam.create_user(UserName='tls-only-boto3')
iam.put_user_policy(UserName='tls-only-boto3', PolicyName='tls-only', PolicyDocument=sys.argv[1])
key = iam.create_access_key(UserName='tls-only-boto3')['AccessKey']
user = dict(aws_access_key_id=key['AccessKeyId'], aws_secret_access_key=key['SecretAccessKey'])
out['secure'] = boto3.client('iam', **user).get_user()['User']['UserName']
os.environ['HTTP_PROXY'] = os.environ['HTTPS_PROXY']
try:
    boto3.client('iam', endpoint_url='http://iam.amazonaws.com', **user).get_user()
    out['plain'] = 'allowed'
except botocore.exceptions.ClientError as e:
    out['plain'] = e.response['Error']['Code']
del os.environ['HTTP_PROXY']
ct = boto3.client('cloudtrail', region_name='eu-west-1')
events = ct.lookup_events(LookupAttributes=[{'AttributeKey': 'EventName', 'AttributeValue': 'GetUser'}])['Events']
records = [json.loads(e['CloudTrailEvent']) for e in events]
out['hosts'] = sorted({r['tlsDetails']['clientProvidedHostHeader'] for r in records if 'tlsDetails' in r and r['userAgent'].startswith('Boto3/')})
os.environ['AWS_CA_BUNDLE'] = sys.argv[2]
try:
    boto3.client('iam').get_user()
    out['otherCa'] = 'accepted'
except botocore.exceptions.SSLError as e:
    out['otherCa'] = type(e).__name__ + ': ' + str(e)
print(json.dumps(out))
`;
    let got: { arn: string; secure: string; plain: string; hosts: string[]; otherCa: string };
    let home: string;
    before(async () => {
      home = mkdtempSync(join(tmpdir(), 'gatehouse-home-'));
      const r = await run('python3', ['-c', SCRIPT, TLS_ONLY, otherBundle], proxyEnv({ home, proxy: server.url, caBundle, credentials: { AWS_SHARED_CREDENTIALS_FILE: server.credentialsFile, AWS_PROFILE: 'gatehouse' } }));
      assert.equal(r.code, 0, r.stderr);
      got = JSON.parse(r.stdout) as typeof got;
    });
    after(() => rmSync(home, { recursive: true, force: true }));

    it('reaches IAM at iam.amazonaws.com with no endpoint configured, as secure', () => {
      assert.equal(got.arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
      assert.equal(got.secure, 'tls-only-boto3');
      assert.equal(got.plain, 'AccessDenied', 'plain HTTP through the proxy is not secure');
    });

    it('is in the trail with the Host boto3 sent', () => {
      assert.deepEqual(got.hosts, ['iam.amazonaws.com']);
    });

    it('raises SSLError when AWS_CA_BUNDLE names another CA', () => {
      assert.match(got.otherCa, /^SSLError: SSL validation failed for https:\/\/iam\.amazonaws\.com\/ .*CERTIFICATE_VERIFY_FAILED/);
    });
  });
});
