/**
 * The catalogue entries beyond EKS that a real client can produce against Gatehouse and the
 * doctor-account suite does not already produce: iam:PassRole on a service-linked role from an
 * assumed-role session (E27, boto3's uncaught ClientError), and the symptom entries whose printed
 * text is another entry's message — a session policy (F09: E15's text), a permissions boundary
 * (F12: E13's text), a policy variable matched literally (F13: E21's text), a change not yet
 * visible (F14: E21's text). The doctor, with access to the account, must name the message's
 * entry and show the symptom entry's cause in its evidence.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, cleanEnv, createUserWithKey, startFixture, type GatehouseFixture, type UserCredentials } from '../support/gatehouse-fixture.js';
import { runAwsCli } from '../support/aws-cli-driver.js';
import { CLI_CLIENTS } from '../support/aws-cli.js';
import { policyDocument } from '../support/aws-assertions.js';
import { runDoctor } from '../../src/cli/doctor-command.js';
import type { Diagnosis } from '../../src/doctor/diagnosis.js';

type Recognised = Extract<Diagnosis, { recognised: true }>;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const AWS_V1 = CLI_CLIENTS[0]!;
const allowAll = policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' });
const trustAccount = policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' });

type Keys = { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };

/** The AWS CLI v1 (in-process driver) against `url`, signed with `keys`. */
function aws(url: string, args: readonly string[], keys: Keys): Promise<Run> {
  return runAwsCli(
    AWS_V1.bin!,
    [...args, '--endpoint-url', url, '--output', 'json'],
    cleanEnv({
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      ...(keys.sessionToken !== undefined ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}),
    }),
  );
}

async function doctorOf(gh: GatehouseFixture, text: string): Promise<Recognised> {
  const { diagnosis } = await runDoctor(text, { endpoint: gh.url, credentials: gh.root, json: true });
  assert.ok(diagnosis.recognised, `not recognised: ${text}`);
  return diagnosis;
}

async function sessionOf(gh: GatehouseFixture, as: Keys, roleArn: string, name: string, policy?: string): Promise<Keys & { arn: string }> {
  const r = await aws(gh.url, ['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', name, ...(policy !== undefined ? ['--policy', policy] : [])], as);
  assert.equal(r.code, 0, r.stderr);
  const c = JSON.parse(r.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; AssumedRoleUser: { Arn: string } };
  return { accessKeyId: c.Credentials.AccessKeyId, secretAccessKey: c.Credentials.SecretAccessKey, sessionToken: c.Credentials.SessionToken, arn: c.AssumedRoleUser.Arn };
}

