/**
 * `aws organizations …` with the AWS CLI v1 (`aws` on PATH) and v2 (`/usr/bin/aws`, skipped with a
 * message when absent) against a `gatehouse serve` child: an organization, an OU, an account
 * created and polled until it exists, SCPs enabled and attached; the member account's own root
 * profile from the server's credentials file limited by the SCP with AWS's message until the
 * policy is detached; Organizations' errors as the CLI prints them; the CLI paginator.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { ACCOUNT_ID, cleanEnv, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
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

const CLIENTS: readonly { readonly label: string; readonly bin: string | undefined }[] = [
  { label: 'AWS CLI v1', bin: findOnPath('aws') },
  { label: 'AWS CLI v2', bin: existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined },
];

const denyCreateUser = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }] });

for (const client of CLIENTS) {
  describe(`${client.label}: aws organizations`, { skip: client.bin === undefined ? `${client.label} is not installed on this machine (CI installs it)` : false }, () => {
    let server: ServerProcess;
    let dataDir: string;
    const p = client.label.endsWith('v2') ? 'v2' : 'v1';
    before(async () => {
      dataDir = tempDataDir(`org-cli-${p}`);
      server = await spawnServer({ dataDir });
    });
    after(async () => {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** Runs the CLI with a profile of the server's credentials file (the management root by default). */
    async function aws(args: readonly string[], profile = 'gatehouse'): Promise<CliResult> {
      const env = cleanEnv({
        AWS_ENDPOINT_URL: server.url,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_PAGER: '',
        AWS_SHARED_CREDENTIALS_FILE: server.credentialsFile,
        AWS_PROFILE: profile,
      });
      // Debian's awscli 2.9 predates AWS_ENDPOINT_URL (CLI 2.13), so the endpoint is also passed as a flag.
      return runAwsCli(client.bin!, [...args, '--endpoint-url', server.url, '--output', 'json'], env);
    }

    async function ok<T>(args: readonly string[], profile?: string): Promise<T> {
      const r = await aws(args, profile);
      assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
      return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as T;
    }

    async function fails(args: readonly string[], printed: string, profile?: string): Promise<void> {
      const r = await aws(args, profile);
      assert.notEqual(r.code, 0, `aws ${args.join(' ')} succeeded`);
      assert.equal(r.stderr.trim(), printed);
    }

    let orgId: string;
    let rootId: string;
    let memberId: string;
    let policyId: string;

    it('creates an organization, an OU and an account, polling the account creation as AWS documents', async () => {
      await fails(['organizations', 'describe-organization'], 'An error occurred (AWSOrganizationsNotInUseException) when calling the DescribeOrganization operation: Your account is not a member of an organization.');
      const created = await ok<{ Organization: { Id: string; MasterAccountId: string } }>(['organizations', 'create-organization', '--feature-set', 'ALL']);
      orgId = created.Organization.Id;
      assert.match(orgId, /^o-[a-z0-9]{10}$/);
      assert.equal(created.Organization.MasterAccountId, ACCOUNT_ID);
      rootId = (await ok<{ Roots: { Id: string }[] }>(['organizations', 'list-roots'])).Roots[0]!.Id;
      const ou = await ok<{ OrganizationalUnit: { Id: string; Arn: string } }>(['organizations', 'create-organizational-unit', '--parent-id', rootId, '--name', 'Workloads']);
      assert.equal(ou.OrganizationalUnit.Arn, `arn:aws:organizations::${ACCOUNT_ID}:ou/${orgId}/${ou.OrganizationalUnit.Id}`);
      const request = await ok<{ CreateAccountStatus: { Id: string; State: string } }>(['organizations', 'create-account', '--email', `member-${p}@example.com`, '--account-name', 'member']);
      assert.equal(request.CreateAccountStatus.State, 'IN_PROGRESS');
      const status = await ok<{ CreateAccountStatus: { State: string; AccountId: string } }>(['organizations', 'describe-create-account-status', '--create-account-request-id', request.CreateAccountStatus.Id]);
      assert.equal(status.CreateAccountStatus.State, 'SUCCEEDED');
      memberId = status.CreateAccountStatus.AccountId;
      await ok(['organizations', 'move-account', '--account-id', memberId, '--source-parent-id', rootId, '--destination-parent-id', ou.OrganizationalUnit.Id]);
      const accounts = await ok<{ Accounts: { Id: string }[] }>(['organizations', 'list-accounts-for-parent', '--parent-id', ou.OrganizationalUnit.Id]);
      assert.deepEqual(accounts.Accounts.map((a) => a.Id), [memberId]);
    });

    it('signs as the member account with its own root profile, limited by an SCP until it is detached', async () => {
      const member = `gatehouse-${memberId}`;
      const self = await ok<{ User: { Arn: string } }>(['iam', 'get-user'], member);
      assert.equal(self.User.Arn, `arn:aws:iam::${memberId}:root`);
      await ok(['organizations', 'enable-policy-type', '--root-id', rootId, '--policy-type', 'SERVICE_CONTROL_POLICY']);
      const policy = await ok<{ Policy: { PolicySummary: { Id: string; Arn: string } } }>([
        'organizations',
        'create-policy',
        '--name',
        'DenyCreateUser',
        '--description',
        'no IAM users',
        '--type',
        'SERVICE_CONTROL_POLICY',
        '--content',
        denyCreateUser,
      ]);
      policyId = policy.Policy.PolicySummary.Id;
      assert.equal(policy.Policy.PolicySummary.Arn, `arn:aws:organizations::${ACCOUNT_ID}:policy/${orgId}/service_control_policy/${policyId}`);
      await ok(['organizations', 'attach-policy', '--policy-id', policyId, '--target-id', memberId]);
      await fails(
        ['iam', 'create-user', '--user-name', 'blocked'],
        `An error occurred (AccessDenied) when calling the CreateUser operation: User: arn:aws:iam::${memberId}:root is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${memberId}:user/blocked with an explicit deny in a service control policy`,
        member,
      );
      // The management account is never limited.
      await ok(['iam', 'create-user', '--user-name', 'management-user']);
      await ok(['organizations', 'detach-policy', '--policy-id', policyId, '--target-id', memberId]);
      const user = await ok<{ User: { Arn: string } }>(['iam', 'create-user', '--user-name', 'blocked'], member);
      assert.equal(user.User.Arn, `arn:aws:iam::${memberId}:user/blocked`);
    });

    it('prints Organizations\' errors as AWS does', async () => {
      await fails(['organizations', 'describe-policy', '--policy-id', 'p-zzzzzzzz'], "An error occurred (PolicyNotFoundException) when calling the DescribePolicy operation: You specified a policy that doesn't exist.");
      await fails(['organizations', 'describe-account', '--account-id', '999999999999'], "An error occurred (AccountNotFoundException) when calling the DescribeAccount operation: You specified an account that doesn't exist.");
      await fails(['organizations', 'describe-policy', '--policy-id', 'p-!!'], 'An error occurred (InvalidInputException) when calling the DescribePolicy operation: You specified an invalid policy ID.');
      await fails(['organizations', 'attach-policy', '--policy-id', 'p-FullAWSAccess', '--target-id', memberId], 'An error occurred (DuplicatePolicyAttachmentException) when calling the AttachPolicy operation: A policy with the specified name and type already exists.');
      await fails(['organizations', 'create-policy', '--name', 'bad', '--description', '', '--type', 'SERVICE_CONTROL_POLICY', '--content', '{"Statement":'], 'An error occurred (MalformedPolicyDocumentException) when calling the CreatePolicy operation: The provided policy document does not meet the requirements of the specified policy type.');
      await fails(['organizations', 'list-accounts'], "An error occurred (AccessDeniedException) when calling the ListAccounts operation: You don't have permissions to access this resource.", `gatehouse-${memberId}`);
    });

    it('pages with the CLI paginator', async () => {
      for (let i = 0; i < 4; i++) await ok(['organizations', 'create-organizational-unit', '--parent-id', rootId, '--name', `page-${i}`]);
      const first = await ok<{ OrganizationalUnits: { Name: string }[]; NextToken?: string }>(['organizations', 'list-organizational-units-for-parent', '--parent-id', rootId, '--max-items', '2']);
      assert.equal(first.OrganizationalUnits.length, 2);
      assert.ok(first.NextToken !== undefined);
      const all = await ok<{ OrganizationalUnits: { Name: string }[] }>(['organizations', 'list-organizational-units-for-parent', '--parent-id', rootId, '--page-size', '2']);
      assert.deepEqual(all.OrganizationalUnits.map((o) => o.Name).sort(), ['Workloads', 'page-0', 'page-1', 'page-2', 'page-3']);
      const targets = await ok<{ Targets: { TargetId: string }[] }>(['organizations', 'list-targets-for-policy', '--policy-id', 'p-FullAWSAccess']);
      assert.ok(targets.Targets.some((t) => t.TargetId === memberId));
    });
  });
}
