/**
 * One `gatehouse collect` and one `gatehouse import` copy a whole account: its IAM (users, roles
 * over several pages of GetAccountAuthorizationDetails, managed policies with their versions), its
 * organization with the tags of the root, OUs, accounts and policies, and its EKS cluster with
 * Pod Identity associations (their IDs kept). The AWS CLI prints the same from the copy as from
 * the source; `gatehouse pod run` on the copy gets the associated role's credentials; a denied
 * call is a gap the import lists; a conflict in the target leaves nothing of the import behind.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, iamClient, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { CLI_CLIENTS, cli, skipUnlessInstalled, type Cli } from '../support/aws-cli.js';
import { runImport } from '../../src/cli/import-command.js';
import { runCollect, type CollectReport } from '../../src/cli/collect-command.js';
import { readProfile } from '../../src/server/credentials-file.js';

const client = CLI_CLIENTS[0]!;
const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const PODS_TRUST = doc({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
/** More roles than one page of GetAccountAuthorizationDetails holds (100 items by default). */
const MANY_ROLES = 105;

function run(bin: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(bin, args, { env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1;
      ok({ code, stdout, stderr });
    });
  });
}

interface Ids {
  rootId: string;
  ou: string;
  member: string;
  scp: string;
}

/** What the AWS CLI prints of the account's IAM, the organization's tags and the cluster's associations. */
async function listing(c: Cli, t: Ids): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  out['get-account-authorization-details'] = await c.ok(['iam', 'get-account-authorization-details']);
  for (const id of [t.rootId, t.ou, t.member, t.scp, ACCOUNT_ID]) out[`tags ${id}`] = await c.ok(['organizations', 'list-tags-for-resource', '--resource-id', id]);
  const list = await c.ok<{ associations: { associationId: string }[] }>(['eks', 'list-pod-identity-associations', '--cluster-name', 'apps']);
  out['list-pod-identity-associations'] = list;
  for (const a of list.associations) out[`association ${a.associationId}`] = await c.ok(['eks', 'describe-pod-identity-association', '--cluster-name', 'apps', '--association-id', a.associationId]);
  out['for app'] = await c.ok(['eks', 'list-pod-identity-associations', '--cluster-name', 'apps', '--namespace', 'default', '--service-account', 'app']);
  return out;
}

