/**
 * The AWS CLI v1 (`aws` on PATH) and v2 (`/usr/bin/aws`, Debian's awscli; skipped with a message
 * when absent) against a `gatehouse serve` child: a tour of users, groups, roles, policies,
 * versions, access keys, boundaries and tags; OIDC and SAML providers, instance profiles,
 * service-linked roles and account settings; the policy simulator; the CLI paginator; each error as the CLI prints it;
 * and `aws cloudtrail lookup-events`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ACCOUNT_ID, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { CLI_CLIENTS, cli, skipUnlessInstalled } from '../support/aws-cli.js';
import { samlMetadata } from '../../src/services/iam/saml-fixtures.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }] });
const readOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }] });

for (const client of CLI_CLIENTS) {
  describe(`${client.label} against Gatehouse`, { skip: skipUnlessInstalled(client) }, () => {
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
    const { ok, fails } = cli(client, () => server);

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
        "An error occurred (ValidationError) when calling the CreateRole operation: 1 validation error detected: Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200",
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

    it('manages an EKS cluster\'s OIDC provider: create, get, audiences, thumbprints, tags, errors, delete', async () => {
      const url = `https://oidc.eks.us-east-1.amazonaws.com/id/${p.toUpperCase()}D539D4633E53DE1B71EXAMPLE`;
      const arn = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${url.slice('https://'.length)}`;
      // --cli-input-json keeps the CLI v1 from fetching an https:// parameter value as a URL.
      const input = JSON.stringify({ Url: url, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'], Tags: [{ Key: 'cluster', Value: 'demo' }] });
      const created = await ok<{ OpenIDConnectProviderArn: string; Tags: { Key: string }[] }>(['iam', 'create-open-id-connect-provider', '--cli-input-json', input]);
      assert.equal(created.OpenIDConnectProviderArn, arn);
      assert.deepEqual(created.Tags.map((t) => t.Key), ['cluster']);
      await fails(['iam', 'create-open-id-connect-provider', '--cli-input-json', input], `An error occurred (EntityAlreadyExists) when calling the CreateOpenIDConnectProvider operation: Provider with url ${url} already exists.`);
      await fails(
        ['iam', 'create-open-id-connect-provider', '--cli-input-json', JSON.stringify({ Url: 'example.org', ThumbprintList: ['a'.repeat(40)] })],
        'An error occurred (ValidationError) when calling the CreateOpenIDConnectProvider operation: Invalid Open ID Connect Provider URL',
      );
      await ok(['iam', 'add-client-id-to-open-id-connect-provider', '--open-id-connect-provider-arn', arn, '--client-id', 'my-app']);
      await ok(['iam', 'update-open-id-connect-provider-thumbprint', '--open-id-connect-provider-arn', arn, '--thumbprint-list', 'c'.repeat(40), 'd'.repeat(40)]);
      const got = await ok<{ Url: string; ClientIDList: string[]; ThumbprintList: string[] }>(['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', arn]);
      assert.equal(got.Url, url.slice('https://'.length));
      assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com', 'my-app']);
      assert.deepEqual(got.ThumbprintList, ['c'.repeat(40), 'd'.repeat(40)]);
      await ok(['iam', 'untag-open-id-connect-provider', '--open-id-connect-provider-arn', arn, '--tag-keys', 'cluster']);
      await ok(['iam', 'tag-open-id-connect-provider', '--open-id-connect-provider-arn', arn, '--tags', 'Key=team,Value=platform']);
      const tags = await ok<{ Tags: { Key: string; Value: string }[] }>(['iam', 'list-open-id-connect-provider-tags', '--open-id-connect-provider-arn', arn]);
      assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'platform' }]);
      const listed = await ok<{ OpenIDConnectProviderList: { Arn: string }[] }>(['iam', 'list-open-id-connect-providers']);
      assert.ok(listed.OpenIDConnectProviderList.some((e) => e.Arn === arn));
      await ok(['iam', 'delete-open-id-connect-provider', '--open-id-connect-provider-arn', arn]);
      await fails(['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', arn], `An error occurred (NoSuchEntity) when calling the GetOpenIDConnectProvider operation: OpenIDConnect Provider not found for arn ${arn}`);
    });

    it('manages a SAML provider from IdP metadata', async () => {
      const arn = `arn:aws:iam::${ACCOUNT_ID}:saml-provider/Okta-${p}`;
      const created = await ok<{ SAMLProviderArn: string }>(['iam', 'create-saml-provider', '--name', `Okta-${p}`, '--saml-metadata-document', samlMetadata()]);
      assert.equal(created.SAMLProviderArn, arn);
      const got = await ok<{ SAMLMetadataDocument: string; AssertionEncryptionMode?: string; ValidUntil: string }>(['iam', 'get-saml-provider', '--saml-provider-arn', arn]);
      assert.equal(got.SAMLMetadataDocument, samlMetadata());
      assert.match(got.ValidUntil, /^21\d\d-/);
      await ok(['iam', 'update-saml-provider', '--saml-provider-arn', arn, '--saml-metadata-document', samlMetadata({ entityId: 'https://other-idp.example.com' })]);
      const listed = await ok<{ SAMLProviderList: { Arn: string }[] }>(['iam', 'list-saml-providers']);
      assert.ok(listed.SAMLProviderList.some((e) => e.Arn === arn));
      await fails(['iam', 'create-saml-provider', '--name', 'broken', '--saml-metadata-document', `<x>${'y'.repeat(1000)}</x>`], /^An error occurred \(InvalidInput\) when calling the CreateSAMLProvider operation: Could not parse metadata/);
      await ok(['iam', 'delete-saml-provider', '--saml-provider-arn', arn]);
      await fails(['iam', 'get-saml-provider', '--saml-provider-arn', arn], `An error occurred (NoSuchEntity) when calling the GetSAMLProvider operation: Manifest not found for arn ${arn}`);
    });

    it('manages an instance profile and its one role', async () => {
      const ec2Trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      const profile = await ok<{ InstanceProfile: { InstanceProfileId: string; Arn: string; Roles: unknown[] } }>(['iam', 'create-instance-profile', '--instance-profile-name', 'web', '--path', '/app/']);
      assert.match(profile.InstanceProfile.InstanceProfileId, /^AIPA/);
      assert.equal(profile.InstanceProfile.Arn, `arn:aws:iam::${ACCOUNT_ID}:instance-profile/app/web`);
      await ok(['iam', 'create-role', '--role-name', 'web-a', '--assume-role-policy-document', ec2Trust]);
      await ok(['iam', 'create-role', '--role-name', 'web-b', '--assume-role-policy-document', ec2Trust]);
      await ok(['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'web', '--role-name', 'web-a']);
      await fails(['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'web', '--role-name', 'web-b'], 'An error occurred (LimitExceeded) when calling the AddRoleToInstanceProfile operation: Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
      await fails(['iam', 'delete-role', '--role-name', 'web-a'], 'An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, must remove roles from instance profile first.');
      const got = await ok<{ InstanceProfile: { Roles: { RoleName: string; AssumeRolePolicyDocument: unknown }[] } }>(['iam', 'get-instance-profile', '--instance-profile-name', 'web']);
      assert.deepEqual(got.InstanceProfile.Roles.map((r) => r.RoleName), ['web-a']);
      assert.deepEqual(got.InstanceProfile.Roles[0]?.AssumeRolePolicyDocument, JSON.parse(ec2Trust));
      const forRole = await ok<{ InstanceProfiles: { InstanceProfileName: string }[] }>(['iam', 'list-instance-profiles-for-role', '--role-name', 'web-a']);
      assert.deepEqual(forRole.InstanceProfiles.map((x) => x.InstanceProfileName), ['web']);
      await ok(['iam', 'tag-instance-profile', '--instance-profile-name', 'web', '--tags', 'Key=tier,Value=front']);
      assert.deepEqual((await ok<{ Tags: unknown[] }>(['iam', 'list-instance-profile-tags', '--instance-profile-name', 'web'])).Tags, [{ Key: 'tier', Value: 'front' }]);
      await ok(['iam', 'remove-role-from-instance-profile', '--instance-profile-name', 'web', '--role-name', 'web-a']);
      await ok(['iam', 'delete-instance-profile', '--instance-profile-name', 'web']);
      await fails(['iam', 'get-instance-profile', '--instance-profile-name', 'web'], 'An error occurred (NoSuchEntity) when calling the GetInstanceProfile operation: Instance Profile web cannot be found.');
      const all = await ok<{ InstanceProfiles: unknown[] }>(['iam', 'list-instance-profiles']);
      assert.deepEqual(all.InstanceProfiles, []);
    });

    it('creates EKS\'s service-linked role, protects it, and deletes it with a deletion task', async () => {
      const role = await ok<{ Role: { RoleName: string; Path: string } }>(['iam', 'create-service-linked-role', '--aws-service-name', 'eks.amazonaws.com']);
      assert.equal(role.Role.RoleName, 'AWSServiceRoleForAmazonEKS');
      assert.equal(role.Role.Path, '/aws-service-role/eks.amazonaws.com/');
      const attached = await ok<{ AttachedPolicies: { PolicyArn: string }[] }>(['iam', 'list-attached-role-policies', '--role-name', 'AWSServiceRoleForAmazonEKS']);
      assert.deepEqual(attached.AttachedPolicies.map((a) => a.PolicyArn), ['arn:aws:iam::aws:policy/aws-service-role/AmazonEKSServiceRolePolicy']);
      await fails(
        ['iam', 'create-service-linked-role', '--aws-service-name', 'eks.amazonaws.com'],
        'An error occurred (InvalidInput) when calling the CreateServiceLinkedRole operation: Service role name AWSServiceRoleForAmazonEKS has been taken in this account, please try a different suffix.',
      );
      await fails(
        ['iam', 'delete-role', '--role-name', 'AWSServiceRoleForAmazonEKS'],
        "An error occurred (UnmodifiableEntity) when calling the DeleteRole operation: Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonEKS' - this role is only modifiable by AWS",
      );
      const deleted = await ok<{ DeletionTaskId: string }>(['iam', 'delete-service-linked-role', '--role-name', 'AWSServiceRoleForAmazonEKS']);
      assert.match(deleted.DeletionTaskId, /^task\/aws-service-role\/eks\.amazonaws\.com\/AWSServiceRoleForAmazonEKS\//);
      const status = await ok<{ Status: string }>(['iam', 'get-service-linked-role-deletion-status', '--deletion-task-id', deleted.DeletionTaskId]);
      assert.equal(status.Status, 'SUCCEEDED');
    });

    it('sets the account alias and the STS token version', async () => {
      await ok(['iam', 'create-account-alias', '--account-alias', `gatehouse-${p}`]);
      assert.deepEqual((await ok<{ AccountAliases: string[] }>(['iam', 'list-account-aliases'])).AccountAliases, [`gatehouse-${p}`]);
      await fails(['iam', 'create-account-alias', '--account-alias', `gatehouse-${p}`], `An error occurred (EntityAlreadyExists) when calling the CreateAccountAlias operation: The account alias gatehouse-${p} already exists.`);
      await ok(['iam', 'delete-account-alias', '--account-alias', `gatehouse-${p}`]);
      await ok(['iam', 'set-security-token-service-preferences', '--global-endpoint-token-version', 'v2Token']);
      const summary = await ok<{ SummaryMap: { GlobalEndpointTokenVersion: number } }>(['iam', 'get-account-summary']);
      assert.equal(summary.SummaryMap.GlobalEndpointTokenVersion, 2);
    });

    it('centralized root access and outbound federation (operations newer than the CLI v2.9 model)', { skip: p === 'v2' ? 'AWS CLI v2.9 predates these operations' : false }, async () => {
      const org = await ok<{ OrganizationId: string; EnabledFeatures: string[] }>(['iam', 'enable-organizations-root-credentials-management']);
      assert.deepEqual(org.EnabledFeatures, ['RootCredentialsManagement']);
      assert.deepEqual((await ok<{ EnabledFeatures: string[] }>(['iam', 'list-organizations-features'])).EnabledFeatures, ['RootCredentialsManagement']);
      const issuer = await ok<{ IssuerIdentifier: string }>(['iam', 'enable-outbound-web-identity-federation']);
      assert.match(issuer.IssuerIdentifier, /^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$/);
      await fails(['iam', 'enable-outbound-web-identity-federation'], /^An error occurred \(FeatureEnabled\) when calling the EnableOutboundWebIdentityFederation operation: /);
      const info = await ok<{ JwtVendingEnabled: boolean }>(['iam', 'get-outbound-web-identity-federation-info']);
      assert.equal(info.JwtVendingEnabled, true);
    });

    it('simulates policies: simulate-custom-policy and simulate-principal-policy as the CLI reference shows, the paginator, the context keys and the errors', async () => {
      const dated = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
      // The CLI reference's example, answered as it prints it (plus SourcePolicyType, which AWS now returns).
      const custom = await ok<{ EvaluationResults: unknown[] }>([
        'iam', 'simulate-custom-policy', '--policy-input-list', dated, '--action-names', 'dynamodb:CreateBackup',
        '--context-entries', "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date",
      ]);
      assert.deepEqual(custom.EvaluationResults, [
        {
          EvalActionName: 'dynamodb:CreateBackup',
          EvalResourceName: '*',
          EvalDecision: 'allowed',
          MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 167 } }],
          MissingContextValues: [],
        },
      ]);
      await ok(['iam', 'create-user', '--user-name', 'alejandro']);
      await ok(['iam', 'put-user-policy', '--user-name', 'alejandro', '--policy-name', 'Grant-Access-To-CodeCommit-ListRepo', '--policy-document',
        '{\n    "Version": "2012-10-17",\n    "Statement": [\n        {\n            "Effect": "Allow",\n            "Action": "codecommit:ListRepositories",\n            "Resource": "*"\n        }\n    ]\n}']);
      const principal = await ok<{ EvaluationResults: { EvalDecision: string; MatchedStatements: unknown[] }[] }>([
        'iam', 'simulate-principal-policy', '--policy-source-arn', `arn:aws:iam::${ACCOUNT_ID}:user/alejandro`, '--action-names', 'codecommit:ListRepositories',
      ]);
      assert.equal(principal.EvaluationResults[0]?.EvalDecision, 'allowed');
      assert.deepEqual(principal.EvaluationResults[0]?.MatchedStatements, [
        { SourcePolicyId: 'Grant-Access-To-CodeCommit-ListRepo', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 3, Column: 19 }, EndPosition: { Line: 8, Column: 10 } },
      ]);
      // The CLI paginator follows Marker across pages.
      const paged = await ok<{ EvaluationResults: { EvalActionName: string }[] }>([
        'iam', 'simulate-custom-policy', '--policy-input-list', dated, '--action-names', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', '--page-size', '1',
      ]);
      assert.deepEqual(paged.EvaluationResults.map((r) => r.EvalActionName), ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
      const keys = await ok<{ ContextKeyNames: string[] }>([
        'iam', 'get-context-keys-for-custom-policy', '--policy-input-list',
        '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}',
      ]);
      assert.deepEqual(keys.ContextKeyNames, ['aws:username', 'aws:CurrentTime']);
      const principalKeys = await ok<{ ContextKeyNames?: string[] }>(['iam', 'get-context-keys-for-principal-policy', '--policy-source-arn', `arn:aws:iam::${ACCOUNT_ID}:user/alejandro`]);
      assert.deepEqual(principalKeys.ContextKeyNames ?? [], []);
      await fails(
        ['iam', 'simulate-principal-policy', '--policy-source-arn', `arn:aws:sts::${ACCOUNT_ID}:assumed-role/u-admin/botocore-session-0987654321`, '--action-names', 's3:GetObject'],
        `An error occurred (InvalidInput) when calling the SimulatePrincipalPolicy operation: Invalid Entity Arn: arn:aws:sts::${ACCOUNT_ID}:assumed-role/u-admin/botocore-session-0987654321 does not clearly define entity type and name.`,
      );
      await fails(
        ['iam', 'simulate-principal-policy', '--policy-source-arn', `arn:aws:iam::${ACCOUNT_ID}:role/DeveloperRole`, '--action-names', 's3:GetObject'],
        'An error occurred (NoSuchEntity) when calling the SimulatePrincipalPolicy operation: The role with name DeveloperRole cannot be found.',
      );
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
