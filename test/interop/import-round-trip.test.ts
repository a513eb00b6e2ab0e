/**
 * `gatehouse import` round trip through the AWS CLI: an account built with the CLI is exported
 * with `aws iam get-account-authorization-details`, imported into a fresh data directory, and
 * exported again from a Gatehouse started on it — the same entities and documents come back. A
 * second account in another file (SDK-style pages, URL-encoded documents) gets root credentials of
 * its own and exports the same way; `explain` then works on the imported copy.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_ID, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { CLI_CLIENTS, cli, skipUnlessInstalled } from '../support/aws-cli.js';
import { runAwsCli } from '../support/aws-cli-driver.js';
import { cleanEnv } from '../support/gatehouse-fixture.js';
import { runImport } from '../../src/cli/import-command.js';
import { runExplain } from '../../src/cli/explain-command.js';

const client = CLI_CLIENTS.find((c) => c.bin !== undefined) ?? CLI_CLIENTS[0]!;
const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const OTHER = '111122223333';

type Gaad = { UserDetailList: { UserName: string }[]; GroupDetailList: unknown[]; RoleDetailList: { RoleName: string; RoleLastUsed?: unknown }[]; Policies: { PolicyName: string }[] };

describe('gatehouse import round trip', { skip: skipUnlessInstalled(client) }, () => {
  let source: ServerProcess;
  let copy: ServerProcess | undefined;
  const dirs: string[] = [];
  const dir = (label: string): string => {
    const d = tempDataDir(label);
    dirs.push(d);
    return d;
  };
  before(async () => {
    source = await spawnServer({ dataDir: dir('import-source') });
  });
  after(async () => {
    await stopServer(source);
    if (copy !== undefined) await stopServer(copy);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('exports, imports into a fresh data directory, and exports the same entities and documents', async () => {
    const { ok } = cli(client, () => source);
    const boundary = await ok<{ Policy: { Arn: string } }>(['iam', 'create-policy', '--policy-name', 'boundary', '--path', '/limits/', '--policy-document', doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' })]);
    const reader = await ok<{ Policy: { Arn: string } }>(['iam', 'create-policy', '--policy-name', 'reader', '--description', 'reads', '--policy-document', doc({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' })]);
    await ok(['iam', 'create-policy-version', '--policy-arn', reader.Policy.Arn, '--set-as-default', '--policy-document', doc({ Sid: 'V2', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' })]);
    await ok(['iam', 'create-user', '--user-name', 'alice', '--path', '/team/', '--tags', 'Key=team,Value=blue', '--permissions-boundary', boundary.Policy.Arn]);
    await ok(['iam', 'create-group', '--group-name', 'readers']);
    await ok(['iam', 'add-user-to-group', '--group-name', 'readers', '--user-name', 'alice']);
    await ok(['iam', 'attach-group-policy', '--group-name', 'readers', '--policy-arn', reader.Policy.Arn]);
    await ok(['iam', 'put-group-policy', '--group-name', 'readers', '--policy-name', 'deny-delete', '--policy-document', doc({ Sid: 'NoDelete', Effect: 'Deny', Action: 'iam:Delete*', Resource: '*' })]);
    await ok(['iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'own', '--policy-document', doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' })]);
    await ok(['iam', 'attach-user-policy', '--user-name', 'alice', '--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    await ok(['iam', 'create-role', '--role-name', 'deployer', '--path', '/ci/', '--tags', 'Key=env,Value=prod', '--assume-role-policy-document', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' })]);
    await ok(['iam', 'put-role-policy', '--role-name', 'deployer', '--policy-name', 'deploy', '--policy-document', doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::artifacts/*' })]);
    await ok(['iam', 'attach-role-policy', '--role-name', 'deployer', '--policy-arn', reader.Policy.Arn]);
    const before = await ok<Gaad>(['iam', 'get-account-authorization-details']);
    const dataDir = dir('import-copy');
    const file = join(dataDir, '..', `gaad-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(before));
    dirs.push(file);
    const { report } = await runImport([file], { data: dataDir, region: 'us-east-1', json: true });
    assert.deepEqual(
      { accounts: report.accounts, users: report.users, groups: report.groups, roles: report.roles, policies: report.policies, versions: report.policyVersions, memberships: report.groupMemberships, conflicts: report.conflicts },
      { accounts: [ACCOUNT_ID], users: 1, groups: 1, roles: 1, policies: 2, versions: 3, memberships: 1, conflicts: [] },
    );
    copy = await spawnServer({ dataDir });
    const after = await cli(client, () => copy!).ok<Gaad>(['iam', 'get-account-authorization-details']);
    assert.deepEqual(after, before);
  });

  it('imports another account from SDK-style pages; it gets its own root profile and exports the same', async () => {
    assert.ok(copy !== undefined);
    const encoded = (o: object): string => encodeURIComponent(JSON.stringify(o));
    const pages = [
      {
        UserDetailList: [{ Path: '/', UserName: 'bob', UserId: 'AIDAEXAMPLEBOB000001', Arn: `arn:aws:iam::${OTHER}:user/bob`, CreateDate: '2025-01-02T03:04:05Z', GroupList: [], AttachedManagedPolicies: [], Tags: [], UserPolicyList: [{ PolicyName: 'p', PolicyDocument: encoded({ Version: '2012-10-17', Statement: [{ Sid: 'Mfa', Effect: 'Allow', Action: 'iam:List*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] }) }] }],
        GroupDetailList: [],
        RoleDetailList: [],
        Policies: [],
        IsTruncated: true,
        Marker: 'm1',
      },
      { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false },
    ];
    const file = join(dirs[1]!, '..', `gaad-other-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(pages));
    dirs.push(file);
    // Into the running copy's data directory, then a restart, as the README says.
    await stopServer(copy);
    const dataDir = dirs[1]!;
    const { report } = await runImport([file], { data: dataDir, region: 'us-east-1', json: true });
    assert.deepEqual(report.accountsCreated, [{ accountId: OTHER, profile: `gatehouse-${OTHER}` }]);
    copy = await spawnServer({ dataDir });
    const env = cleanEnv({ AWS_SHARED_CREDENTIALS_FILE: copy.credentialsFile, AWS_PROFILE: `gatehouse-${OTHER}`, AWS_CONFIG_FILE: '/dev/null', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' });
    const exported = await runAwsCli(client.bin!, ['iam', 'get-account-authorization-details', '--endpoint-url', copy.url, '--output', 'json'], env);
    assert.equal(exported.code, 0, exported.stderr);
    const other = JSON.parse(exported.stdout) as { UserDetailList: { Arn: string; UserPolicyList: { PolicyDocument: unknown }[] }[] };
    assert.deepEqual(other.UserDetailList.map((u) => u.Arn), [`arn:aws:iam::${OTHER}:user/bob`]);
    assert.deepEqual(other.UserDetailList[0]!.UserPolicyList[0]!.PolicyDocument, JSON.parse(decodeURIComponent(pages[0]!.UserDetailList[0]!.UserPolicyList[0]!.PolicyDocument)));
    // explain works on the imported copy, signed as that account's root.
    const { fromIni } = await import('@aws-sdk/credential-provider-ini');
    const creds = await fromIni({ profile: `gatehouse-${OTHER}`, filepath: copy.credentialsFile, configFilepath: '/dev/null', ignoreCache: true })();
    const { report: why } = await runExplain({ endpoint: copy.url, credentials: creds, principal: `arn:aws:iam::${OTHER}:user/bob`, action: 'iam:ListUsers', colour: false });
    assert.equal(why.decision, 'ImplicitDeny');
    assert.equal(why.failingConditions[0]?.key, 'aws:MultiFactorAuthPresent');
  });

  it('refuses a file that is not GetAccountAuthorizationDetails output, naming it', async () => {
    const file = join(dirs[1]!, '..', `not-gaad-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ Users: [] }));
    dirs.push(file);
    await assert.rejects(runImport([file], { data: dir('import-none'), region: 'us-east-1' }), /not GetAccountAuthorizationDetails output/);
  });
});
