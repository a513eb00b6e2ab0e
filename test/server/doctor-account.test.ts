/**
 * `gatehouse doctor` against Gatehouse, end to end: each failure is produced through a real client
 * (the AWS SDK for JavaScript v3, printed as a program would print it with `console.error`, or the
 * AWS CLI v1/v2 where installed), the printed text is fed to the doctor, and the diagnosis must
 * name the catalogue entry — and, with access to the account (read-only calls through the SDK,
 * the same code path as a real account), the cause that actually holds.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateVirtualMFADeviceCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteVirtualMFADeviceCommand,
  ListUsersCommand,
  ListRolesCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  CreateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand as CreateOrganizationPolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ACCOUNT_ID, createUserWithKey, memberRootCredentials, startFixture, stsClient, type GatehouseFixture, type ServerProcess, type UserCredentials } from '../support/gatehouse-fixture.js';
import { policyDocument } from '../support/aws-assertions.js';
import { CLI_CLIENTS, cli, skipUnlessInstalled } from '../support/aws-cli.js';
import { runDoctor } from '../../src/cli/doctor-command.js';
import type { Diagnosis } from '../../src/doctor/diagnosis.js';

type Recognised = Extract<Diagnosis, { recognised: true }>;

let gh: GatehouseFixture;
let now = new Date();

/** What a program prints for an SDK error it does not catch: `console.error(err)`. */
async function printed(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return inspect(err, { depth: 4 });
  }
  assert.fail('the request succeeded');
}

/** The doctor, with account access to the fixture as the root user. */
async function doctor(text: string, extra: Record<string, string> = {}): Promise<Recognised> {
  const { diagnosis } = await runDoctor(text, { endpoint: gh.url, credentials: gh.root, json: true, ...extra });
  assert.ok(diagnosis.recognised, `not recognised: ${text}`);
  return diagnosis;
}

const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
const allowAll = policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' });

async function user(name: string, inline?: string): Promise<UserCredentials> {
  const u = await createUserWithKey(gh.iam, name);
  if (inline !== undefined) await gh.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: inline }));
  return u;
}

function iamAs(c: AwsCredentialIdentity): IAMClient {
  return gh.iamAs(c);
}

function stsAs(c: AwsCredentialIdentity): STSClient {
  return stsClient(gh.url, c);
}