describe('gatehouse collect, then gatehouse import: a whole account', { skip: skipUnlessInstalled(client) }, () => {
  let source: ServerProcess;
  let copy: ServerProcess | undefined;
  const dirs: string[] = [];
  const dir = (label: string): string => {
    const d = tempDataDir(label);
    dirs.push(d);
    return d;
  };
  let work: string;
  const t = {} as Ids;
  let expected: Record<string, unknown>;
  let bundleFile: string;
  let copyDir: string;
  let collector: { accessKeyId: string; secretAccessKey: string };
  before(async () => {
    source = await spawnServer({ dataDir: dir('whole-source') });
    work = dir('whole-work');
  });
  after(async () => {
    await stopServer(source);
    if (copy !== undefined) await stopServer(copy);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('makes an account with IAM over several pages, a tagged organization and a cluster with Pod Identity associations', async () => {
    const { ok } = cli(client, () => source);
    const root = readProfile(source.credentialsFile, 'gatehouse')!;
    const iam = iamClient(source.url, root);
    try {
      for (let i = 0; i < MANY_ROLES; i++) {
        await iam.send(new CreateRoleCommand({ RoleName: `r${String(i).padStart(3, '0')}`, Path: '/many/', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }) }));
      }
    } finally {
      iam.destroy();
    }
    const reader = await ok<{ Policy: { Arn: string } }>(['iam', 'create-policy', '--policy-name', 'reader', '--policy-document', doc({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' })]);
    await ok(['iam', 'create-policy-version', '--policy-arn', reader.Policy.Arn, '--set-as-default', '--policy-document', doc({ Sid: 'V2', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' })]);
    // A user that may read everything but the IAM export and the associations' details.
    await ok(['iam', 'create-user', '--user-name', 'collector', '--tags', 'Key=team,Value=audit']);
    await ok(['iam', 'attach-user-policy', '--user-name', 'collector', '--policy-arn', reader.Policy.Arn]);
    await ok(['iam', 'put-user-policy', '--user-name', 'collector', '--policy-name', 'read', '--policy-document', doc({ Effect: 'Allow', Action: ['organizations:Describe*', 'organizations:List*', 'eks:Describe*', 'eks:List*', 'iam:Get*'], Resource: '*' }, { Sid: 'NoExport', Effect: 'Deny', Action: ['iam:GetAccountAuthorizationDetails', 'eks:DescribePodIdentityAssociation'], Resource: '*' })]);
    const key = await ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(['iam', 'create-access-key', '--user-name', 'collector']);
    collector = { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey };

    await ok(['organizations', 'create-organization', '--feature-set', 'ALL']);
    t.rootId = (await ok<{ Roots: { Id: string }[] }>(['organizations', 'list-roots'])).Roots[0]!.Id;
    await ok(['organizations', 'enable-policy-type', '--root-id', t.rootId, '--policy-type', 'SERVICE_CONTROL_POLICY']);
    await ok(['organizations', 'tag-resource', '--resource-id', t.rootId, '--tags', 'Key=scope,Value=org', 'Key=owner,Value=cloud']);
    t.ou = (await ok<{ OrganizationalUnit: { Id: string } }>(['organizations', 'create-organizational-unit', '--parent-id', t.rootId, '--name', 'Workloads', '--tags', 'Key=team,Value=platform'])).OrganizationalUnit.Id;
    const request = await ok<{ CreateAccountStatus: { Id: string } }>(['organizations', 'create-account', '--email', 'apps@example.com', '--account-name', 'apps', '--tags', 'Key=env,Value=prod', 'Key=cost-center,Value=4410']);
    t.member = (await ok<{ CreateAccountStatus: { AccountId: string } }>(['organizations', 'describe-create-account-status', '--create-account-request-id', request.CreateAccountStatus.Id])).CreateAccountStatus.AccountId;
    await ok(['organizations', 'move-account', '--account-id', t.member, '--source-parent-id', t.rootId, '--destination-parent-id', t.ou]);
    const scp = await ok<{ Policy: { PolicySummary: { Id: string } } }>(['organizations', 'create-policy', '--name', 'NoLeaving', '--description', 'stay', '--type', 'SERVICE_CONTROL_POLICY', '--content', doc({ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }), '--tags', 'Key=guardrail,Value=org']);
    t.scp = scp.Policy.PolicySummary.Id;
    await ok(['organizations', 'attach-policy', '--policy-id', t.scp, '--target-id', t.ou]);

    const clusterRole = await ok<{ Role: { Arn: string } }>(['iam', 'create-role', '--role-name', 'eks-cluster', '--assume-role-policy-document', doc({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' })]);
    await ok(['eks', 'create-cluster', '--name', 'apps', '--role-arn', clusterRole.Role.Arn, '--resources-vpc-config', 'subnetIds=subnet-1', '--access-config', 'authenticationMode=API']);
    const podRole = await ok<{ Role: { Arn: string } }>(['iam', 'create-role', '--role-name', 'pod-identity-role', '--assume-role-policy-document', PODS_TRUST]);
    const runnerRole = await ok<{ Role: { Arn: string } }>(['iam', 'create-role', '--role-name', 'runner', '--assume-role-policy-document', PODS_TRUST]);
    await ok(['eks', 'create-pod-identity-association', '--cluster-name', 'apps', '--namespace', 'default', '--service-account', 'app', '--role-arn', podRole.Role.Arn, '--tags', 'app=web']);
    await ok(['eks', 'create-pod-identity-association', '--cluster-name', 'apps', '--namespace', 'jobs', '--service-account', 'runner', '--role-arn', runnerRole.Role.Arn, '--disable-session-tags']);
    expected = await listing(cli(client, () => source), t);
    assert.equal((expected['list-pod-identity-associations'] as { associations: unknown[] }).associations.length, 2);
  });

  it('collects IAM (every page), tags and Pod Identity associations into one bundle, with read-only calls', async () => {
    const creds = readProfile(source.credentialsFile, 'gatehouse')!;
    bundleFile = join(work, 'bundle.json');
    const { report, output } = await runCollect({ out: bundleFile, endpoint: source.url, credentials: creds, region: ['us-east-1'] });
    assert.deepEqual(report.gaps, []);
    assert.deepEqual(report.collected, {
      iam: { users: 1, groups: 0, roles: MANY_ROLES + 3, policies: 1 },
      organization: report.collected.organization,
      organizationalUnits: 1,
      accounts: 2,
      // The SCP, FullAWSAccess and RCPFullAWSAccess (described; only the SCP is the organization's own).
      policies: 3,
      // The root, the OU, both accounts and the SCP; FullAWSAccess carries none.
      taggedResources: 5,
      tags: 6,
      clusters: 1,
      accessEntries: 0,
      podIdentityAssociations: 2,
    });
    assert.match(output, /\n {2}IAM: 1 users, 0 groups, 108 roles, 1 customer managed policies\n/);
    assert.match(output, /\n {2}EKS: 1 clusters, 0 access entries, 2 Pod Identity associations\n/);
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as { calls: { service: string; command: string; input: Record<string, unknown>; output: Record<string, unknown> }[] };
    const gaad = bundle.calls.filter((c) => c.command === 'get-account-authorization-details');
    // One call joining every page, as the CLI prints it: documents decoded, no Marker.
    assert.equal(gaad.length, 1);
    assert.equal(gaad[0]!.service, 'iam');
    assert.deepEqual(Object.keys(gaad[0]!.output).sort(), ['GroupDetailList', 'Policies', 'RoleDetailList', 'UserDetailList']);
    const roles = gaad[0]!.output.RoleDetailList as { RoleName: string; AssumeRolePolicyDocument: unknown }[];
    // More than the 100 items one page holds: every page was read and joined.
    assert.equal(roles.length, MANY_ROLES + 3);
    assert.deepEqual(roles.find((r) => r.RoleName === 'runner')!.AssumeRolePolicyDocument, JSON.parse(PODS_TRUST));
    const tagCalls = bundle.calls.filter((c) => c.command === 'list-tags-for-resource').map((c) => c.input.ResourceId as string);
    assert.deepEqual(tagCalls.sort(), [t.rootId, t.ou, t.member, ACCOUNT_ID, t.scp].sort());
    // Each association described as the CLI prints it (the CLI v1 prints epoch seconds, the bundle ISO 8601).
    const seconds = (v: unknown): number => Math.floor(typeof v === 'number' ? v : Date.parse(v as string) / 1000);
    const norm = (o: unknown): Record<string, unknown> => {
      const a = (o as { association: Record<string, unknown> }).association;
      return { ...a, createdAt: seconds(a.createdAt), modifiedAt: seconds(a.modifiedAt) };
    };
    const described = bundle.calls.filter((c) => c.command === 'describe-pod-identity-association').map((c) => norm(c.output));
    const printed = Object.entries(expected).filter(([k]) => k.startsWith('association ')).map(([, v]) => norm(v));
    assert.deepEqual(described, printed);
  });

  it('imports the bundle alone into a fresh data directory: the AWS CLI prints the same IAM, tags and associations', async () => {
    copyDir = dir('whole-copy');
    const { report } = await runImport([bundleFile], { data: copyDir, region: 'us-east-1', json: true });
    assert.deepEqual(
      [report.accounts, report.users, report.roles, report.policies, report.policyVersions, report.organizationTags, report.podIdentityAssociations, report.clusters, report.skipped],
      [[ACCOUNT_ID], 1, MANY_ROLES + 3, 1, 2, 6, 2, 1, []],
    );
    copy = await spawnServer({ dataDir: copyDir });
    assert.deepEqual(await listing(cli(client, () => copy!), t), expected);
  });

  it('gatehouse pod run on the copy gets the associated role\'s credentials (AssumeRoleForPodIdentity)', async () => {
    const home = join(work, 'pod-home');
    mkdirSync(home, { recursive: true });
    const pod = join(work, 'pod.yaml');
    writeFileSync(
      pod,
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
    const r = await run(process.execPath, [CLI_MAIN, 'pod', 'run', '--cluster', 'apps', '--region', 'us-east-1', '--endpoint', copy!.url, '--data', copyDir, '-f', pod, '--', client.bin!, 'sts', 'get-caller-identity', '--output', 'json'], cleanEnv({ HOME: home }));
    assert.equal(r.code, 0, r.stderr);
    assert.match((JSON.parse(r.stdout) as { Arn: string }).Arn, new RegExp(`^arn:aws:sts::${ACCOUNT_ID}:assumed-role/pod-identity-role/eks-apps-app-[0-9a-f-]+$`));
  });

  it('the directory `gatehouse collect` writes holds the IAM export, tags and associations, and imports the same', async () => {
    const outDir = join(work, 'collected');
    mkdirSync(outDir);
    const env = cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: source.credentialsFile, AWS_PROFILE: 'gatehouse', AWS_CONFIG_FILE: '/dev/null' });
    const collected = await run(process.execPath, [CLI_MAIN, 'collect', '--endpoint', source.url, '--region', 'us-east-1', '--out', outDir, '--json'], env);
    assert.equal(collected.code, 0, collected.stderr);
    const summary = JSON.parse(collected.stdout) as CollectReport;
    assert.equal(summary.collected.podIdentityAssociations, 2);
    const files = readdirSync(outDir);
    const ids = Object.keys(expected).filter((k) => k.startsWith('association ')).map((k) => k.slice('association '.length));
    for (const f of [
      'iam.get-account-authorization-details.json',
      `organizations.list-tags-for-resource.${t.ou}.json`,
      `organizations.list-tags-for-resource.${t.member}.json`,
      `organizations.list-tags-for-resource.${t.scp}.json`,
      'eks.us-east-1.list-pod-identity-associations.apps.json',
      ...ids.map((id) => `eks.us-east-1.describe-pod-identity-association.apps.${id}.json`),
    ]) {
      assert.ok(files.includes(f), `${f} not in ${files.join(' ')}`);
    }
    const fromDir = dir('whole-from-dir');
    const imported = await run(process.execPath, [CLI_MAIN, 'import', '--data', fromDir, '--json', outDir], cleanEnv());
    assert.equal(imported.code, 0, imported.stderr);
    const second = await spawnServer({ dataDir: fromDir });
    try {
      assert.deepEqual(await listing(cli(client, () => second), t), expected);
    } finally {
      await stopServer(second);
    }
  });

  it('a denied GetAccountAuthorizationDetails or DescribePodIdentityAssociation is a gap the import lists', async () => {
    const out = join(work, 'denied.json');
    const { report } = await runCollect({ out, endpoint: source.url, credentials: collector, region: ['us-east-1'] });
    assert.deepEqual(
      report.gaps.map((g) => `${g.service}:${g.operation} ${g.outcome}`),
      ['iam:GetAccountAuthorizationDetails denied', 'eks:DescribePodIdentityAssociation denied', 'eks:DescribePodIdentityAssociation denied'],
    );
    assert.match(report.gaps[0]!.error!, /^AccessDenied: User: arn:aws:iam::123456789012:user\/collector is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: \* with an explicit deny in an identity-based policy$/);
    assert.equal(report.collected.iam, null);
    assert.equal(report.collected.tags, 6);
    const { report: loaded } = await runImport([out], { data: dir('whole-denied'), region: 'us-east-1', json: true });
    assert.deepEqual([loaded.users, loaded.roles, loaded.podIdentityAssociations, loaded.organizationTags, loaded.clusters], [0, 0, 0, 6, 1]);
    assert.match(loaded.skipped[0]!, /^not collected \(.*denied\.json\): iam:GetAccountAuthorizationDetails \{\} denied \(AccessDenied: /);
    assert.equal(loaded.skipped.length, 3);
  });

  it('a conflicting association in the target leaves nothing of the import behind', async () => {
    const c = cli(client, () => copy!);
    const app = (expected['for app'] as { associations: { associationId: string }[] }).associations[0]!.associationId;
    await c.ok(['eks', 'delete-pod-identity-association', '--cluster-name', 'apps', '--association-id', app]);
    const other = await c.ok<{ association: { associationId: string } }>(['eks', 'create-pod-identity-association', '--cluster-name', 'apps', '--namespace', 'default', '--service-account', 'app', '--role-arn', `arn:aws:iam::${ACCOUNT_ID}:role/runner`]);
    await c.ok(['organizations', 'tag-resource', '--resource-id', t.ou, '--tags', 'Key=team,Value=changed']);
    await stopServer(copy!);
    copy = undefined;
    await assert.rejects(
      runImport([bundleFile], { data: copyDir, region: 'us-east-1' }),
      new RegExp(`service account default/app of cluster apps has Pod Identity association ${other.association.associationId} in Gatehouse, ${app} in the files: delete it from Gatehouse \\(aws eks delete-pod-identity-association\\) or import into a fresh data directory`),
    );
    copy = await spawnServer({ dataDir: copyDir });
    // The OU's tags, written in the same transaction before the associations, are as they were.
    assert.deepEqual(await cli(client, () => copy!).ok(['organizations', 'list-tags-for-resource', '--resource-id', t.ou]), { Tags: [{ Key: 'team', Value: 'changed' }] });
  });
});
