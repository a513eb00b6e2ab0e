/**
 * Customer managed policies with versions, inline policies, attachments, permissions boundaries
 * and tags, through the JS SDK v3.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedUserPoliciesCommand,
  ListPolicyVersionsCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagUserCommand,
  UntagUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { accountTrustPolicy, policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

const readUsers = policyDocument({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers'], Resource: '*' });
const version = (n: number): string => policyDocument({ Sid: `V${n}`, Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' });

describe('IAM policies through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('creates a managed policy (ANPA id, ARN with path, v1 default) and refuses a duplicate name', async () => {
    const p = (await iam.send(new CreatePolicyCommand({ PolicyName: 'read-users', Path: '/team/', PolicyDocument: readUsers }))).Policy!;
    assert.match(p.PolicyId ?? '', /^ANPA[A-Z0-9]{17}$/);
    assert.equal(p.Arn, `arn:aws:iam::${ACCOUNT_ID}:policy/team/read-users`);
    assert.equal(p.DefaultVersionId, 'v1');
    assert.equal(p.AttachmentCount, 0);
    const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: 'v1' }));
    assert.equal(v.PolicyVersion?.IsDefaultVersion, true);
    assert.deepEqual(JSON.parse(decodeURIComponent(v.PolicyVersion?.Document ?? '')), JSON.parse(readUsers));
    await rejectsWithAws(iam.send(new CreatePolicyCommand({ PolicyName: 'read-users', PolicyDocument: readUsers })), {
      code: 'EntityAlreadyExists',
      message: 'A policy called read-users already exists. Duplicate names are not allowed.',
      status: 409,
    });
  });

  it('keeps at most 5 versions, moves the default, refuses to delete the default version', async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'versioned', PolicyDocument: version(1) }))).Policy!.Arn!;
    for (let n = 2; n <= 5; n++) {
      const created = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: version(n), SetAsDefault: n === 3 }));
      assert.equal(created.PolicyVersion?.VersionId, `v${n}`);
    }
    await rejectsWithAws(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: version(6) })), {
      code: 'LimitExceeded',
      message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      status: 409,
    });
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId, 'v3');
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
    const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
    assert.equal(versions.length, 5);
    assert.deepEqual(versions.filter((x) => x.IsDefaultVersion).map((x) => x.VersionId), ['v5']);
    await rejectsWithAws(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })), {
      code: 'DeleteConflict',
      message: 'Cannot delete the default version of a policy.',
      status: 409,
    });
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    await rejectsWithAws(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })), {
      code: 'NoSuchEntity',
      message: `Policy ${arn} version v1 does not exist or is not attachable.`,
      status: 404,
    });
  });

  it('answers for AWS managed policies and attaches them by ARN', async () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
    const p = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    assert.match(p.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
    assert.equal(p.DefaultVersionId, 'v3');
    const doc = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }))).PolicyVersion?.Document ?? '';
    assert.deepEqual((JSON.parse(decodeURIComponent(doc)) as { Statement: { Action: string[] }[] }).Statement[0]?.Action.slice(0, 2), ['s3:Get*', 's3:List*']);
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: arn }));
    const attached = (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'reader' }))).AttachedPolicies ?? [];
    assert.deepEqual(attached.map((a) => a.PolicyName), ['AmazonS3ReadOnlyAccess']);
  });

  it('never issues a version number twice, even after that version is deleted', async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'renumbered', PolicyDocument: version(1) }))).Policy!.Arn!;
    assert.equal((await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: version(2) }))).PolicyVersion?.VersionId, 'v2');
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    assert.equal((await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: version(3) }))).PolicyVersion?.VersionId, 'v3');
    const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
    assert.deepEqual(versions.map((x) => x.VersionId).sort(), ['v1', 'v3']);
  });

  it('refuses a malformed policy document with MalformedPolicyDocument', async () => {
    await rejectsWithAws(iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17"}' })), {
      code: 'MalformedPolicyDocument',
      message: 'Syntax errors in policy.',
      status: 400,
    });
    await rejectsWithAws(iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT_ID}:policy/bad` })), {
      code: 'NoSuchEntity',
      message: `Policy arn:aws:iam::${ACCOUNT_ID}:policy/bad was not found.`,
    });
  });

  it('attaches and detaches a managed policy; a policy in use cannot be deleted', async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'attachable', PolicyDocument: readUsers }))).Policy!.Arn!;
    await iam.send(new CreateUserCommand({ UserName: 'ivy' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'ivy', PolicyArn: arn }));
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'ivy' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'attachable', PolicyArn: arn }]);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
    await rejectsWithAws(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), {
      code: 'DeleteConflict',
      message: 'Cannot delete a policy attached to entities.',
      status: 409,
    });
    await iam.send(new DetachUserPolicyCommand({ UserName: 'ivy', PolicyArn: arn }));
    await rejectsWithAws(iam.send(new DetachUserPolicyCommand({ UserName: 'ivy', PolicyArn: arn })), {
      code: 'NoSuchEntity',
      message: `Policy ${arn} was not found.`,
      status: 404,
    });
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    await rejectsWithAws(iam.send(new GetPolicyCommand({ PolicyArn: arn })), { code: 'NoSuchEntity', message: `Policy ${arn} was not found.`, status: 404 });
  });

  it('refuses to attach a policy that does not exist', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'jack' }));
    const missing = `arn:aws:iam::${ACCOUNT_ID}:policy/none`;
    await rejectsWithAws(iam.send(new AttachUserPolicyCommand({ UserName: 'jack', PolicyArn: missing })), {
      code: 'NoSuchEntity',
      message: `Policy ${missing} does not exist or is not attachable.`,
      status: 404,
    });
  });

  it('puts, reads, lists and deletes inline user policies', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'kate' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'kate', PolicyName: 'inline-read', PolicyDocument: readUsers }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'kate', PolicyName: 'inline-read' }));
    assert.equal(got.UserName, 'kate');
    assert.deepEqual(JSON.parse(decodeURIComponent(got.PolicyDocument ?? '')), JSON.parse(readUsers));
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'kate' }))).PolicyNames, ['inline-read']);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'kate', PolicyName: 'inline-read' }));
    await rejectsWithAws(iam.send(new GetUserPolicyCommand({ UserName: 'kate', PolicyName: 'inline-read' })), {
      code: 'NoSuchEntity',
      message: 'The user policy with name inline-read cannot be found.',
      status: 404,
    });
  });

  it('sets and removes permissions boundaries on users and roles', async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary', PolicyDocument: readUsers }))).Policy!.Arn!;
    await iam.send(new CreateUserCommand({ UserName: 'liam' }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'liam', PermissionsBoundary: arn }));
    assert.deepEqual((await iam.send(new GetUserCommand({ UserName: 'liam' }))).User?.PermissionsBoundary, {
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: arn,
    });
    await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'liam' }));
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'liam' }))).User?.PermissionsBoundary, undefined);

    await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID) }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: arn }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn, arn);

    const missing = `arn:aws:iam::${ACCOUNT_ID}:policy/no-such-boundary`;
    await rejectsWithAws(iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'liam', PermissionsBoundary: missing })), {
      code: 'NoSuchEntity',
      message: `Scope ARN: ${missing} does not exist or is not attachable.`,
      status: 404,
    });
  });

  it('tags and untags a user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'mia', Tags: [{ Key: 'a', Value: '1' }] }));
    await iam.send(new TagUserCommand({ UserName: 'mia', Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: 'one' }] }));
    const tags = (await iam.send(new ListUserTagsCommand({ UserName: 'mia' }))).Tags ?? [];
    assert.deepEqual([...tags].sort((x, y) => (x.Key ?? '').localeCompare(y.Key ?? '')), [
      { Key: 'a', Value: 'one' },
      { Key: 'b', Value: '2' },
    ]);
    await iam.send(new UntagUserCommand({ UserName: 'mia', TagKeys: ['a'] }));
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'mia' }))).Tags, [{ Key: 'b', Value: '2' }]);
  });
});
