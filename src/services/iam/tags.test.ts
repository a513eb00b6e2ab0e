import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorization, awsError, call, context, openTestStore, type TestStore } from './test-context.js';

void describe('IAM tags', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  void it('tags, retags case-insensitively, untags and lists', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'tina', Tags: [{ Key: 'Env', Value: 'dev' }] });
    await call(ctx, 'TagUser', { UserName: 'tina', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'x' }] });
    assert.deepEqual((await call(ctx, 'ListUserTags', { UserName: 'tina' })).Tags, [
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'x' },
    ]);
    await call(ctx, 'UntagUser', { UserName: 'tina', TagKeys: ['TEAM', 'absent'] });
    assert.deepEqual((await call(ctx, 'ListUserTags', { UserName: 'tina' })).Tags, [{ Key: 'env', Value: 'prod' }]);

    const [tag] = await authorization(ctx, 'TagUser', { UserName: 'tina', Tags: [{ Key: 'k', Value: 'v' }] });
    assert.equal(tag?.keys?.['aws:ResourceTag/env'], 'prod');
    assert.equal(tag?.keys?.['aws:RequestTag/k'], 'v');
    assert.deepEqual(tag?.keys?.['aws:TagKeys'], ['k']);
  });

  void it('refuses duplicate keys and more than 50 tags', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreatePolicy', { PolicyName: 'tp', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' });
    const arn = 'arn:aws:iam::123456789012:policy/tp';
    await assert.rejects(
      call(ctx, 'TagPolicy', { PolicyArn: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] }),
      awsError('InvalidInput', 'Duplicate tag keys found.'),
    );
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    await call(ctx, 'TagPolicy', { PolicyArn: arn, Tags: fifty });
    await assert.rejects(call(ctx, 'TagPolicy', { PolicyArn: arn, Tags: [{ Key: 'one-more', Value: '' }] }), { code: 'LimitExceeded' });
    const page = await call(ctx, 'ListPolicyTags', { PolicyArn: arn, MaxItems: 20 });
    assert.equal((page.Tags as unknown[]).length, 20);
    assert.equal(page.IsTruncated, true);
    await assert.rejects(call(ctx, 'TagRole', { RoleName: 'ghost', Tags: [] }), awsError('NoSuchEntity', 'The role with name ghost cannot be found.'));
  });

  void it('counts entities in GetAccountSummary', async () => {
    const summary = (await call(context(t.store), 'GetAccountSummary')).SummaryMap as Record<string, unknown>;
    assert.equal(summary.Users, 1);
    assert.equal(summary.Policies, 1);
    assert.equal(summary.AccessKeysPerUserQuota, 2);
  });
});
