/**
 * AssumeRole across accounts of an organization, end to end through the AWS SDK for JavaScript v3:
 * the management account creates a member account with Organizations, an administrator of it (an
 * IAM user: AWS lets no root user assume a role) assumes the member's
 * OrganizationAccountAccessRole (by AssumeRoleCommand and by a shared-config profile with
 * `role_arn` + `source_profile`, as users set it up), and acts inside the member account; SCPs on
 * the member account limit that session with AWS's message; and a member-account role trusting a
 * management-account role needs both sides' policies: the trust policy in the member account and
 * the caller's own identity policy in the management account.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
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
} from '@aws-sdk/client-organizations';
import { CreateRoleCommand, CreateUserCommand, GetUserCommand, ListUsersCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, type Credentials } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ACCOUNT_ID, createUserWithKey, memberRootCredentials, startFixture, stsClient, type GatehouseFixture, type UserCredentials } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

function creds(c: Credentials | undefined): AwsCredentialIdentity {
  assert.ok(c?.AccessKeyId !== undefined && c.SecretAccessKey !== undefined && c.SessionToken !== undefined);
  assert.match(c.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

describe('AssumeRole across the accounts of an organization', () => {
  let gh: GatehouseFixture;
  let memberId: string;
  let rootId: string;
  let accessRole: string;
  let member: AwsCredentialIdentity;
  /** An IAM user of the management account allowed everything. */
  let admin: UserCredentials;

  const sts = (c: AwsCredentialIdentity) => stsClient(gh.url, c);

  before(async () => {
    gh = await startFixture();
    const org = gh.organizations;
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const request = (await org.send(new CreateAccountCommand({ AccountName: 'workloads', Email: 'workloads@example.com' }))).CreateAccountStatus!.Id!;
    memberId = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request }))).CreateAccountStatus!.AccountId!;
    accessRole = `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`;
    member = await memberRootCredentials(gh.server.credentialsFile, memberId);
    admin = await createUserWithKey(gh.iam, 'org-admin');
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'org-admin', PolicyName: 'all', PolicyDocument: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
  });
  after(() => gh.close());

  it('lets the management account assume OrganizationAccountAccessRole and act inside the member account', async () => {
    await rejectsWithAws(sts(gh.root).send(new AssumeRoleCommand({ RoleArn: accessRole, RoleSessionName: 'admin' })), { code: 'AccessDenied', message: 'Roles may not be assumed by root accounts.', status: 403 });
    const assumed = await sts(admin).send(new AssumeRoleCommand({ RoleArn: accessRole, RoleSessionName: 'admin' }));
    assert.equal(assumed.AssumedRoleUser?.Arn, `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/admin`);
    assert.match(assumed.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]{17}:admin$/);
    const session = creds(assumed.Credentials);
    const me = await sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, memberId);
    assert.equal(me.Arn, `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/admin`);
    const created = await gh.iamAs(session).send(new CreateUserCommand({ UserName: 'made-by-admin' }));
    assert.equal(created.User?.Arn, `arn:aws:iam::${memberId}:user/made-by-admin`);
    // The user is in the member account, not in the management account.
    const memberUsers = await gh.iamAs(member).send(new ListUsersCommand({}));
    assert.ok(memberUsers.Users?.some((u) => u.UserName === 'made-by-admin'));
    const managementUsers = await gh.iam.send(new ListUsersCommand({}));
    assert.ok(!(managementUsers.Users ?? []).some((u) => u.UserName === 'made-by-admin'));
  });

  it('assumes the role from a shared-config profile with role_arn and source_profile', async () => {
    const config = join(gh.dataDir, 'client-config');
    const credentials = join(gh.dataDir, 'client-credentials');
    writeFileSync(credentials, `[admin]\naws_access_key_id = ${admin.accessKeyId}\naws_secret_access_key = ${admin.secretAccessKey}\n`);
    writeFileSync(config, `[profile member-admin]\nrole_arn = ${accessRole}\nsource_profile = admin\nrole_session_name = from-profile\nregion = us-east-1\n`);
    const provider = fromIni({ profile: 'member-admin', filepath: credentials, configFilepath: config, ignoreCache: true, clientConfig: { endpoint: gh.url, region: 'us-east-1' } });
    const session = await provider();
    assert.match(session.accessKeyId, /^ASIA/);
    const got = await gh.iamAs(session).send(new GetUserCommand({ UserName: 'made-by-admin' }));
    assert.equal(got.User?.Arn, `arn:aws:iam::${memberId}:user/made-by-admin`);
    const me = await sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/from-profile`);
  });

  it("limits the assumed session by the member account's SCPs, with AWS's message, until the SCP is detached", async () => {
    const org = gh.organizations;
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const scp = (
      await org.send(new CreatePolicyCommand({ Name: 'NoUsers', Description: 'no IAM users', Type: 'SERVICE_CONTROL_POLICY', Content: policyDocument({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }) }))
    ).Policy!.PolicySummary!.Id!;
    await org.send(new AttachPolicyCommand({ PolicyId: scp, TargetId: memberId }));
    const session = creds((await sts(admin).send(new AssumeRoleCommand({ RoleArn: accessRole, RoleSessionName: 'limited' }))).Credentials);
    await rejectsWithAws(gh.iamAs(session).send(new CreateUserCommand({ UserName: 'blocked' })), {
      code: 'AccessDenied',
      message: `User: arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/limited is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${memberId}:user/blocked with an explicit deny in a service control policy`,
      status: 403,
    });
    // What the SCP does not deny, the role's administrator policy still allows.
    await gh.iamAs(session).send(new GetUserCommand({ UserName: 'made-by-admin' }));
    // The management account itself is not limited by the member's SCP.
    await gh.iam.send(new CreateUserCommand({ UserName: 'management-side' }));
    await org.send(new DetachPolicyCommand({ PolicyId: scp, TargetId: memberId }));
    const made = await gh.iamAs(session).send(new CreateUserCommand({ UserName: 'blocked' }));
    assert.equal(made.User?.Arn, `arn:aws:iam::${memberId}:user/blocked`);
  });

  it('needs both sides for a member role trusting a management role: its trust policy and the caller\'s identity policy', async () => {
    // The management account: a deployer role its root may assume, with no permissions yet.
    await gh.iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }) }));
    const deployerArn = `arn:aws:iam::${ACCOUNT_ID}:role/deployer`;
    // The member account: a target role trusting exactly the management account's deployer role.
    const memberIam = gh.iamAs(member);
    await memberIam.send(new CreateRoleCommand({ RoleName: 'target', AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: deployerArn }, Action: 'sts:AssumeRole' }) }));
    await memberIam.send(new PutRolePolicyCommand({ RoleName: 'target', PolicyName: 'read-users', PolicyDocument: policyDocument({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers'], Resource: '*' }) }));
    // Another member role that trusts someone else.
    await memberIam.send(new CreateRoleCommand({ RoleName: 'elsewhere', AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/someone-else` }, Action: 'sts:AssumeRole' }) }));
    const targetArn = `arn:aws:iam::${memberId}:role/target`;
    const elsewhereArn = `arn:aws:iam::${memberId}:role/elsewhere`;

    const deployer = async (name: string): Promise<AwsCredentialIdentity> => creds((await sts(admin).send(new AssumeRoleCommand({ RoleArn: deployerArn, RoleSessionName: name }))).Credentials);
    const caller = (name: string): string => `arn:aws:sts::${ACCOUNT_ID}:assumed-role/deployer/${name}`;

    // The trust policy names the caller, but the caller's own account gives it no sts:AssumeRole.
    const bare = await deployer('bare');
    await rejectsWithAws(sts(bare).send(new AssumeRoleCommand({ RoleArn: targetArn, RoleSessionName: 'xx' })), {
      code: 'AccessDenied',
      message: `User: ${caller('bare')} is not authorized to perform: sts:AssumeRole on resource: ${targetArn} because no identity-based policy allows the sts:AssumeRole action`,
      status: 403,
    });

    await gh.iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'assume-member', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${memberId}:role/*` }) }));
    const allowed = await deployer('allowed');
    // The caller's policy allows, but the role's trust policy names someone else.
    await rejectsWithAws(sts(allowed).send(new AssumeRoleCommand({ RoleArn: elsewhereArn, RoleSessionName: 'xx' })), {
      code: 'AccessDenied',
      message: `User: ${caller('allowed')} is not authorized to perform: sts:AssumeRole on resource: ${elsewhereArn} because no role trust policy allows the sts:AssumeRole action`,
      status: 403,
    });
    // Both sides allow: the chained session acts in the member account with the target role's permissions only.
    const assumed = await sts(allowed).send(new AssumeRoleCommand({ RoleArn: targetArn, RoleSessionName: 'deploy' }));
    assert.equal(assumed.AssumedRoleUser?.Arn, `arn:aws:sts::${memberId}:assumed-role/target/deploy`);
    const target = creds(assumed.Credentials);
    const users = await gh.iamAs(target).send(new ListUsersCommand({}));
    assert.ok(users.Users?.some((u) => u.UserName === 'made-by-admin'));
    await rejectsWithAws(gh.iamAs(target).send(new CreateUserCommand({ UserName: 'not-allowed' })), {
      code: 'AccessDenied',
      message: `User: arn:aws:sts::${memberId}:assumed-role/target/deploy is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${memberId}:user/not-allowed because no identity-based policy allows the iam:CreateUser action`,
      status: 403,
    });
    // Role chaining: at most one hour.
    await rejectsWithAws(sts(allowed).send(new AssumeRoleCommand({ RoleArn: targetArn, RoleSessionName: 'long', DurationSeconds: 7200 })), {
      code: 'ValidationError',
      message: /DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining\./,
      status: 400,
    });
  });
});
