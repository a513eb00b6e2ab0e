/**
 * A copy of an organization and an EKS cluster, made the way a user copies a real account: in one
 * Gatehouse an organization tree with SCPs and RCPs and a cluster with access entries are made
 * through the AWS CLI; `gatehouse collect` reads them back with read-only calls (as a bundle, and
 * through the `gatehouse` command as a directory); `gatehouse import` loads them, with the IAM
 * export, into a fresh data directory. The AWS CLI then lists the same OUs, accounts, policies,
 * targets and access entries (IDs and documents equal) from the copy, the SCP's denial comes back
 * with AWS's words (E10) and `explain` names the SCP, and `doctor aws-auth` and kubectl map the
 * access entry on the copy's cluster. Re-importing changes nothing; a conflict leaves nothing
 * half-loaded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { CLI_CLIENTS, cli, skipUnlessInstalled, type Cli } from '../support/aws-cli.js';
import { runAwsCli } from '../support/aws-cli-driver.js';
import { runImport } from '../../src/cli/import-command.js';
import { runCollect, type CollectReport } from '../../src/cli/collect-command.js';
import { runExplain } from '../../src/cli/explain-command.js';
import { runDoctor } from '../../src/cli/doctor-command.js';
import { runDoctorAwsAuth } from '../../src/cli/doctor-k8s-command.js';
import { readProfile } from '../../src/server/credentials-file.js';

// CLI v1: Debian's CLI v2.9 predates access entries.
const client = CLI_CLIENTS[0]!;
const KUBECTL = existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : undefined;
const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const VIEW_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';

function run(bin: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(bin, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1;
      ok({ code, stdout, stderr });
    });
  });
}

interface Tree {
  orgId: string;
  rootId: string;
  workloads: string;
  prod: string;
  member: string;
  scp: string;
  rcp: string;
}

/** Everything the AWS CLI lists about the organization and the cluster, keyed by command. */
async function listing(c: Cli, t: Tree): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const get = async (key: string, args: string[]): Promise<void> => {
    out[key] = await c.ok(args);
  };
  await get('describe-organization', ['organizations', 'describe-organization']);
  await get('list-roots', ['organizations', 'list-roots']);
  for (const parent of [t.rootId, t.workloads, t.prod]) {
    await get(`ous ${parent}`, ['organizations', 'list-organizational-units-for-parent', '--parent-id', parent]);
    await get(`accounts ${parent}`, ['organizations', 'list-accounts-for-parent', '--parent-id', parent]);
  }
  await get('list-accounts', ['organizations', 'list-accounts']);
  for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']) await get(`policies ${type}`, ['organizations', 'list-policies', '--filter', type]);
  for (const id of [t.scp, t.rcp, 'p-FullAWSAccess', 'p-RCPFullAWSAccess']) {
    await get(`describe ${id}`, ['organizations', 'describe-policy', '--policy-id', id]);
    await get(`targets ${id}`, ['organizations', 'list-targets-for-policy', '--policy-id', id]);
  }
  for (const target of [t.member, t.prod]) await get(`for-target ${target}`, ['organizations', 'list-policies-for-target', '--target-id', target, '--filter', 'SERVICE_CONTROL_POLICY']);
  await get('list-clusters', ['eks', 'list-clusters']);
  const legacy = await c.ok<{ cluster: Record<string, unknown> }>(['eks', 'describe-cluster', '--name', 'legacy']);
  out['legacy'] = [legacy.cluster.identity, legacy.cluster.accessConfig];
  const cluster = await c.ok<{ cluster: Record<string, unknown> }>(['eks', 'describe-cluster', '--name', 'prod-cluster']);
  // The endpoint and CA are the serving Gatehouse's own; everything else is the cluster's.
  const { endpoint: _e, certificateAuthority: _c, ...rest } = cluster.cluster;
  out['describe-cluster'] = rest;
  const entries = await c.ok<{ accessEntries: string[] }>(['eks', 'list-access-entries', '--cluster-name', 'prod-cluster']);
  out['list-access-entries'] = entries;
  for (const principal of entries.accessEntries) {
    await get(`entry ${principal}`, ['eks', 'describe-access-entry', '--cluster-name', 'prod-cluster', '--principal-arn', principal]);
    await get(`policies ${principal}`, ['eks', 'list-associated-access-policies', '--cluster-name', 'prod-cluster', '--principal-arn', principal]);
  }
  return out;
}

