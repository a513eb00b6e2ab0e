/**
 * IAM groups (membership) and roles (trust policy, MaxSessionDuration) through the JS SDK v3.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteRoleCommand,
  GetGroupCommand,
  GetRoleCommand,
  ListGroupsForUserCommand,
  RemoveUserFromGroupCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { accountTrustPolicy, rejectsWithAws } from '../support/aws-assertions.js';

describe('IAM groups through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('creates a group (AGPA id, ARN with path), adds and removes members, deletes it when empty', async () => {
    const g = (await iam.send(new CreateGroupCommand({ GroupName: 'admins', Path: '/corp/' }))).Group!;
    assert.match(g.GroupId ?? '', /^AGPA[A-Z0-9]{17}$/);
    assert.equal(g.Arn, `arn:aws:iam::${ACCOUNT_ID}:group/corp/admins`);
    await iam.send(new CreateUserCommand({ UserName: 'hank' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'hank' }));
    const got = await iam.send(new GetGroupCommand({ GroupName: 'admins' }));
    assert.deepEqual(got.Users?.map((u) => u.UserName), ['hank']);
    const forUser = await iam.send(new ListGroupsForUserCommand({ UserName: 'hank' }));
    assert.deepEqual(forUser.Groups?.map((x) => x.GroupName), ['admins']);

    await rejectsWithAws(iam.send(new DeleteGroupCommand({ GroupName: 'admins' })), {
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must remove users from group first.',
      status: 409,
    });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'admins', UserName: 'hank' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'admins' }));
    await rejectsWithAws(iam.send(new GetGroupCommand({ GroupName: 'admins' })), {
      code: 'NoSuchEntity',
      message: 'The group with name admins cannot be found.',
      status: 404,
    });
  });

  it('answers EntityAlreadyExists for a duplicate group and NoSuchEntity for a missing member', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await rejectsWithAws(iam.send(new CreateGroupCommand({ GroupName: 'devs' })), {
      code: 'EntityAlreadyExists',
      message: 'Group with name devs already exists.',
      status: 409,
    });
    await rejectsWithAws(iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'ghost' })), {
      code: 'NoSuchEntity',
      message: 'The user with name ghost cannot be found.',
      status: 404,
    });
  });
});

describe('IAM roles through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('creates a role with a trust policy (AROA id, default MaxSessionDuration 3600, document URL-encoded)', async () => {
    const trust = accountTrustPolicy(ACCOUNT_ID);
    const r = (await iam.send(new CreateRoleCommand({ RoleName: 'deployer', Path: '/ci/', AssumeRolePolicyDocument: trust, Description: 'CI deploys' }))).Role!;
    assert.match(r.RoleId ?? '', /^AROA[A-Z0-9]{17}$/);
    assert.equal(r.Arn, `arn:aws:iam::${ACCOUNT_ID}:role/ci/deployer`);
    const got = (await iam.send(new GetRoleCommand({ RoleName: 'deployer' }))).Role!;
    assert.equal(got.MaxSessionDuration, 3600);
    assert.equal(got.Description, 'CI deploys');
    // IAM returns policy documents URL-encoded (RFC 3986); the SDK leaves them so.
    assert.deepEqual(JSON.parse(decodeURIComponent(got.AssumeRolePolicyDocument ?? '')), JSON.parse(trust));
  });

  it('updates MaxSessionDuration within 1-12 hours and refuses values outside it', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'long', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID), MaxSessionDuration: 7200 }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'long' }))).Role?.MaxSessionDuration, 7200);
    await iam.send(new UpdateRoleCommand({ RoleName: 'long', MaxSessionDuration: 43200 }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'long' }))).Role?.MaxSessionDuration, 43200);
    await rejectsWithAws(iam.send(new UpdateRoleCommand({ RoleName: 'long', MaxSessionDuration: 50000 })), {
      code: 'ValidationError',
      message: "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200",
      status: 400,
    });
    await rejectsWithAws(
      iam.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID), MaxSessionDuration: 60 })),
      {
        code: 'ValidationError',
        message: "1 validation error detected: Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
        status: 400,
      },
    );
  });

  it('validates trust policies: a trust policy without Principal is MalformedPolicyDocument', async () => {
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] });
    const err = await rejectsWithAws(iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: noPrincipal })), {
      code: 'MalformedPolicyDocument',
      message: /\S/,
      status: 400,
    });
    assert.match(err.message, /principal/i);
    await rejectsWithAws(iam.send(new GetRoleCommand({ RoleName: 'broken' })), { code: 'NoSuchEntity', message: 'The role with name broken cannot be found.' });
    await iam.send(new CreateRoleCommand({ RoleName: 'fixable', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID) }));
    await rejectsWithAws(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'fixable', PolicyDocument: '{not json' })), {
      code: 'MalformedPolicyDocument',
      message: /\S/,
      status: 400,
    });
  });

  it('answers EntityAlreadyExists and NoSuchEntity for roles, and deletes a role', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'dup', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID) }));
    await rejectsWithAws(iam.send(new CreateRoleCommand({ RoleName: 'dup', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID) })), {
      code: 'EntityAlreadyExists',
      message: 'Role with name dup already exists.',
      status: 409,
    });
    await iam.send(new DeleteRoleCommand({ RoleName: 'dup' }));
    await rejectsWithAws(iam.send(new DeleteRoleCommand({ RoleName: 'dup' })), {
      code: 'NoSuchEntity',
      message: 'The role with name dup cannot be found.',
      status: 404,
    });
  });
});
