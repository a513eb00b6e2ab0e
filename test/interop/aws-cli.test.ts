/**
 * The AWS CLI v1 (`aws` on PATH) and v2 (`/usr/bin/aws`, Debian's awscli; skipped with a message
 * when absent) against a `gatehouse serve` child: a tour of users, groups, roles, policies,
 * versions, access keys, boundaries and tags; the CLI paginator; each error as the CLI prints it;
 * and `aws cloudtrail lookup-events`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ACCOUNT_ID, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { CLI_CLIENTS, cliRunner } from '../support/aws-cli.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }] });
const readOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }] });

for (const client of CLI_CLIENTS) {
  describe(`${client.label} against Gatehouse`, { skip: client.bin === undefined ? `${client.label} is not installed on this machine (CI installs it)` : false }, () => {
    let server: ServerProcess;
    let dataDir: string;
    const p = client.label.endsWith('v2') ? 'v2' : 'v1';
    before(async () => {
      dataDir = tempDataDir(`cli-${p}`);
      server = await spawnServer({ dataDir });
    });
    after(async () => {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    });

    const { ok, fails } = cliRunner(client.bin ?? 'aws', () => server);

    it('tours users, groups, roles, policies with versions, boundaries, tags and access keys', async () => {
      const user = await ok<{ User: { Arn: string; UserId: string } }>(['iam', 'create-user', '--user-name', 'alice', '--path', '/team/', '--tags', 'Key=team,Value=blue']);
      assert.equal(user.User.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/team/alice`);
      assert.match(user.User.UserId, /^AIDA/);
      await ok(['iam', 'create-group', '--group-name', 'readers']);
      await ok(['iam', 'add-user-to-group', '--group-name', 'readers', '--user-name', 'alice']);
      const group = await ok<{ Users: { UserName: string }[] }>(['iam', 'get-group', '--group-name', 'readers']);
      assert.deepEqual(group.Users.map((u) => u.UserName), ['alice']);
      const role = await ok<{ Role: { RoleId: string; Arn: string } }>(['iam', 'create-role', '--role-name', 'deployer', '--assume-role-policy-document', trust, '--max-session-duration', '7200']);
      assert.match(role.Role.RoleId, /^AROA/);
      const policy = await ok<{ Policy: { Arn: string; PolicyId: string } }>(['iam', 'create-policy', '--policy-name', 'read-only', '--policy-document', readOnly]);
      assert.match(policy.Policy.PolicyId, /^ANPA/);
      const v2 = await ok<{ PolicyVersion: { VersionId: string } }>(['iam', 'create-policy-version', '--policy-arn', policy.Policy.Arn, '--policy-document', readOnly, '--set-as-default']);
      assert.equal(v2.PolicyVersion.VersionId, 'v2');
      const version = await ok<{ PolicyVersion: { Document: unknown; IsDefaultVersion: boolean } }>(['iam', 'get-policy-version', '--policy-arn', policy.Policy.Arn, '--version-id', 'v2']);
      assert.equal(version.PolicyVersion.IsDefaultVersion, true);
      // The CLI decodes the URL-encoded document IAM returns into JSON.
      assert.deepEqual(version.PolicyVersion.Document, JSON.parse(readOnly));
      await ok(['iam', 'attach-group-policy', '--group-name', 'readers', '--policy-arn', policy.Policy.Arn]);
      await ok(['iam', 'put-user-permissions-boundary', '--user-name', 'alice', '--permissions-boundary', policy.Policy.Arn]);
      const got = await ok<{ User: { PermissionsBoundary: { PermissionsBoundaryArn: string }; Tags: unknown } }>(['iam', 'get-user', '--user-name', 'alice']);
      assert.equal(got.User.PermissionsBoundary.PermissionsBoundaryArn, policy.Policy.Arn);
      await ok(['iam', 'tag-user', '--user-name', 'alice', '--tags', 'Key=cost,Value=42']);
      const tags = await ok<{ Tags: { Key: string }[] }>(['iam', 'list-user-tags', '--user-name', 'alice']);
      assert.deepEqual(tags.Tags.map((t) => t.Key).sort(), ['cost', 'team']);
      const key = await ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(['iam', 'create-access-key', '--user-name', 'alice']);
      assert.match(key.AccessKey.AccessKeyId, /^AKIA[A-Z0-9]{16}$/);
      assert.equal(key.AccessKey.SecretAccessKey.length, 40);
      // As alice: the group policy allows reading, within the boundary.
      const self = await ok<{ User: { UserName: string } }>(['iam', 'get-user'], { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey });
      assert.equal(self.User.UserName, 'alice');
      await fails(
        ['iam', 'create-user', '--user-name', 'bob'],
        `An error occurred (AccessDenied) when calling the CreateUser operation: User: arn:aws:iam::${ACCOUNT_ID}:user/team/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCOUNT_ID}:user/bob because no identity-based policy allows the iam:CreateUser action`,
        { accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey },
      );
    });

    it('prints IAM\'s errors as AWS does: NoSuchEntity, EntityAlreadyExists, LimitExceeded, ValidationError', async () => {
      await fails(['iam', 'get-user', '--user-name', 'nobody'], 'An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name nobody cannot be found.');
      await ok(['iam', 'create-user', '--user-name', 'dup']);
      await fails(['iam', 'create-user', '--user-name', 'dup'], 'An error occurred (EntityAlreadyExists) when calling the CreateUser operation: User with name dup already exists.');
      await ok(['iam', 'create-access-key', '--user-name', 'dup']);
      await ok(['iam', 'create-access-key', '--user-name', 'dup']);
      await fails(['iam', 'create-access-key', '--user-name', 'dup'], 'An error occurred (LimitExceeded) when calling the CreateAccessKey operation: Cannot exceed quota for AccessKeysPerUser: 2');
      await fails(
        ['iam', 'create-role', '--role-name', 'r', '--assume-role-policy-document', trust, '--max-session-duration', '50000'],
        "An error occurred (ValidationError) when calling the CreateRole operation: 1 validation error detected: Value '50000' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200",
      );
    });

    it('pages with the CLI paginator (--max-items / --starting-token) and --page-size', async () => {
      for (let i = 0; i < 5; i++) await ok(['iam', 'create-group', '--group-name', `page-${i}`, '--path', '/paged/']);
      const first = await ok<{ Groups: { GroupName: string }[]; NextToken?: string }>(['iam', 'list-groups', '--path-prefix', '/paged/', '--max-items', '2']);
      assert.equal(first.Groups.length, 2);
      assert.ok(first.NextToken !== undefined);
      const rest = await ok<{ Groups: { GroupName: string }[]; NextToken?: string }>(['iam', 'list-groups', '--path-prefix', '/paged/', '--starting-token', first.NextToken]);
      assert.equal(rest.Groups.length, 3);
      assert.deepEqual([...first.Groups, ...rest.Groups].map((g) => g.GroupName).sort(), ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
      const all = await ok<{ Groups: unknown[] }>(['iam', 'list-groups', '--path-prefix', '/paged/', '--page-size', '2']);
      assert.equal(all.Groups.length, 5);
    });

    it('reads the trail with aws cloudtrail lookup-events', async () => {
      const out = await ok<{ Events: { EventName: string; CloudTrailEvent: string; Username: string }[] }>([
        'cloudtrail',
        'lookup-events',
        '--lookup-attributes',
        'AttributeKey=EventName,AttributeValue=CreateAccessKey',
      ]);
      assert.ok(out.Events.length >= 1);
      for (const e of out.Events) {
        assert.equal(e.EventName, 'CreateAccessKey');
        const record = JSON.parse(e.CloudTrailEvent) as { eventSource: string; responseElements: unknown };
        assert.equal(record.eventSource, 'iam.amazonaws.com');
        assert.doesNotMatch(JSON.stringify(record.responseElements ?? {}), /secretAccessKey/i);
      }
    });
  });
}