void describe('doctor on entries beyond EKS, through real clients', { skip: AWS_V1.bin === undefined ? 'the AWS CLI v1 is not installed' : false }, () => {
  let gh: GatehouseFixture;
  let admin: UserCredentials;
  const doctor = (text: string): Promise<Recognised> => doctorOf(gh, text);

  before(async () => {
    gh = await startFixture();
    admin = await createUserWithKey(gh.iam, 'admin');
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'admin', PolicyName: 'all', PolicyDocument: allowAll }));
  });
  after(async () => {
    await gh.close();
  });

  void it('E27: boto3\'s uncaught ClientError for iam:PassRole of the Auto Scaling service-linked role from an assumed-role session', async () => {
    const slr = await gh.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' }));
    assert.equal(slr.Role?.Arn, `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`);
    await gh.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'asg' }));
    await gh.iam.send(new CreateRoleCommand({ RoleName: 'Testrole', AssumeRolePolicyDocument: trustAccount }));
    await gh.iam.send(new PutRolePolicyCommand({ RoleName: 'Testrole', PolicyName: 'profiles', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' }) }));
    const script = String.raw`
import sys, boto3
sts = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1')
c = sts.assume_role(RoleArn=sys.argv[2], RoleSessionName='Diego')['Credentials']
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
iam.add_role_to_instance_profile(InstanceProfileName='asg', RoleName='AWSServiceRoleForAutoScaling')
`;
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: admin.accessKeyId, AWS_SECRET_ACCESS_KEY: admin.secretAccessKey, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });
    const r = await new Promise<Run>((done) => {
      execFile('python3', ['-c', script, gh.url, `arn:aws:iam::${ACCOUNT_ID}:role/Testrole`], { env, timeout: 60_000 }, (err, stdout, stderr) => done({ code: err === null ? 0 : 1, stdout, stderr }));
    });
    assert.notEqual(r.code, 0);
    // The traceback ends with the line the catalogue quotes, as a user pastes it whole.
    assert.match(
      r.stderr,
      new RegExp(
        `ClientError: An error occurred \\(AccessDenied\\) when calling the AddRoleToInstanceProfile operation: User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/Testrole/Diego is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/autoscaling\\.amazonaws\\.com/AWSServiceRoleForAutoScaling`,
      ),
    );
    const d = await doctor(r.stderr);
    assert.equal(d.catalogueId, 'E27');
    assert.equal(d.client, 'boto3');
    assert.equal(d.fields.principal, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/Testrole/Diego`);
    assert.equal(d.fields.action, 'iam:PassRole');
    assert.equal(d.account?.engine?.decision, 'ImplicitDeny');
    assert.equal(d.account?.engine?.catalogueId, 'E21');
    assert.match(d.account?.engine?.fix ?? '', /"Action":"iam:PassRole"/);
    assert.ok(d.related.includes('E03'));
  });

  void it('F09 (E15\'s text): the role allows the action but the session policy does not; the engine allows it without the session policy, which no API reads back', async () => {
    await gh.iam.send(new CreateRoleCommand({ RoleName: 'wide', AssumeRolePolicyDocument: trustAccount }));
    await gh.iam.send(new PutRolePolicyCommand({ RoleName: 'wide', PolicyName: 'all', PolicyDocument: allowAll }));
    const s = await sessionOf(gh, admin, `arn:aws:iam::${ACCOUNT_ID}:role/wide`, 'narrow', policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }));
    const r = await aws(gh.url, ['iam', 'list-users'], s);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /because no session policy allows the iam:ListUsers action/);
    const d = await doctor(r.stderr);
    assert.equal(d.catalogueId, 'E15');
    assert.ok(d.related.includes('F09'));
    assert.equal(d.fields.principal, s.arn);
    assert.equal(d.account?.engine?.decision, 'Allow', 'the role\'s own policies allow it: only the session policy can deny');
    assert.ok(d.checks.some((c) => c.check === 'session-policy' && c.status === 'gap'));
  });

  void it('F12 (E13\'s text): identity-based policies allow, the permissions boundary does not', async () => {
    const narrow = await gh.iam.send(new CreatePolicyCommand({ PolicyName: 'only-get-user', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }));
    const u = await createUserWithKey(gh.iam, 'bounded');
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'bounded', PolicyName: 'all', PolicyDocument: allowAll }));
    await gh.iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: narrow.Policy!.Arn! }));
    const r = await aws(gh.url, ['iam', 'list-roles'], u);
    assert.notEqual(r.code, 0);
    const d = await doctor(r.stderr);
    assert.equal(d.catalogueId, 'E13');
    assert.ok(d.related.includes('F12'));
    assert.equal(d.account?.engine?.catalogueId, 'E13');
    assert.match(d.account?.cause ?? '', /only-get-user|permissions boundary/);
  });

  void it('F13 (E21\'s text): ${aws:username} in a policy without the 2012-10-17 Version is matched literally; the doctor names the policy', async () => {
    const u = await createUserWithKey(gh.iam, 'alice');
    // The 2008-10-17 language (no Version element) has no policy variables.
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'own-user', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}` }] }) }));
    const r = await aws(gh.url, ['iam', 'get-user', '--user-name', 'alice'], u);
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /because no identity-based policy allows the iam:GetUser action/);
    const d = await doctor(r.stderr);
    assert.equal(d.catalogueId, 'E21');
    assert.equal(d.account?.engine?.decision, 'ImplicitDeny');
    assert.match(d.account?.cause ?? '', /own-user \(inline, user alice\) has no "Version": "2012-10-17"/);
    assert.match(d.account?.cause ?? '', /catalogue F13/);
    // With the Version the same statement allows: the cause was the missing Version.
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'own-user', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}` }) }));
    const ok = await aws(gh.url, ['iam', 'get-user', '--user-name', 'alice'], u);
    assert.equal(ok.code, 0, ok.stderr);
  });
});

void describe('F14: a change not yet visible (Gatehouse started with a propagation delay)', { skip: AWS_V1.bin === undefined ? 'the AWS CLI v1 is not installed' : false }, () => {
  let gh: GatehouseFixture;
  before(async () => {
    gh = await startFixture({ propagationDelayMs: 120_000 });
  });
  after(async () => {
    await gh.close();
  });

  void it('a policy granted just now still denies; the doctor reads the account as it stands now, where the engine allows, and says so', async () => {
    const u = await createUserWithKey(gh.iam, 'late');
    const before = await aws(gh.url, ['iam', 'list-users'], u);
    assert.notEqual(before.code, 0);
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'late', PolicyName: 'all', PolicyDocument: allowAll }));
    const r = await aws(gh.url, ['iam', 'list-users'], u);
    assert.notEqual(r.code, 0, 'the change has not propagated yet');
    const d = await doctorOf(gh, r.stderr);
    assert.equal(d.catalogueId, 'E21');
    assert.equal(d.account?.engine?.decision, 'Allow');
    const check = d.checks.find((c) => c.check === 'principal-policies' && c.status === 'does-not-hold');
    assert.match(check?.detail ?? '', /a change since \(IAM changes take effect after a delay: catalogue F14\)/);
  });
});
