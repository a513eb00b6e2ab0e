/**
 * Error catalogue S01, "could not get token: AccessDenied: Access denied", in a real kubectl: the
 * kubeconfig an unmodified `aws eks update-kubeconfig --role-arn R` writes runs `aws eks get-token
 * --role R` as kubectl's exec credential plugin, and the caller cannot assume R. The CLI reaches
 * Gatehouse's STS under AWS's own host name through Gatehouse's HTTPS proxy (CLI 2.9 predates
 * AWS_ENDPOINT_URL). Then `gatehouse doctor --json` is given what kubectl printed and names S01,
 * with the entry of the denial inside as related.
 *
 * The exact prefix "could not get token:" is aws-iam-authenticator's (`token -i C -r R`). That
 * program is not on this machine and cannot be installed here: there is no Debian, PyPI or npm
 * package of it (it is a Go program, and there is no Go toolchain). So what is pinned is what
 * kubectl prints with the AWS CLI v1 and v2 as the plugin: the CLI's AssumeRole AccessDenied,
 * relayed once per attempt, and kubectl's "getting credentials: exec: executable aws failed with
 * exit code N". The doctor's recognition of the authenticator's own wording is pinned in
 * src/doctor/recognise.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { runAwsCli } from '../support/aws-cli-driver.js';

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = `${dir}/${name}`;
    if (dir !== '' && p !== '/usr/bin/aws' && existsSync(p)) return p;
  }
  return undefined;
}

const CLIENTS: readonly { readonly label: string; readonly bin: string | undefined; readonly exitCode: number }[] = [
  { label: 'AWS CLI v1', bin: findOnPath('aws'), exitCode: 255 },
  { label: 'AWS CLI v2', bin: existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined, exitCode: 254 },
];
const KUBECTL = existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : findOnPath('kubectl');

const trust = (principal: Record<string, string>): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
const allow = (...actions: string[]): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

function run(bin: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((ok) => {
    execFile(bin, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1;
      ok({ code, stdout, stderr });
    });
  });
}

interface Diagnosis {
  readonly recognised: boolean;
  readonly catalogueId?: string;
  readonly related?: readonly string[];
  readonly fields?: { readonly code?: string; readonly operation?: string; readonly principal?: string; readonly action?: string; readonly resource?: string; readonly message?: string };
}

void describe('S01: kubectl whose exec plugin cannot assume the kubeconfig\'s role', { skip: KUBECTL === undefined ? 'kubectl is not installed' : false }, () => {
  let server: ServerProcess;
  let dataDir: string;
  let credentialsFile: string;
  const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;

  function env(profile: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const e = cleanEnv({ AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_PAGER: '', AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_PROFILE: profile, ...extra });
    for (const name of ['http_proxy', 'https_proxy', 'no_proxy', 'ALL_PROXY', 'all_proxy', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE']) delete e[name];
    return e;
  }

  async function ok<T>(args: readonly string[], profile = 'gatehouse'): Promise<T> {
    const r = await runAwsCli(CLIENTS[0]!.bin ?? '/usr/bin/aws', [...args, '--endpoint-url', server.url, '--output', 'json'], env(profile));
    assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
    return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as T;
  }

  async function userProfile(name: string, policy: string): Promise<void> {
    await ok(['iam', 'create-user', '--user-name', name]);
    await ok(['iam', 'put-user-policy', '--user-name', name, '--policy-name', 'p', '--policy-document', policy]);
    const key = await ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(['iam', 'create-access-key', '--user-name', name]);
    writeFileSync(credentialsFile, `${readFileSync(credentialsFile, 'utf8')}\n[${name}]\naws_access_key_id = ${key.AccessKey.AccessKeyId}\naws_secret_access_key = ${key.AccessKey.SecretAccessKey}\n`);
  }

  async function doctor(text: string, label: string): Promise<Diagnosis> {
    const file = join(dataDir, `kubectl-${label}.txt`);
    writeFileSync(file, text);
    const r = await run(process.execPath, [CLI_MAIN, 'doctor', '--json', '--file', file], cleanEnv());
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Diagnosis;
  }

  before(async () => {
    dataDir = tempDataDir('kubectl-token-denied');
    server = await spawnServer({ dataDir });
    credentialsFile = join(dataDir, 'test-credentials');
    writeFileSync(credentialsFile, readFileSync(server.credentialsFile, 'utf8'));
    await ok(['iam', 'create-role', '--role-name', 'eks-cluster', '--assume-role-policy-document', trust({ Service: 'eks.amazonaws.com' })]);
    await ok(['eks', 'create-cluster', '--name', 'c1', '--role-arn', roleArn('eks-cluster'), '--resources-vpc-config', 'subnetIds=subnet-1']);
    // kube-admin trusts the account: a caller needs sts:AssumeRole in its own policies.
    await ok(['iam', 'create-role', '--role-name', 'kube-admin', '--assume-role-policy-document', trust({ AWS: `arn:aws:iam::${ACCOUNT_ID}:root` })]);
    // kube-closed trusts one other user only.
    await ok(['iam', 'create-role', '--role-name', 'kube-closed', '--assume-role-policy-document', trust({ AWS: `arn:aws:iam::${ACCOUNT_ID}:user/someone-else` })]);
    await userProfile('viewer', allow('eks:DescribeCluster'));
    await userProfile('assumer', allow('eks:DescribeCluster', 'sts:AssumeRole'));
    const manifest = join(dataDir, 'aws-auth.yaml');
    writeFileSync(
      manifest,
      `apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: kube-system}
data:
  mapRoles: |
    - rolearn: ${roleArn('kube-admin')}
      username: kube-admin:{{SessionName}}
      groups: [system:masters]
`,
    );
    const applied = await run(process.execPath, [CLI_MAIN, 'k8s', 'apply', '--cluster', 'c1', '-f', manifest, '--endpoint', server.url, '--data', dataDir], cleanEnv());
    assert.equal(applied.code, 0, applied.stderr);
  });
  after(async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const client of CLIENTS) {
    void describe(client.label, { skip: client.bin === undefined ? `${client.label} is not installed on this machine (CI installs it)` : false }, () => {
      const p = client.label.endsWith('v2') ? 'v2' : 'v1';
      /** kubectl runs `aws` from PATH: a directory holding this client's `aws` comes first. */
      let binDir: string;
      before(() => {
        binDir = join(dataDir, `bin-${p}`);
        mkdirSync(binDir, { recursive: true });
        symlinkSync(client.bin!, join(binDir, 'aws'));
      });

      async function kubectl(profile: string, role: string, args: readonly string[]): Promise<CliResult> {
        const kubeconfig = join(dataDir, `kubeconfig-${profile}-${role}-${p}`);
        if (!existsSync(kubeconfig)) {
          const w = await run(client.bin!, ['eks', 'update-kubeconfig', '--name', 'c1', '--role-arn', roleArn(role), '--kubeconfig', kubeconfig, '--endpoint-url', server.url], env(profile));
          assert.equal(w.code, 0, w.stderr);
          assert.match(readFileSync(kubeconfig, 'utf8'), new RegExp(`- --role\\n\\s+- ${roleArn(role)}\\n\\s+command: aws\\n`));
        }
        const proxied = env(profile, { PATH: `${binDir}:${process.env.PATH ?? ''}`, HTTPS_PROXY: server.url, AWS_CA_BUNDLE: join(dataDir, 'ca.pem'), NO_PROXY: '127.0.0.1,localhost' });
        return run(KUBECTL!, ['--kubeconfig', kubeconfig, ...args], proxied);
      }

      it('a role the caller may assume: kubectl works, mapped by aws-auth as the assumed role', async () => {
        const r = await kubectl('assumer', 'kube-admin', ['auth', 'whoami', '-o', 'json']);
        assert.equal(r.code, 0, r.stderr);
        const review = JSON.parse(r.stdout) as { status: { userInfo: { username: string; groups: string[]; extra: Record<string, string[]> } } };
        // `aws eks get-token --role` names its session EKSGetTokenAuth.
        assert.equal(review.status.userInfo.username, 'kube-admin:EKSGetTokenAuth');
        assert.deepEqual(review.status.userInfo.extra.canonicalArn, [roleArn('kube-admin')]);
      });

      it('no identity-based policy allows sts:AssumeRole: kubectl relays the CLI\'s AccessDenied, and the doctor names S01 (E21 inside)', async () => {
        const r = await kubectl('viewer', 'kube-admin', ['auth', 'whoami']);
        assert.notEqual(r.code, 0);
        assert.equal(r.stdout, '');
        const denial = `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${ACCOUNT_ID}:user/viewer is not authorized to perform: sts:AssumeRole on resource: ${roleArn('kube-admin')} because no identity-based policy allows the sts:AssumeRole action`;
        const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
        assert.equal(lines.pop(), `Unable to connect to the server: getting credentials: exec: executable aws failed with exit code ${client.exitCode}`);
        assert.ok(lines.length >= 1);
        for (const l of lines) assert.equal(l, denial);
        const d = await doctor(r.stderr, `e21-${p}`);
        assert.equal(d.recognised, true);
        assert.equal(d.catalogueId, 'S01');
        assert.deepEqual(d.related, ['S02', 'E21']);
        assert.equal(d.fields?.code, 'AccessDenied');
        assert.equal(d.fields?.operation, 'AssumeRole');
        assert.equal(d.fields?.principal, `arn:aws:iam::${ACCOUNT_ID}:user/viewer`);
        assert.equal(d.fields?.resource, roleArn('kube-admin'));
        assert.equal(d.fields?.message, denial.replace(/^.*operation: /, ''));
      });

      it('the role\'s trust policy does not name the caller: the same S01, with kubectl\'s discovery client retrying (E19 inside)', async () => {
        const r = await kubectl('assumer', 'kube-closed', ['get', 'pods']);
        assert.notEqual(r.code, 0);
        const denial = `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${ACCOUNT_ID}:user/assumer is not authorized to perform: sts:AssumeRole on resource: ${roleArn('kube-closed')} because no role trust policy allows the sts:AssumeRole action`;
        const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
        assert.equal(lines.pop(), `Unable to connect to the server: getting credentials: exec: executable aws failed with exit code ${client.exitCode}`);
        assert.ok(lines.some((l) => l === denial), r.stderr);
        assert.ok(lines.some((l) => / memcache\.go:\d+\] "Unhandled Error" err="couldn't get current server API group list: Get \\"https:\/\/127\.0\.0\.1:\d+\/_gatehouse\/eks\/clusters\/[0-9A-F]{32}\/api\?timeout=32s\\": getting credentials: exec: executable aws failed with exit code \d+"$/.test(l)), r.stderr);
        const d = await doctor(r.stderr, `e19-${p}`);
        assert.equal(d.catalogueId, 'S01');
        assert.deepEqual(d.related, ['S02', 'E19']);
        assert.equal(d.fields?.principal, `arn:aws:iam::${ACCOUNT_ID}:user/assumer`);
      });
    });
  }
});
