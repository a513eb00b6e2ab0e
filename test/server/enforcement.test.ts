/**
 * Every request is authorized by the engine before it runs: AccessDenied with AWS's exact message
 * for implicit denials, explicit denials and permissions boundaries, and the condition keys IAM
 * supplies (aws:username, aws:RequestTag, aws:TagKeys, iam:PolicyARN, iam:PermissionsBoundary,
 * aws:ResourceTag, aws:PrincipalTag, aws:SourceIp, aws:SecureTransport), through the JS SDK v3.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetUserCommand,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture, type UserCredentials } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

const userArn = (name: string): string => `arn:aws:iam::${ACCOUNT_ID}:user/${name}`;

describe('authorization of every request', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  /** A new user with a key and, optionally, one inline policy; returns a client signed as them. */
  async function actor(name: string, statements?: readonly Record<string, unknown>[], tags?: { Key: string; Value: string }[]): Promise<{ client: IAMClient; creds: UserCredentials }> {
    const creds = await createUserWithKey(iam, name, tags);
    if (statements !== undefined) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policyDocument(...statements) }));
    return { client: gh.iamAs(creds), creds };
  }

  it('denies a user with no policies with AWS\'s message, then allows once a policy is attached', async () => {
    const { client } = await actor('alice');
    await rejectsWithAws(client.send(new CreateUserCommand({ UserName: 'bob' })), {
      code: 'AccessDenied',
      message: `User: ${userArn('alice')} is not authorized to perform: iam:CreateUser on resource: ${userArn('bob')} because no identity-based policy allows the iam:CreateUser action`,
      status: 403,
    });
    await rejectsWithAws(iam.send(new GetUserCommand({ UserName: 'bob' })), { code: 'NoSuchEntity', message: 'The user with name bob cannot be found.' });
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'create-users', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }) }))).Policy!.Arn!;
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    assert.equal((await client.send(new CreateUserCommand({ UserName: 'bob' }))).User?.UserName, 'bob');
  });

  it('answers an explicit deny with "with an explicit deny in an identity-based policy"', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'protected' }));
    const { client } = await actor('carl', [
      { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: userArn('protected') },
    ]);
    await rejectsWithAws(client.send(new DeleteUserCommand({ UserName: 'protected' })), {
      code: 'AccessDenied',
      message: `User: ${userArn('carl')} is not authorized to perform: iam:DeleteUser on resource: ${userArn('protected')} with an explicit deny in an identity-based policy`,
      status: 403,
    });
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'protected' }))).User?.UserName, 'protected');
  });

  it('denies what the permissions boundary does not allow, naming the boundary', async () => {
    const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 'read-only-boundary', PolicyDocument: policyDocument({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }) }))).Policy!.Arn!;
    const { client } = await actor('dana', [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }]);
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'dana', PermissionsBoundary: boundary }));
    assert.ok((await client.send(new ListUsersCommand({}))).Users !== undefined);
    await rejectsWithAws(client.send(new CreateUserCommand({ UserName: 'dana-made' })), {
      code: 'AccessDenied',
      message: `User: ${userArn('dana')} is not authorized to perform: iam:CreateUser on resource: ${userArn('dana-made')} because no permissions boundary allows the iam:CreateUser action`,
      status: 403,
    });
  });

  it('resolves ${aws:username} in a Resource: a user may read itself but not another user', async () => {
    const { client } = await actor('ed', [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}` }]);
    assert.equal((await client.send(new GetUserCommand({ UserName: 'ed' }))).User?.UserName, 'ed');
    await rejectsWithAws(client.send(new GetUserCommand({ UserName: 'alice' })), {
      code: 'AccessDenied',
      message: `User: ${userArn('ed')} is not authorized to perform: iam:GetUser on resource: ${userArn('alice')} because no identity-based policy allows the iam:GetUser action`,
    });
  });

  it('supplies aws:RequestTag and aws:TagKeys on CreateUser with Tags', async () => {
    const { client } = await actor('fay', [
      {
        Effect: 'Allow',
        Action: 'iam:CreateUser',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } },
      },
    ]);
    assert.equal((await client.send(new CreateUserCommand({ UserName: 'fay-blue', Tags: [{ Key: 'team', Value: 'blue' }] }))).User?.UserName, 'fay-blue');
    const denied = `User: ${userArn('fay')} is not authorized to perform: iam:CreateUser on resource: ${userArn('fay-x')} because no identity-based policy allows the iam:CreateUser action`;
    await rejectsWithAws(client.send(new CreateUserCommand({ UserName: 'fay-x', Tags: [{ Key: 'team', Value: 'red' }] })), { code: 'AccessDenied', message: denied });
    await rejectsWithAws(client.send(new CreateUserCommand({ UserName: 'fay-x', Tags: [{ Key: 'team', Value: 'blue' }, { Key: 'cost', Value: '1' }] })), { code: 'AccessDenied', message: denied });
    await rejectsWithAws(client.send(new CreateUserCommand({ UserName: 'fay-x' })), { code: 'AccessDenied', message: denied });
  });

  it('supplies iam:PolicyARN on AttachUserPolicy', async () => {
    const allowed = (await iam.send(new CreatePolicyCommand({ PolicyName: 'ok-to-attach', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }))).Policy!.Arn!;
    const other = (await iam.send(new CreatePolicyCommand({ PolicyName: 'not-ok', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) }))).Policy!.Arn!;
    await iam.send(new CreateUserCommand({ UserName: 'target' }));
    const { client } = await actor('gus', [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': allowed } } }]);
    await client.send(new AttachUserPolicyCommand({ UserName: 'target', PolicyArn: allowed }));
    await rejectsWithAws(client.send(new AttachUserPolicyCommand({ UserName: 'target', PolicyArn: other })), {
      code: 'AccessDenied',
      message: `User: ${userArn('gus')} is not authorized to perform: iam:AttachUserPolicy on resource: ${userArn('target')} because no identity-based policy allows the iam:AttachUserPolicy action`,
    });
  });

  it('supplies iam:PermissionsBoundary on CreateUser', async () => {
    const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 'required-boundary', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }) }))).Policy!.Arn!;
    const { client } = await actor('hal', [{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } } }]);
    const made = await client.send(new CreateUserCommand({ UserName: 'hal-bounded', PermissionsBoundary: boundary }));
    assert.equal(made.User?.PermissionsBoundary?.PermissionsBoundaryArn, boundary);
    await rejectsWithAws(client.send(new CreateUserCommand({ UserName: 'hal-free' })), {
      code: 'AccessDenied',
      message: `User: ${userArn('hal')} is not authorized to perform: iam:CreateUser on resource: ${userArn('hal-free')} because no identity-based policy allows the iam:CreateUser action`,
    });
  });

  it('supplies aws:ResourceTag of a tagged user and aws:PrincipalTag of the caller', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'tag-blue', Tags: [{ Key: 'team', Value: 'blue' }] }));
    await iam.send(new CreateUserCommand({ UserName: 'tag-red', Tags: [{ Key: 'team', Value: 'red' }] }));
    const { client } = await actor(
      'ivan',
      [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } }],
      [{ Key: 'team', Value: 'blue' }],
    );
    assert.equal((await client.send(new GetUserCommand({ UserName: 'tag-blue' }))).User?.UserName, 'tag-blue');
    await rejectsWithAws(client.send(new GetUserCommand({ UserName: 'tag-red' })), {
      code: 'AccessDenied',
      message: `User: ${userArn('ivan')} is not authorized to perform: iam:GetUser on resource: ${userArn('tag-red')} because no identity-based policy allows the iam:GetUser action`,
    });
  });

  it('supplies aws:SourceIp (the client address, 127.0.0.1 here)', async () => {
    const { client } = await actor('jo', [
      { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } },
      { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
    ]);
    assert.ok((await client.send(new ListUsersCommand({}))).Users !== undefined);
    await rejectsWithAws(client.send(new GetUserCommand({ UserName: 'jo' })), {
      code: 'AccessDenied',
      message: `User: ${userArn('jo')} is not authorized to perform: iam:GetUser on resource: ${userArn('jo')} because no identity-based policy allows the iam:GetUser action`,
    });
  });

  it('supplies aws:SecureTransport = false over plain HTTP', async () => {
    const { client } = await actor('kim', [
      { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    assert.equal((await client.send(new GetUserCommand({}))).User?.UserName, 'kim');
    await rejectsWithAws(client.send(new ListUsersCommand({})), {
      code: 'AccessDenied',
      message: `User: ${userArn('kim')} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT_ID}:user/ with an explicit deny in an identity-based policy`,
    });
  });
});

describe('--propagation-delay', () => {
  const DELAY_MS = 1200;
  let gh: GatehouseFixture;
  before(async () => {
    gh = await startFixture({ propagationDelayMs: DELAY_MS });
  });
  after(() => gh.close());

  it('keeps a denial until the delay has passed after a policy is attached', async () => {
    const lee = await createUserWithKey(gh.iam, 'lee');
    await new Promise((r) => setTimeout(r, DELAY_MS + 200));
    const client = gh.iamAs(lee);
    const denied = {
      code: 'AccessDenied',
      message: `User: ${userArn('lee')} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT_ID}:user/ because no identity-based policy allows the iam:ListUsers action`,
    };
    await rejectsWithAws(client.send(new ListUsersCommand({})), denied);
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'lee', PolicyName: 'list', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }));
    const attachedAt = Date.now();
    await rejectsWithAws(client.send(new ListUsersCommand({})), denied);
    await new Promise((r) => setTimeout(r, 400));
    if (Date.now() - attachedAt < DELAY_MS - 100) await rejectsWithAws(client.send(new ListUsersCommand({})), denied);
    await new Promise((r) => setTimeout(r, DELAY_MS - (Date.now() - attachedAt) + 200));
    assert.ok((await client.send(new ListUsersCommand({}))).Users !== undefined);
  });
});
