/**
 * AssumeRole into a member account with the AWS CLI v1 and v2, as their users set it up: profiles
 * with `role_arn` and `source_profile` in the CLI's config file, the CLI's own assume-role
 * credential provider calling STS. That provider takes no endpoint setting, so the CLI reaches
 * Gatehouse in transparent mode (`HTTPS_PROXY` + `AWS_CA_BUNDLE`) under AWS's real host names,
 * each CLI in a fresh HOME (the CLI caches assumed-role credentials there). The management
 * account's root user is refused as AWS refuses it; an administrator (an IAM user) of the
 * management account assumes OrganizationAccountAccessRole and creates a user in the member account;
 * an SCP on the member account then denies that with AWS's words; and a chain of profiles reaches
 * a member role trusting a management role only when the management role's own policy allows it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { runAwsCli, type CommandResult } from '../support/aws-cli-driver.js';
import {
  ACCOUNT_ID,
  cleanEnv,
  createUserWithKey,
  iamClient,
  memberRootCredentials,
  organizationsClient,
  rootCredentials,
  spawnServer,
  stopServer,
  tempDataDir,
  type ServerProcess,
} from '../support/gatehouse-fixture.js';
import { policyDocument } from '../support/aws-assertions.js';

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = `${dir}/${name}`;
    if (dir !== '' && p !== '/usr/bin/aws' && existsSync(p)) return p;
  }
  return undefined;
}

const CLIS: readonly { readonly label: string; readonly bin: string | undefined }[] = [
  { label: 'AWS CLI v1', bin: findOnPath('aws') },
  { label: 'AWS CLI v2', bin: existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined },
];

describe('the AWS CLI assuming roles across accounts', () => {
  let server: ServerProcess;
  let dataDir: string;
  let org: OrganizationsClient;
  let iam: IAMClient;
  let memberIam: IAMClient;
  let memberId: string;
  let scpId: string;
  /** The client's credentials file: the management root and an administrator user. */
  let credentialsText: string;

  before(async () => {
    dataDir = tempDataDir('cross-account-cli');
    server = await spawnServer({ dataDir });
    const root = await rootCredentials(server.credentialsFile);
    org = organizationsClient(server.url, root);
    iam = iamClient(server.url, root);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const request = (await org.send(new CreateAccountCommand({ AccountName: 'workloads', Email: 'workloads@example.com' }))).CreateAccountStatus!.Id!;
    memberId = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request }))).CreateAccountStatus!.AccountId!;
    memberIam = iamClient(server.url, await memberRootCredentials(server.credentialsFile, memberId));
    const admin = await createUserWithKey(iam, 'org-admin');
    await iam.send(new PutUserPolicyCommand({ UserName: 'org-admin', PolicyName: 'all', PolicyDocument: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
    credentialsText = [
      '[gatehouse]',
      `aws_access_key_id = ${root.accessKeyId}`,
      `aws_secret_access_key = ${root.secretAccessKey}`,
      '[admin]',
      `aws_access_key_id = ${admin.accessKeyId}`,
      `aws_secret_access_key = ${admin.secretAccessKey}`,
      '',
    ].join('\n');
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    scpId = (
      await org.send(new CreatePolicyCommand({ Name: 'NoUsers', Description: 'no IAM users', Type: 'SERVICE_CONTROL_POLICY', Content: policyDocument({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }) }))
    ).Policy!.PolicySummary!.Id!;
    // A management role that may be assumed by its account, and a member role trusting exactly it.
    await iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }) }));
    await memberIam.send(new CreateRoleCommand({ RoleName: 'target', AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/deployer` }, Action: 'sts:AssumeRole' }) }));
    await memberIam.send(new PutRolePolicyCommand({ RoleName: 'target', PolicyName: 'read', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }) }));
  });
  after(async () => {
    iam?.destroy();
    memberIam?.destroy();
    org?.destroy();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const cli of CLIS) {
    describe(cli.label, { skip: cli.bin === undefined ? `${cli.label} is not installed on this machine (CI installs it)` : false }, () => {
      const v = cli.label.endsWith('v2') ? 'v2' : 'v1';
      let home: string;

      /** Runs the CLI through the proxy with the config file of this test's profiles, in a fresh HOME. */
      const aws = (args: readonly string[], profile: string): Promise<CommandResult> => {
        const env = cleanEnv({
          HOME: home,
          HTTPS_PROXY: server.url,
          AWS_CA_BUNDLE: join(dataDir, 'ca.pem'),
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
          AWS_PROFILE: profile,
          AWS_PAGER: '',
        });
        for (const name of ['http_proxy', 'https_proxy', 'no_proxy', 'NO_PROXY', 'ALL_PROXY', 'all_proxy', 'HTTP_PROXY', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE']) delete env[name];
        return runAwsCli(cli.bin!, [...args, '--output', 'json'], env, 90_000);
      };
      const ok = async <T>(args: readonly string[], profile: string): Promise<T> => {
        const r = await aws(args, profile);
        assert.equal(r.code, 0, `aws ${args.join(' ')} (${profile}) failed: ${r.stderr}`);
        return JSON.parse(r.stdout) as T;
      };
      const fails = async (args: readonly string[], profile: string, printed: string): Promise<void> => {
        const r = await aws(args, profile);
        assert.notEqual(r.code, 0, `aws ${args.join(' ')} (${profile}) succeeded`);
        assert.equal(r.stderr.trim(), printed);
      };

      before(() => {
        home = mkdtempSync(join(tmpdir(), 'gatehouse-home-'));
        writeFileSync(join(home, 'credentials'), credentialsText);
        writeFileSync(
          join(home, 'config'),
          [
            '[profile member-as-root]',
            `role_arn = arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`,
            'source_profile = gatehouse',
            'region = us-east-1',
            '[profile member-admin]',
            `role_arn = arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`,
            'source_profile = admin',
            `role_session_name = admin-${v}`,
            'region = us-east-1',
            '[profile deployer]',
            `role_arn = arn:aws:iam::${ACCOUNT_ID}:role/deployer`,
            'source_profile = admin',
            `role_session_name = deployer-${v}`,
            'region = us-east-1',
            '[profile member-target]',
            `role_arn = arn:aws:iam::${memberId}:role/target`,
            'source_profile = deployer',
            `role_session_name = target-${v}`,
            'region = us-east-1',
            '',
          ].join('\n'),
        );
      });
      after(() => rmSync(home, { recursive: true, force: true }));

      it('assumes OrganizationAccountAccessRole from a role_arn profile and creates a user in the member account', async () => {
        await fails(['sts', 'get-caller-identity'], 'member-as-root', 'An error occurred (AccessDenied) when calling the AssumeRole operation: Roles may not be assumed by root accounts.');
        const me = await ok<{ Account: string; Arn: string }>(['sts', 'get-caller-identity'], 'member-admin');
        assert.equal(me.Account, memberId);
        assert.equal(me.Arn, `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/admin-${v}`);
        const made = await ok<{ User: { Arn: string } }>(['iam', 'create-user', '--user-name', `made-${v}`], 'member-admin');
        assert.equal(made.User.Arn, `arn:aws:iam::${memberId}:user/made-${v}`);
      });

      it("is limited by an SCP on the member account, with AWS's message, until it is detached", async () => {
        await org.send(new AttachPolicyCommand({ PolicyId: scpId, TargetId: memberId }));
        try {
          await fails(
            ['iam', 'create-user', '--user-name', `blocked-${v}`],
            'member-admin',
            `An error occurred (AccessDenied) when calling the CreateUser operation: User: arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/admin-${v} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${memberId}:user/blocked-${v} with an explicit deny in a service control policy`,
          );
        } finally {
          await org.send(new DetachPolicyCommand({ PolicyId: scpId, TargetId: memberId }));
        }
        await ok(['iam', 'create-user', '--user-name', `blocked-${v}`], 'member-admin');
      });

      it('reaches a member role trusting a management role through a chain of profiles only when both sides allow', async () => {
        await fails(
          ['iam', 'get-user', '--user-name', `made-${v}`],
          'member-target',
          `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/deployer/deployer-${v} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${memberId}:role/target because no identity-based policy allows the sts:AssumeRole action`,
        );
        await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: `assume-${v}`, PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${memberId}:role/target` }) }));
        try {
          await reachesTarget();
        } finally {
          await iam.send(new DeleteRolePolicyCommand({ RoleName: 'deployer', PolicyName: `assume-${v}` }));
        }
      });

      async function reachesTarget(): Promise<void> {
        const got = await ok<{ User: { Arn: string } }>(['iam', 'get-user', '--user-name', `made-${v}`], 'member-target');
        assert.equal(got.User.Arn, `arn:aws:iam::${memberId}:user/made-${v}`);
        const me = await ok<{ Arn: string }>(['sts', 'get-caller-identity'], 'member-target');
        assert.equal(me.Arn, `arn:aws:sts::${memberId}:assumed-role/target/target-${v}`);
        // The target role reads, and nothing more.
        await fails(
          ['iam', 'create-user', '--user-name', `no-${v}`],
          'member-target',
          `An error occurred (AccessDenied) when calling the CreateUser operation: User: arn:aws:sts::${memberId}:assumed-role/target/target-${v} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${memberId}:user/no-${v} because no identity-based policy allows the iam:CreateUser action`,
        );
      }
    });
  }
});
