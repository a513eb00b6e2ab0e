/**
 * IAM users through the AWS SDK for JavaScript v3: create, get (by name and as the caller),
 * update, delete, and IAM's errors with AWS's wording and HTTP statuses.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetUserCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  GetDelegationRequestCommand,
  UpdateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

describe('IAM users through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('creates a user with a path and tags: AIDA id, ARN with the path, tags echoed', async () => {
    const out = await iam.send(new CreateUserCommand({ UserName: 'carol', Path: '/engineering/', Tags: [{ Key: 'team', Value: 'blue' }] }));
    const u = out.User!;
    assert.equal(u.UserName, 'carol');
    assert.equal(u.Path, '/engineering/');
    assert.equal(u.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/engineering/carol`);
    assert.match(u.UserId ?? '', /^AIDA[A-Z0-9]{17}$/);
    assert.ok(u.CreateDate instanceof Date && !Number.isNaN(u.CreateDate.getTime()));
    assert.deepEqual(u.Tags, [{ Key: 'team', Value: 'blue' }]);
    const got = await iam.send(new GetUserCommand({ UserName: 'carol' }));
    assert.equal(got.User?.UserId, u.UserId);
    assert.equal(got.User?.Arn, u.Arn);
  });

  it('answers GetUser without a name with the caller: the root user, then an IAM user', async () => {
    const root = await iam.send(new GetUserCommand({}));
    assert.equal(root.User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
    assert.equal(root.User?.UserId, ACCOUNT_ID);
    const dave = await createUserWithKey(iam, 'dave');
    const readSelf = policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}` });
    await iam.send(new PutUserPolicyCommand({ UserName: 'dave', PolicyName: 'read-self', PolicyDocument: readSelf }));
    const self = await gh.iamAs(dave).send(new GetUserCommand({}));
    assert.equal(self.User?.UserName, 'dave');
    assert.equal(self.User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/dave`);
  });

  it('refuses a second user of the same name: EntityAlreadyExists, 409', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    await rejectsWithAws(iam.send(new CreateUserCommand({ UserName: 'erin' })), {
      code: 'EntityAlreadyExists',
      message: 'User with name erin already exists.',
      status: 409,
    });
  });

  it('answers NoSuchEntity (404) for a missing user on get, update and delete', async () => {
    const expected = { code: 'NoSuchEntity', message: 'The user with name nobody cannot be found.', status: 404 };
    await rejectsWithAws(iam.send(new GetUserCommand({ UserName: 'nobody' })), expected);
    await rejectsWithAws(iam.send(new UpdateUserCommand({ UserName: 'nobody', NewUserName: 'somebody' })), expected);
    await rejectsWithAws(iam.send(new DeleteUserCommand({ UserName: 'nobody' })), expected);
  });

  it('refuses a name outside IAM\'s character set with ValidationError', async () => {
    await rejectsWithAws(iam.send(new CreateUserCommand({ UserName: 'bad name!' })), {
      code: 'ValidationError',
      message: 'The specified value for userName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-',
      status: 400,
    });
  });

  it('renames and moves a user with UpdateUser; the old name is gone', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'frank' }));
    await iam.send(new UpdateUserCommand({ UserName: 'frank', NewUserName: 'francis', NewPath: '/ops/' }));
    const got = await iam.send(new GetUserCommand({ UserName: 'francis' }));
    assert.equal(got.User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/ops/francis`);
    await rejectsWithAws(iam.send(new GetUserCommand({ UserName: 'frank' })), { code: 'NoSuchEntity', message: 'The user with name frank cannot be found.' });
  });

  it('refuses to delete a user with an access key (DeleteConflict), then deletes it once the key is gone', async () => {
    const gina = await createUserWithKey(iam, 'gina');
    await rejectsWithAws(iam.send(new DeleteUserCommand({ UserName: 'gina' })), {
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must delete access keys first.',
      status: 409,
    });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'gina', AccessKeyId: gina.accessKeyId }));
    await iam.send(new DeleteUserCommand({ UserName: 'gina' }));
    const list = await iam.send(new ListUsersCommand({}));
    assert.ok(!(list.Users ?? []).some((u) => u.UserName === 'gina'));
  });

  it('refuses an IAM operation it does not serve yet as a client error that says so', async () => {
    await rejectsWithAws(iam.send(new GetDelegationRequestCommand({ DelegationRequestId: 'd-0123456789abcdef' })), {
      code: 'InvalidAction',
      message: 'Gatehouse does not implement IAM GetDelegationRequest yet.',
      status: 400,
    });
  });
});