describe('gatehouse collect and import: an organization and an EKS cluster', { skip: skipUnlessInstalled(client) }, () => {
  let source: ServerProcess;
  let copy: ServerProcess | undefined;
  const dirs: string[] = [];
  const dir = (label: string): string => {
    const d = tempDataDir(label);
    dirs.push(d);
    return d;
  };
  let work: string;
  const t = {} as Tree;
  let bundleFile: string;
  let gaadFile: string;
  let memberGaadFile: string;
  let expected: Record<string, unknown>;
  let copyDir: string;
  before(async () => {
    source = await spawnServer({ dataDir: dir('org-eks-source') });
    work = dir('org-eks-work');
  });
  after(async () => {
    await stopServer(source);
    if (copy !== undefined) await stopServer(copy);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('makes an organization with SCPs and RCPs, and a cluster with access entries, through the AWS CLI', async () => {
    const { ok } = cli(client, () => source);
    t.orgId = (await ok<{ Organization: { Id: string } }>(['organizations', 'create-organization', '--feature-set', 'ALL'])).Organization.Id;
    t.rootId = (await ok<{ Roots: { Id: string }[] }>(['organizations', 'list-roots'])).Roots[0]!.Id;
    await ok(['organizations', 'enable-policy-type', '--root-id', t.rootId, '--policy-type', 'SERVICE_CONTROL_POLICY']);
    await ok(['organizations', 'enable-policy-type', '--root-id', t.rootId, '--policy-type', 'RESOURCE_CONTROL_POLICY']);
    t.workloads = (await ok<{ OrganizationalUnit: { Id: string } }>(['organizations', 'create-organizational-unit', '--parent-id', t.rootId, '--name', 'Workloads'])).OrganizationalUnit.Id;
    t.prod = (await ok<{ OrganizationalUnit: { Id: string } }>(['organizations', 'create-organizational-unit', '--parent-id', t.workloads, '--name', 'Prod'])).OrganizationalUnit.Id;
    const request = await ok<{ CreateAccountStatus: { Id: string } }>(['organizations', 'create-account', '--email', 'prod@example.com', '--account-name', 'prod']);
    t.member = (await ok<{ CreateAccountStatus: { AccountId: string } }>(['organizations', 'describe-create-account-status', '--create-account-request-id', request.CreateAccountStatus.Id])).CreateAccountStatus.AccountId;
    await ok(['organizations', 'move-account', '--account-id', t.member, '--source-parent-id', t.rootId, '--destination-parent-id', t.prod]);
    // A user of the member account, made before the SCP forbids making users there.
    const memberRoot = readProfile(source.credentialsFile, `gatehouse-${t.member}`)!;
    await ok(['iam', 'create-user', '--user-name', 'dev'], memberRoot);
    await ok(['iam', 'put-user-policy', '--user-name', 'dev', '--policy-name', 'admin', '--policy-document', doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' })], memberRoot);
    memberGaadFile = join(work, 'gaad-member.json');
    writeFileSync(memberGaadFile, JSON.stringify(await ok<object>(['iam', 'get-account-authorization-details'], memberRoot)));
    const scp = await ok<{ Policy: { PolicySummary: { Id: string } } }>(['organizations', 'create-policy', '--name', 'DenyCreateUser', '--description', 'no IAM users', '--type', 'SERVICE_CONTROL_POLICY', '--content', doc({ Sid: 'NoUsers', Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' })]);
    t.scp = scp.Policy.PolicySummary.Id;
    await ok(['organizations', 'attach-policy', '--policy-id', t.scp, '--target-id', t.prod]);
    const rcp = await ok<{ Policy: { PolicySummary: { Id: string } } }>(['organizations', 'create-policy', '--name', 'KeepBuckets', '--description', '', '--type', 'RESOURCE_CONTROL_POLICY', '--content', doc({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: '*' })]);
    t.rcp = rcp.Policy.PolicySummary.Id;
    await ok(['organizations', 'attach-policy', '--policy-id', t.rcp, '--target-id', t.workloads]);
    // The cluster, its role, and a user with an access entry and the view policy in one namespace.
    const role = await ok<{ Role: { Arn: string } }>(['iam', 'create-role', '--role-name', 'eks-cluster', '--assume-role-policy-document', doc({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' })]);
    await ok(['eks', 'create-cluster', '--name', 'prod-cluster', '--role-arn', role.Role.Arn, '--resources-vpc-config', 'subnetIds=subnet-1,subnet-2', '--access-config', 'authenticationMode=API_AND_CONFIG_MAP', '--tags', 'team=platform']);
    // A cluster that reads the aws-auth ConfigMap only: EKS refuses to list its access entries.
    await ok(['eks', 'create-cluster', '--name', 'legacy', '--role-arn', role.Role.Arn, '--resources-vpc-config', 'subnetIds=subnet-3']);
    await ok(['iam', 'create-user', '--user-name', 'viewer']);
    await ok(['iam', 'put-user-policy', '--user-name', 'viewer', '--policy-name', 'describe', '--policy-document', doc({ Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: '*' })]);
    const viewer = `arn:aws:iam::${ACCOUNT_ID}:user/viewer`;
    await ok(['eks', 'create-access-entry', '--cluster-name', 'prod-cluster', '--principal-arn', viewer, '--kubernetes-groups', 'auditors', '--tags', 'owner=sec']);
    await ok(['eks', 'associate-access-policy', '--cluster-name', 'prod-cluster', '--principal-arn', viewer, '--policy-arn', VIEW_POLICY, '--access-scope', 'type=namespace,namespaces=default']);
    expected = await listing(cli(client, () => source), t);
    const gaad = await ok<object>(['iam', 'get-account-authorization-details']);
    gaadFile = join(work, 'gaad.json');
    writeFileSync(gaadFile, JSON.stringify(gaad));
  });

  it('collects with read-only calls into a bundle; a member account\'s denied calls are gaps, not failures', async () => {
    const creds = readProfile(source.credentialsFile, 'gatehouse')!;
    bundleFile = join(work, 'bundle.json');
    const { report } = await runCollect({ out: bundleFile, endpoint: source.url, credentials: creds, region: ['us-east-1'], json: true });
    assert.equal(report.target, 'gatehouse');
    assert.deepEqual(
      report.gaps.map((g) => [g.operation, g.input, g.outcome]),
      [['ListAccessEntries', { clusterName: 'legacy' }, 'error']],
    );
    assert.match(report.gaps[0]!.error!, /^InvalidRequestException: /);
    // Tags read for the root, both OUs, both accounts and the two customer managed policies (none set).
    assert.deepEqual(report.collected, {
      iam: { users: 1, groups: 0, roles: 1, policies: 0 },
      organization: t.orgId,
      organizationalUnits: 2,
      accounts: 2,
      policies: 4,
      taggedResources: 7,
      tags: 0,
      clusters: 2,
      accessEntries: 1,
      podIdentityAssociations: 0,
    });
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as { gatehouseCollection: number; calls: { command: string; input: Record<string, unknown>; output: Record<string, unknown> }[] };
    assert.equal(bundle.gatehouseCollection, 1);
    // Only the read-only calls named in the README, each output as the CLI prints it (no tokens, no $metadata).
    assert.deepEqual(
      [...new Set(bundle.calls.map((c) => c.command))].sort(),
      [
        'describe-access-entry',
        'describe-cluster',
        'describe-organization',
        'describe-policy',
        'get-account-authorization-details',
        'list-access-entries',
        'list-accounts',
        'list-accounts-for-parent',
        'list-associated-access-policies',
        'list-clusters',
        'list-organizational-units-for-parent',
        'list-pod-identity-associations',
        'list-policies',
        'list-roots',
        'list-tags-for-resource',
        'list-targets-for-policy',
      ],
    );
    assert.ok(bundle.calls.every((c) => !('$metadata' in c.output) && !('NextToken' in c.output)));

    const member = readProfile(source.credentialsFile, `gatehouse-${t.member}`)!;
    const { report: partial } = await runCollect({ out: join(work, 'member.json'), endpoint: source.url, credentials: member, region: ['us-east-1'] });
    // A member account may describe its organization but not list it (management account only).
    assert.deepEqual(
      partial.gaps.map((g) => `${g.operation} ${g.outcome} ${g.error ?? ''}`),
      ['ListRoots', 'ListAccounts', 'ListPolicies', 'ListPolicies'].map((op) => `${op} denied AccessDeniedException: You don't have permissions to access this resource.`),
    );
    assert.equal(partial.collected.organization, t.orgId);
    assert.equal(partial.collected.clusters, 0);
    // Imported, it loads no organization, and the summary says what the collection lacks.
    const { report: loaded } = await runImport([join(work, 'member.json')], { data: dir('org-eks-member'), region: 'us-east-1', json: true });
    assert.equal(loaded.organization, null);
    assert.equal(loaded.skipped[0], `organization ${t.orgId}: only its describe-organization output (what a member account may read); not loaded`);
    assert.match(loaded.skipped[1]!, /^not collected \(.*member\.json\): organizations:ListRoots \{\} denied \(AccessDeniedException: You don't have permissions to access this resource\.\)$/);
    assert.equal(loaded.skipped.length, 5);
  });

  it('imports into a fresh data directory: the AWS CLI lists the same organization, policies, targets and access entries', async () => {
    copyDir = dir('org-eks-copy');
    const { report } = await runImport([gaadFile, memberGaadFile, bundleFile], { data: copyDir, region: 'us-east-1', json: true });
    assert.deepEqual(
      {
        organization: report.organization,
        root: report.root,
        ous: report.organizationalUnits,
        accounts: report.organizationAccounts,
        policies: report.organizationPolicies,
        attachments: report.organizationPolicyAttachments,
        clusters: report.clusters,
        entries: report.accessEntries,
        associated: report.associatedAccessPolicies,
        created: report.accountsCreated,
        skipped: report.skipped.map((x) => x.replace(/ \(InvalidRequestException: .*\)$/, '')),
      },
      // Attachments: FullAWSAccess and RCPFullAWSAccess on root, 2 OUs and 2 accounts, and the SCP and RCP.
      { organization: t.orgId, root: t.rootId, ous: 2, accounts: 2, policies: 2, attachments: 12, clusters: 2, entries: 1, associated: 1, created: [{ accountId: t.member, profile: `gatehouse-${t.member}` }], skipped: [`not collected (${bundleFile}): eks:ListAccessEntries {"clusterName":"legacy"} error`] },
    );
    copy = await spawnServer({ dataDir: copyDir });
    assert.deepEqual(await listing(cli(client, () => copy!), t), expected);
  });

  it('reproduces the SCP denial in the copy with AWS\'s words, and explain names the SCP', async () => {
    const env = cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: copy!.credentialsFile, AWS_PROFILE: `gatehouse-${t.member}`, AWS_CONFIG_FILE: '/dev/null', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' });
    const r = await runAwsCli(client.bin!, ['iam', 'create-user', '--user-name', 'blocked', '--endpoint-url', copy!.url, '--output', 'json'], env);
    assert.equal(
      r.stderr.trim(),
      `An error occurred (AccessDenied) when calling the CreateUser operation: User: arn:aws:iam::${t.member}:root is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${t.member}:user/blocked with an explicit deny in a service control policy`,
    );
    // The doctor, with access to the copy, names the catalogue entry.
    const creds = readProfile(copy!.credentialsFile, `gatehouse-${t.member}`)!;
    const { diagnosis } = await runDoctor(r.stderr, { endpoint: copy!.url, credentials: creds, json: true });
    assert.equal(diagnosis.recognised && diagnosis.catalogueId, 'E10');
    // explain of the denied request from the copy's audit trail names the SCP's statement.
    const { report } = await runExplain({ endpoint: copy!.url, credentials: creds, lastDenied: true, colour: false });
    assert.equal(report.decision, 'ExplicitDeny');
    assert.deepEqual(report.deciding.map((d) => [d.kind, d.policy, d.statement]), [['scp', `arn:aws:organizations::${ACCOUNT_ID}:policy/${t.orgId}/service_control_policy/${t.scp}`, 'NoUsers']]);
  });

  it('doctor aws-auth and kubectl map the access entry on the copy\'s cluster', async () => {
    const creds = readProfile(copy!.credentialsFile, 'gatehouse')!;
    const viewer = `arn:aws:iam::${ACCOUNT_ID}:user/viewer`;
    const { report } = await runDoctorAwsAuth({ cluster: 'prod-cluster', principal: viewer, endpoint: copy!.url, credentials: creds, json: true });
    assert.equal(report?.mapped, true);
    assert.equal(report?.authenticationMode, 'API_AND_CONFIG_MAP');
    assert.deepEqual(report?.groups, ['auditors']);
    if (KUBECTL === undefined) return;
    // The IAM export has no access keys: the copy's root makes one for the user.
    const key = await cli(client, () => copy!).ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(['iam', 'create-access-key', '--user-name', 'viewer']);
    const credentialsFile = join(work, 'viewer-credentials');
    writeFileSync(credentialsFile, `[viewer]\naws_access_key_id = ${key.AccessKey.AccessKeyId}\naws_secret_access_key = ${key.AccessKey.SecretAccessKey}\n`);
    const env = cleanEnv({ AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_PAGER: '', AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_PROFILE: 'viewer' });
    const kubeconfig = join(work, 'kubeconfig');
    const written = await run(client.bin!, ['eks', 'update-kubeconfig', '--name', 'prod-cluster', '--kubeconfig', kubeconfig, '--endpoint-url', copy!.url], env);
    assert.equal(written.code, 0, written.stderr);
    const pods = await run(KUBECTL, ['--kubeconfig', kubeconfig, 'auth', 'can-i', 'list', 'pods', '-n', 'default'], env);
    assert.equal(pods.stdout.trim(), 'yes', pods.stderr);
    const elsewhere = await run(KUBECTL, ['--kubeconfig', kubeconfig, 'auth', 'can-i', 'list', 'pods', '-n', 'kube-system'], env);
    assert.equal(elsewhere.stdout.trim(), 'no');
  });

  it('re-importing changes nothing; the directory `gatehouse collect` writes imports the same', async () => {
    await stopServer(copy!);
    const again = await runImport([bundleFile], { data: copyDir, region: 'us-east-1', json: true });
    assert.deepEqual([again.report.organizationalUnits, again.report.organizationPolicies, again.report.accessEntries, again.report.accountsCreated, again.report.skipped.length], [2, 2, 1, [], 1]);
    copy = await spawnServer({ dataDir: copyDir });
    assert.deepEqual(await listing(cli(client, () => copy!), t), expected);

    // The directory form, through the gatehouse command as a user runs it.
    const outDir = join(work, 'collected');
    mkdirSync(outDir);
    const env = cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: source.credentialsFile, AWS_PROFILE: 'gatehouse', AWS_CONFIG_FILE: '/dev/null' });
    const collected = await run(process.execPath, [CLI_MAIN, 'collect', '--endpoint', source.url, '--region', 'us-east-1', '--out', outDir, '--json'], env);
    assert.equal(collected.code, 0, collected.stderr);
    const summary = JSON.parse(collected.stdout) as CollectReport;
    assert.equal(summary.format, 'directory');
    assert.ok(readdirSync(outDir).includes(`organizations.list-targets-for-policy.${t.scp}.json`), readdirSync(outDir).join(' '));
    const fromDir = dir('org-eks-from-dir');
    const imported = await run(process.execPath, [CLI_MAIN, 'import', '--data', fromDir, '--json', gaadFile, outDir], cleanEnv());
    assert.equal(imported.code, 0, imported.stderr);
    const second = await spawnServer({ dataDir: fromDir });
    try {
      assert.deepEqual(await listing(cli(client, () => second), t), expected);
    } finally {
      await stopServer(second);
    }
  });

  it('hand-saved CLI outputs import, and the AWS CLI prints them back the same from the copy', async () => {
    const fixtures = fileURLToPath(new URL('../../../test/fixtures/cli-outputs/', import.meta.url));
    const saved = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, unknown>;
    const data = dir('org-eks-hand');
    await runImport([fixtures], { data, region: 'us-east-1', json: true });
    const server = await spawnServer({ dataDir: data });
    try {
      const c = cli(client, () => server);
      const byId = <T extends { Id?: string; TargetId?: string }>(list: T[]): T[] => [...list].sort((a, b) => String(a.Id ?? a.TargetId).localeCompare(String(b.Id ?? b.TargetId)));
      const { Organization: org } = await c.ok<{ Organization: Record<string, unknown> }>(['organizations', 'describe-organization']);
      const { AvailablePolicyTypes: _a, ...savedOrg } = saved('describe-organization.json').Organization as Record<string, unknown>;
      assert.deepEqual({ ...org, AvailablePolicyTypes: undefined }, { ...savedOrg, AvailablePolicyTypes: undefined });
      assert.deepEqual(await c.ok(['organizations', 'list-roots']), saved('list-roots.json'));
      for (const parent of ['r-a1b2', 'ou-a1b2-11111111', 'ou-a1b2-22222222']) {
        assert.deepEqual(await c.ok(['organizations', 'list-organizational-units-for-parent', '--parent-id', parent]), saved(`ous-${parent}.json`));
        const accounts = await c.ok<{ Accounts: Record<string, unknown>[] }>(['organizations', 'list-accounts-for-parent', '--parent-id', parent]);
        // Timestamps in whole seconds: the CLI v1 prints epoch seconds, the saved files the CLI v2's ISO 8601.
        const seconds = (v: unknown): number => Math.floor(typeof v === 'number' ? v : Date.parse(v as string) / 1000);
        const norm = (list: Record<string, unknown>[]) => list.map((a) => ({ Id: a.Id, Arn: a.Arn, Email: a.Email, Name: a.Name, Status: a.Status, JoinedMethod: a.JoinedMethod, JoinedTimestamp: seconds(a.JoinedTimestamp) }));
        assert.deepEqual(norm(accounts.Accounts), norm(saved(`accounts-${parent}.json`).Accounts as Record<string, unknown>[]));
      }
      for (const policy of ['p-deny1234', 'p-FullAWSAccess']) {
        const described = await c.ok<{ Policy: { PolicySummary: unknown; Content: string } }>(['organizations', 'describe-policy', '--policy-id', policy]);
        const want = saved(`describe-policy-${policy}.json`).Policy as { PolicySummary: unknown; Content: string };
        assert.deepEqual(described.Policy.PolicySummary, want.PolicySummary);
        assert.deepEqual(JSON.parse(described.Policy.Content), JSON.parse(want.Content));
        const targets = await c.ok<{ Targets: { TargetId: string }[] }>(['organizations', 'list-targets-for-policy', '--policy-id', policy]);
        assert.deepEqual(byId(targets.Targets), byId((saved(`targets-${policy}.json`) as { Targets: { TargetId: string }[] }).Targets));
      }
      // The member account's cluster, signed as that account's root, in its region.
      const member = readProfile(server.credentialsFile, 'gatehouse-111122223333')!;
      const eks = (args: string[]) => c.ok<Record<string, unknown>>([...args, '--region', 'eu-west-1'], member);
      const { cluster } = (await eks(['eks', 'describe-cluster', '--name', 'payments'])) as { cluster: Record<string, unknown> };
      const savedCluster = saved('describe-cluster.json').cluster as Record<string, unknown>;
      for (const k of ['name', 'arn', 'version', 'roleArn', 'identity', 'platformVersion', 'tags', 'accessConfig']) assert.deepEqual(cluster[k], k === 'accessConfig' ? { ...(savedCluster[k] as object), bootstrapClusterCreatorAdminPermissions: true } : savedCluster[k], k);
      assert.deepEqual(await eks(['eks', 'list-access-entries', '--cluster-name', 'payments']), saved('list-access-entries.json'));
      const role = 'arn:aws:iam::111122223333:role/ops/oncall';
      const entry = (await eks(['eks', 'describe-access-entry', '--cluster-name', 'payments', '--principal-arn', role])) as { accessEntry: Record<string, unknown> };
      const savedEntry = saved('describe-access-entry.json').accessEntry as Record<string, unknown>;
      assert.deepEqual({ ...entry.accessEntry, createdAt: undefined, modifiedAt: undefined }, { ...savedEntry, createdAt: undefined, modifiedAt: undefined });
      assert.equal(entry.accessEntry.createdAt, Date.parse(savedEntry.createdAt as string) / 1000);
      const policies = (await eks(['eks', 'list-associated-access-policies', '--cluster-name', 'payments', '--principal-arn', role])) as { associatedAccessPolicies: Record<string, unknown>[] };
      const savedPolicies = saved('list-associated-access-policies.json').associatedAccessPolicies as Record<string, unknown>[];
      assert.deepEqual(policies.associatedAccessPolicies.map((p) => [p.policyArn, p.accessScope, p.associatedAt]), savedPolicies.map((p) => [p.policyArn, p.accessScope, p.associatedAt]));
      // Tags and the Pod Identity association from their hand-saved files.
      for (const id of ['ou-a1b2-22222222', '111122223333', 'p-deny1234']) assert.deepEqual(await c.ok(['organizations', 'list-tags-for-resource', '--resource-id', id]), saved(`tags-${id}.json`));
      assert.deepEqual(await c.ok(['organizations', 'list-tags-for-resource', '--resource-id', 'ou-a1b2-11111111']), { Tags: [] });
      assert.deepEqual(await eks(['eks', 'list-pod-identity-associations', '--cluster-name', 'payments']), saved('list-pod-identity-associations.json'));
      const savedAssociation = saved('describe-pod-identity-association.json').association as Record<string, unknown>;
      const association = (await eks(['eks', 'describe-pod-identity-association', '--cluster-name', 'payments', '--association-id', savedAssociation.associationId as string])) as { association: Record<string, unknown> };
      assert.deepEqual({ ...association.association, createdAt: undefined, modifiedAt: undefined }, { ...savedAssociation, createdAt: undefined, modifiedAt: undefined });
      assert.equal(association.association.createdAt, Date.parse(savedAssociation.createdAt as string) / 1000);
    } finally {
      await stopServer(server);
    }
  });

  it('a conflicting cluster in the target leaves nothing of the import behind', async () => {
    const target = dir('org-eks-conflict');
    const holder = await spawnServer({ dataDir: target });
    const { ok, fails } = cli(client, () => holder);
    try {
      const role = await ok<{ Role: { Arn: string } }>(['iam', 'create-role', '--role-name', 'eks-cluster', '--assume-role-policy-document', doc({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' })]);
      await ok(['eks', 'create-cluster', '--name', 'prod-cluster', '--role-arn', role.Role.Arn, '--resources-vpc-config', 'subnetIds=subnet-1']);
    } finally {
      await stopServer(holder);
    }
    await assert.rejects(runImport([bundleFile], { data: target, region: 'us-east-1' }), /cluster prod-cluster in us-east-1 of 123456789012 has issuer [0-9A-F]{32} in Gatehouse, [0-9A-F]{32} in the files/);
    const after = await spawnServer({ dataDir: target });
    try {
      // The organization, written in the same transaction before the cluster, is not there.
      await cli(client, () => after).fails(['organizations', 'describe-organization'], 'An error occurred (AWSOrganizationsNotInUseException) when calling the DescribeOrganization operation: Your account is not a member of an organization.');
    } finally {
      await stopServer(after);
    }
    void fails;
  });
});
