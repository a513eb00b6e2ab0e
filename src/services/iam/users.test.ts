import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, authorization, awsError, call, context, openTestStore, roleSessionCaller, userCaller, type TestStore } from './test-context.js';

void describe('IAM users', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  void it('creates, gets, renames, moves and deletes a user', async () => {
    const ctx = context(t.store);
    const created = await call(ctx, 'CreateUser', { UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'a' }] });
    const user = created.User as Record<string, unknown>;
    assert.equal(user.UserName, 'alice');
    assert.equal(user.Path, '/eng/');
    assert.equal(user.Arn, `arn:aws:iam::${ACCOUNT}:user/eng/alice`);
    assert.match(String(user.UserId), /^AIDA[A-Z2-7]{17}$/);
    assert.ok(user.CreateDate instanceof Date);
    assert.deepEqual(user.Tags, [{ Key: 'team', Value: 'a' }]);

    const got = (await call(ctx, 'GetUser', { UserName: 'ALICE' })).User as Record<string, unknown>;
    assert.equal(got.UserId, user.UserId);

    await call(ctx, 'UpdateUser', { UserName: 'alice', NewUserName: 'alice2', NewPath: '/ops/' });
    const moved = (await call(ctx, 'GetUser', { UserName: 'alice2' })).User as Record<string, unknown>;
    assert.equal(moved.Arn, `arn:aws:iam::${ACCOUNT}:user/ops/alice2`);
    assert.equal(moved.UserId, user.UserId);
    await assert.rejects(call(ctx, 'GetUser', { UserName: 'alice' }), awsError('NoSuchEntity', 'The user with name alice cannot be found.'));

    await call(ctx, 'DeleteUser', { UserName: 'alice2' });
    await assert.rejects(call(ctx, 'DeleteUser', { UserName: 'alice2' }), awsError('NoSuchEntity', 'The user with name alice2 cannot be found.'));
  });

  void it('refuses a second user with the same name in any case', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'bob' });
    await assert.rejects(call(ctx, 'CreateUser', { UserName: 'BOB' }), awsError('EntityAlreadyExists', 'User with name BOB already exists.'));
    await call(ctx, 'CreateUser', { UserName: 'carol' });
    await assert.rejects(
      call(ctx, 'UpdateUser', { UserName: 'carol', NewUserName: 'Bob' }),
      awsError('EntityAlreadyExists', 'User with name Bob already exists.'),
    );
  });

  void it('refuses a path with an empty segment', async () => {
    await assert.rejects(call(context(t.store), 'CreateUser', { UserName: 'pathy', Path: '/a//b/' }), { code: 'ValidationError' });
  });

  void it('answers GetUser without a name with the caller: the IAM user, the root user, or an error for sessions', async () => {
    await call(context(t.store), 'CreateUser', { UserName: 'self' });
    const self = (await call(context(t.store, userCaller('self')), 'GetUser')).User as Record<string, unknown>;
    assert.equal(self.UserName, 'self');

    const root = (await call(context(t.store), 'GetUser')).User as Record<string, unknown>;
    assert.equal(root.UserId, ACCOUNT);
    assert.equal(root.Arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(root.UserName, undefined);

    await assert.rejects(
      call(context(t.store, roleSessionCaller), 'GetUser'),
      awsError('ValidationError', 'Must specify userName when calling with non-User credentials'),
    );
  });

  void it('pages ListUsers with Marker and MaxItems, filtered by PathPrefix', async () => {
    const ctx = context(t.store);
    for (const name of ['p1', 'p2', 'p3']) await call(ctx, 'CreateUser', { UserName: name, Path: '/paged/' });
    const first = await call(ctx, 'ListUsers', { PathPrefix: '/paged/', MaxItems: 2 });
    assert.deepEqual((first.Users as Record<string, unknown>[]).map((u) => u.UserName), ['p1', 'p2']);
    assert.equal(first.IsTruncated, true);
    const second = await call(ctx, 'ListUsers', { PathPrefix: '/paged/', MaxItems: 2, Marker: first.Marker as string });
    assert.deepEqual((second.Users as Record<string, unknown>[]).map((u) => u.UserName), ['p3']);
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    // Listed users carry no tags (IAM's list operations return a subset).
    assert.ok((first.Users as Record<string, unknown>[]).every((u) => u.Tags === undefined));
  });

  void it('authorizes on the user ARN with its tags, and list operations on the path', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'tagged', Path: '/x/', Tags: [{ Key: 'env', Value: 'prod' }] });
    const [del] = await authorization(ctx, 'DeleteUser', { UserName: 'tagged' });
    assert.equal(del?.action, 'iam:DeleteUser');
    assert.equal(del?.resource, `arn:aws:iam::${ACCOUNT}:user/x/tagged`);
    assert.equal(del?.keys?.['aws:ResourceTag/env'], 'prod');
    assert.equal(del?.keys?.['iam:ResourceTag/env'], 'prod');

    const [create] = await authorization(ctx, 'CreateUser', {
      UserName: 'n',
      Tags: [{ Key: 'k', Value: 'v' }],
      PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/b`,
    });
    assert.equal(create?.keys?.['aws:RequestTag/k'], 'v');
    assert.deepEqual(create?.keys?.['aws:TagKeys'], ['k']);
    assert.equal(create?.keys?.['iam:PermissionsBoundary'], `arn:aws:iam::${ACCOUNT}:policy/b`);

    const [list] = await authorization(ctx, 'ListUsers', {});
    assert.equal(list?.resource, `arn:aws:iam::${ACCOUNT}:user/`);
  });
});
