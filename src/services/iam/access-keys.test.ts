import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { awsError, call, context, openTestStore, roleSessionCaller, userCaller, type TestStore } from './test-context.js';

void describe('IAM access keys', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  void it('allows exactly 2 keys per user when 50 creations race', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'racer' });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => call(ctx, 'CreateAccessKey', { UserName: 'racer' })));
    const created = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(created.length, 2);
    assert.equal(refused.length, 48);
    for (const r of refused) assert.equal((r.reason as Error).message, 'Cannot exceed quota for AccessKeysPerUser: 2');
    const listed = await call(ctx, 'ListAccessKeys', { UserName: 'racer' });
    assert.equal((listed.AccessKeyMetadata as unknown[]).length, 2);
  });

  void it('creates, lists without the secret, deactivates and deletes a key', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'kim' });
    const key = (await call(ctx, 'CreateAccessKey', { UserName: 'kim' })).AccessKey as Record<string, unknown>;
    assert.match(String(key.AccessKeyId), /^AKIA[A-Z2-7]{16}$/);
    assert.equal(String(key.SecretAccessKey).length, 40);
    assert.equal(key.Status, 'Active');
    assert.equal(key.UserName, 'kim');
    const id = String(key.AccessKeyId);

    const listed = (await call(ctx, 'ListAccessKeys', { UserName: 'kim' })).AccessKeyMetadata as Record<string, unknown>[];
    assert.deepEqual(Object.keys(listed[0] ?? {}).sort(), ['AccessKeyId', 'CreateDate', 'Status', 'UserName']);

    await call(ctx, 'UpdateAccessKey', { UserName: 'kim', AccessKeyId: id, Status: 'Inactive' });
    const after = (await call(ctx, 'ListAccessKeys', { UserName: 'kim' })).AccessKeyMetadata as Record<string, unknown>[];
    assert.equal(after[0]?.Status, 'Inactive');

    const lastUsed = await call(ctx, 'GetAccessKeyLastUsed', { AccessKeyId: id });
    assert.deepEqual(lastUsed, { UserName: 'kim', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });

    await assert.rejects(call(ctx, 'DeleteUser', { UserName: 'kim' }), awsError('DeleteConflict', 'Cannot delete entity, must delete access keys first.'));
    await call(ctx, 'DeleteAccessKey', { UserName: 'kim', AccessKeyId: id });
    await assert.rejects(
      call(ctx, 'DeleteAccessKey', { UserName: 'kim', AccessKeyId: id }),
      awsError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`),
    );
    await call(ctx, 'DeleteUser', { UserName: 'kim' });
  });

  void it('acts on the caller without UserName: the IAM user, the root user, never a role session', async () => {
    await call(context(t.store), 'CreateUser', { UserName: 'me' });
    const mine = (await call(context(t.store, userCaller('me')), 'CreateAccessKey')).AccessKey as Record<string, unknown>;
    assert.equal(mine.UserName, 'me');
    const root = (await call(context(t.store), 'CreateAccessKey')).AccessKey as Record<string, unknown>;
    assert.equal(root.UserName, undefined);
    const rootKeys = (await call(context(t.store), 'ListAccessKeys')).AccessKeyMetadata as Record<string, unknown>[];
    assert.deepEqual(rootKeys.map((k) => k.AccessKeyId), [root.AccessKeyId]);
    // Another user's key is not found under the caller.
    await assert.rejects(call(context(t.store, userCaller('me')), 'DeleteAccessKey', { AccessKeyId: String(root.AccessKeyId) }), { code: 'NoSuchEntity' });
    await assert.rejects(
      call(context(t.store, roleSessionCaller), 'ListAccessKeys'),
      awsError('ValidationError', 'Must specify userName when calling with non-User credentials'),
    );
  });
});