describe('doctor against Gatehouse through real clients', () => {
  before(async () => {
    gh = await startFixture({ clock: () => now });
  });
  after(async () => {
    await gh.close();
  });

  it('E21: no identity-based policy allows — the engine agrees and names the fix', async () => {
    const u = await user('plain');
    const text = await printed(iamAs(u).send(new ListUsersCommand({})));
    const d = await doctor(text);
    assert.equal(d.catalogueId, 'E21');
    assert.equal(d.client, 'js-sdk');
    assert.equal(d.fields.principal, u.arn);
    assert.equal(d.fields.action, 'iam:ListUsers');
    assert.equal(d.account?.engine?.decision, 'ImplicitDeny');
    assert.equal(d.account?.engine?.catalogueId, 'E21');
    assert.match(d.account?.engine?.fix ?? '', /"Action":"iam:ListUsers"/);
    assert.ok(d.account?.calls.some((c) => c.operation === 'GetAccountAuthorizationDetails' && c.outcome === 'ok'));
    assert.ok(d.account?.calls.every((c) => /^(Get|List|Describe)/.test(c.operation)), 'read-only calls only');
  });

  it('E22: an explicit deny in an identity-based policy — the deciding statement is named', async () => {
    const u = await user('denied', policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'NoListing', Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' }));
    const d = await doctor(await printed(iamAs(u).send(new ListRolesCommand({}))));
    assert.equal(d.catalogueId, 'E22');
    assert.equal(d.account?.engine?.decision, 'ExplicitDeny');
    assert.deepEqual(d.account?.engine?.deciding.map((s) => s.statement), ['NoListing']);
    assert.match(d.account?.cause ?? '', /NoListing/);
  });

  it('E13 and E14: a permissions boundary that does not allow, or denies', async () => {
    const narrow = await gh.iam.send(new CreatePolicyCommand({ PolicyName: 'only-get-user', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }));
    const u = await user('bounded', allowAll);
    await gh.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: narrow.Policy!.Arn! }));
    const d = await doctor(await printed(iamAs(u).send(new ListUsersCommand({}))));
    assert.equal(d.catalogueId, 'E13');
    assert.equal(d.account?.engine?.catalogueId, 'E13');
    assert.ok(d.related.includes('F12'));
    const denying = await gh.iam.send(new CreatePolicyCommand({ PolicyName: 'deny-roles', PolicyDocument: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'BoundaryDeny', Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' }) }));
    const v = await user('bounded2', allowAll);
    await gh.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded2', PermissionsBoundary: denying.Policy!.Arn! }));
    const e = await doctor(await printed(iamAs(v).send(new ListRolesCommand({}))));
    assert.equal(e.catalogueId, 'E14');
    assert.deepEqual(e.account?.engine?.deciding.map((s) => s.statement), ['BoundaryDeny']);
  });

  it('E19 and F08: AssumeRole refused by the trust policy; an MFA condition is shown as what almost applied', async () => {
    await gh.iam.send(new CreateRoleCommand({ RoleName: 'mfa-only', AssumeRolePolicyDocument: policyDocument({ Sid: 'NeedsMfa', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) }));
    const u = await user('assumer', policyDocument({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }));
    const d = await doctor(await printed(stsAs(u).send(new AssumeRoleCommand({ RoleArn: roleArn('mfa-only'), RoleSessionName: 'sess' }))));
    assert.equal(d.catalogueId, 'E19');
    assert.equal(d.fields.roleArn, roleArn('mfa-only'));
    assert.equal(d.account?.engine?.catalogueId, 'E19');
    assert.match(d.account?.engine?.summary ?? '', /MultiFactorAuthPresent/);
    assert.ok(d.related.includes('F08'));
  });

  it('E19: a role that does not exist is refused as its trust policy refuses; the doctor finds the role missing', async () => {
    const u = await user('seeker', allowAll);
    const d = await doctor(await printed(stsAs(u).send(new AssumeRoleCommand({ RoleArn: roleArn('Admin'), RoleSessionName: 'sess' }))));
    assert.equal(d.catalogueId, 'E19');
    assert.ok(d.checks.some((c) => c.check === 'role-exists' && c.status === 'holds' && /does not exist/.test(c.detail)), JSON.stringify(d.checks));
  });

  it('E20: an explicit deny in the role trust policy', async () => {
    await gh.iam.send(
      new CreateRoleCommand({
        RoleName: 'no-bob',
        AssumeRolePolicyDocument: policyDocument(
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' },
          { Sid: 'NotBob', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:user/bob` }, Action: 'sts:AssumeRole' },
        ),
      }),
    );
    const bob = await user('bob', allowAll);
    const d = await doctor(await printed(stsAs(bob).send(new AssumeRoleCommand({ RoleArn: roleArn('no-bob'), RoleSessionName: 'sess' }))));
    assert.equal(d.catalogueId, 'E20');
    assert.deepEqual(d.account?.engine?.deciding.map((s) => s.statement), ['NotBob']);
  });

  it('E15 and E16: session policies limit a role session; the doctor says it cannot read them back', async () => {
    await gh.iam.send(new CreateRoleCommand({ RoleName: 'wide', AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }) }));
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'assumer', PolicyName: 'q', PolicyDocument: allowAll }));
    const u = (await gh.iam.send(new CreateAccessKeyCommand({ UserName: 'assumer' }))).AccessKey!;
    const assumer = { accessKeyId: u.AccessKeyId!, secretAccessKey: u.SecretAccessKey! };
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'assumer', PolicyName: 'p', PolicyDocument: allowAll }));
    const implicit = await stsAs(assumer).send(new AssumeRoleCommand({ RoleArn: roleArn('wide'), RoleSessionName: 'narrow', Policy: policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }));
    const c = implicit.Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'assumer', PolicyName: 'p', PolicyDocument: allowAll }));
    // The role itself has no policy: allow it all so only the session policy limits.
    await gh.iam.send(new (await import('@aws-sdk/client-iam')).PutRolePolicyCommand({ RoleName: 'wide', PolicyName: 'all', PolicyDocument: allowAll }));
    const d = await doctor(await printed(iamAs(session).send(new ListUsersCommand({}))));
    assert.equal(d.catalogueId, 'E15');
    assert.equal(d.account?.engine?.decision, 'Allow', 'without the session policy the role may list users');
    assert.ok(d.checks.some((k) => k.check === 'session-policy' && k.status === 'gap'));
    const explicit = await stsAs(assumer).send(new AssumeRoleCommand({ RoleArn: roleArn('wide'), RoleSessionName: 'deny', Policy: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' }) }));
    const e = explicit.Credentials!;
    const text = await printed(iamAs({ accessKeyId: e.AccessKeyId!, secretAccessKey: e.SecretAccessKey!, sessionToken: e.SessionToken! }).send(new ListUsersCommand({})));
    assert.equal((await doctor(text)).catalogueId, 'E16');
  });

  it('E03: iam:PassRole refused (AddRoleToInstanceProfile); the engine names the missing identity-based Allow', async () => {
    await gh.iam.send(new CreateRoleCommand({ RoleName: 'web-role', AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) }));
    await gh.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
    const u = await user('no-pass', policyDocument({ Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' }));
    const d = await doctor(await printed(iamAs(u).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web-role' }))));
    assert.equal(d.catalogueId, 'E03');
    assert.equal(d.fields.action, 'iam:PassRole');
    assert.equal(d.account?.engine?.catalogueId, 'E21');
  });

  it('F15: a third access key; the doctor counts the user\'s keys', async () => {
    await user('keys');
    await gh.iam.send(new CreateAccessKeyCommand({ UserName: 'keys' }));
    const d = await doctor(await printed(gh.iam.send(new CreateAccessKeyCommand({ UserName: 'keys' }))), { user: 'keys' });
    assert.equal(d.catalogueId, 'F15');
    assert.equal(d.checks[0]?.status, 'holds');
    assert.match(d.account?.cause ?? '', /keys already has the maximum of two access keys/);
  });

  it('F07: a session longer than the role allows; the doctor reads its maximum', async () => {
    await gh.iam.send(new CreateRoleCommand({ RoleName: 'short', MaxSessionDuration: 3600, AssumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }) }));
    // Roles are not assumed by root (AWS refuses it): an administrator of the account asks.
    const admin = await user('f07-admin', allowAll);
    const text = await printed(stsAs(admin).send(new AssumeRoleCommand({ RoleArn: roleArn('short'), RoleSessionName: 'sess', DurationSeconds: 43200 })));
    const d = await doctor(text, { roleArn: roleArn('short') });
    assert.equal(d.catalogueId, 'F07');
    assert.match(d.checks[0]?.detail ?? '', /at most 3600 s/);
  });

  it('F10 and S04: an expired session token, a wrong secret, an unknown key', async () => {
    const u = await user('temp', allowAll);
    const s = (await stsAs(u).send(new AssumeRoleCommand({ RoleArn: roleArn('wide'), RoleSessionName: 'xx', DurationSeconds: 900 }))).Credentials!;
    const saved = now;
    now = new Date(saved.getTime() + 3_600_000);
    let expiredText: string;
    try {
      // The SDK signs with the moved clock too (systemClockOffset), so only the token is stale.
      const { IAMClient } = await import('@aws-sdk/client-iam');
      const client = new IAMClient({ endpoint: gh.url, region: 'us-east-1', maxAttempts: 1, systemClockOffset: 3_600_000, credentials: { accessKeyId: s.AccessKeyId!, secretAccessKey: s.SecretAccessKey!, sessionToken: s.SessionToken! } });
      expiredText = await printed(client.send(new ListUsersCommand({})));
      client.destroy();
    } finally {
      now = saved;
    }
    const expired = await doctor(expiredText);
    assert.equal(expired.catalogueId, 'F10');
    assert.match(expiredText, /ExpiredToken/);
    const wrong = await doctor(await printed(stsAs({ accessKeyId: u.accessKeyId, secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({}))));
    assert.equal(wrong.catalogueId, 'F10');
    const unknown = await doctor(await printed(stsAs({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({}))));
    assert.equal(unknown.catalogueId, 'S04');
    assert.equal(unknown.checks[0]?.status, 'info', 'the caller-identity check runs with the doctor\'s own credentials');
  });

  it('E04: STS signed for the wrong region at the global endpoint', async () => {
    const client = stsClient(gh.url, gh.root, 'us-west-2');
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers.host = 'sts.amazonaws.com';
        return next(args);
      },
      { step: 'build', name: 'globalHost' },
    );
    const text = await printed(client.send(new GetCallerIdentityCommand({})));
    client.destroy();
    const { diagnosis } = await runDoctor(text, { json: true });
    assert.ok(diagnosis.recognised);
    assert.equal(diagnosis.catalogueId, 'E04');
  });

  it('E07 and E06: the OIDC provider\'s audiences and existence are read from the account', async () => {
    const issuer = 'https://oidc.eks.eu-west-1.amazonaws.com/id/5C3E9A1B2D4F6A8B0C1D2E3F4A5B6C7D';
    const created = await gh.iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['other-audience'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'] }));
    const aud = await doctor('An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience', { issuer });
    assert.equal(aud.catalogueId, 'E07');
    assert.equal(aud.checks[0]?.status, 'holds');
    assert.match(aud.account?.cause ?? '', /does not include sts\.amazonaws\.com/);
    assert.deepEqual(aud.account?.calls.map((c) => `${c.service}:${c.operation}`), ['iam:ListOpenIDConnectProviders', 'iam:GetOpenIDConnectProvider']);
    const other = 'https://oidc.eks.us-east-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
    const missing = await doctor(`An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for ${other}`);
    assert.equal(missing.catalogueId, 'E06');
    assert.equal(missing.checks[0]?.status, 'holds');
    const present = await doctor(`No OpenIDConnect provider found in your account for ${issuer}`);
    assert.equal(present.checks[0]?.status, 'does-not-hold');
    await gh.iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn }));
  });

  it('E26: the self-manage policy refuses deleting a device without MFA; a leftover unassigned virtual MFA device is found', async () => {
    // The guide's self-manage policy: deleting one's own device needs MFA.
    const diego = await user(
      'Diego',
      policyDocument(
        { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'], Resource: `arn:aws:iam::${ACCOUNT_ID}:mfa/\${aws:username}` },
        { Sid: 'BlockMostAccessUnlessSignedInWithMFA', Effect: 'Deny', NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      ),
    );
    await iamAs(diego).send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'Diego' }));
    const text = await printed(iamAs(diego).send(new DeleteVirtualMFADeviceCommand({ SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/Diego` })));
    const d = await doctor(text);
    assert.equal(d.catalogueId, 'E26');
    assert.equal(d.checks[0]?.status, 'holds');
    assert.match(d.account?.cause ?? '', /mfa\/Diego/);
  });

  it('reports a call the credentials may not make as a gap in the evidence, not a failure', async () => {
    const reader = await user('reader-without-gaad', policyDocument({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }));
    const { diagnosis } = await runDoctor(`User: arn:aws:iam::${ACCOUNT_ID}:user/plain is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT_ID}:user/ because no identity-based policy allows the iam:ListUsers action`, {
      endpoint: gh.url,
      credentials: reader,
      json: true,
    });
    assert.ok(diagnosis.recognised);
    assert.equal(diagnosis.catalogueId, 'E21');
    const gap = diagnosis.checks.find((c) => c.status === 'gap');
    assert.ok(gap !== undefined, JSON.stringify(diagnosis.checks));
    assert.match(gap.detail, /may not call iam:GetAccountAuthorizationDetails/);
    assert.equal(diagnosis.account?.engine, null);
  });

  it('E10: an SCP denies a member account\'s user; from the member account SCPs cannot be read, a gap', async () => {
    const org = gh.organizations;
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const request = (await org.send(new CreateAccountCommand({ AccountName: 'member', Email: 'member@example.com' }))).CreateAccountStatus!.Id!;
    const memberId = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request }))).CreateAccountStatus!.AccountId!;
    const memberRoot = await memberRootCredentials(gh.server.credentialsFile, memberId);
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const scp = await org.send(new CreateOrganizationPolicyCommand({ Name: 'DenyCreateUser', Description: 'No IAM users', Type: 'SERVICE_CONTROL_POLICY', Content: policyDocument({ Sid: 'NoUsers', Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }) }));
    const member = gh.iamAs(memberRoot);
    const admin = await createUserWithKey(member, 'admin');
    await member.send(new PutUserPolicyCommand({ UserName: 'admin', PolicyName: 'all', PolicyDocument: allowAll }));
    await org.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: memberId }));
    const text = await printed(iamAs(admin).send(new CreateUserCommand({ UserName: 'other' })));
    const { diagnosis } = await runDoctor(text, { endpoint: gh.url, credentials: memberRoot, json: true });
    assert.ok(diagnosis.recognised);
    assert.equal(diagnosis.catalogueId, 'E10');
    assert.equal(diagnosis.fields.principalAccount, memberId);
    const scps = diagnosis.checks.find((c) => c.check === 'organization-policies');
    assert.equal(scps?.status, 'gap', JSON.stringify(diagnosis.checks));
    // What could be read allows it: the SCP the message names is what the evidence lacks.
    assert.equal(diagnosis.account?.engine?.decision, 'Allow');
    // From the management account the member's SCPs are readable, though the member's users are not.
    const fromManagement = await doctor(text);
    assert.ok(fromManagement.checks.some((c) => c.check === 'principal-policies' && c.status === 'gap'));
  });

  for (const client of CLI_CLIENTS) {
    describe(`${client.label}: the printed error, diagnosed`, { skip: skipUnlessInstalled(client) }, () => {
      const run = cli(client, () => ({ url: gh.url, credentialsFile: gh.server.credentialsFile }) as unknown as ServerProcess);
      it('E21, E19 and F15 as the CLI prints them', async () => {
        const u = await user(`cli-${client.label.endsWith('v2') ? 'v2' : 'v1'}`);
        const denied = await run.run(['iam', 'list-users'], u);
        assert.notEqual(denied.code, 0);
        const d = await doctor(denied.stderr);
        assert.equal(d.client, 'aws-cli');
        assert.equal(d.catalogueId, 'E21');
        assert.equal(d.fields.operation, 'ListUsers');
        assert.equal(d.account?.engine?.catalogueId, 'E21');
        const assume = await run.run(['sts', 'assume-role', '--role-arn', roleArn('mfa-only'), '--role-session-name', 'sess'], u);
        const e = await doctor(assume.stderr);
        assert.equal(e.catalogueId, assume.stderr.includes('role trust policy') ? 'E19' : 'E21');
        await run.run(['iam', 'create-access-key', '--user-name', u.userName]);
        const third = await run.run(['iam', 'create-access-key', '--user-name', u.userName]);
        assert.equal((await doctor(third.stderr)).catalogueId, 'F15');
      });
    });
  }
});
