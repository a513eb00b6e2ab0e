import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorization, call, context, openTestStore, ACCOUNT, type TestStore } from './test-context.js';

void describe('IAM OIDC providers', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  void it('keeps each client ID and thumbprint once, in the order given', async () => {
    const ctx = context(t.store);
    const arn = (
      await call(ctx, 'CreateOpenIDConnectProvider', {
        Url: 'https://dups.example.com',
        ClientIDList: ['b', 'a', 'b'],
        ThumbprintList: ['a'.repeat(40), 'b'.repeat(40), 'a'.repeat(40)],
      })
    ).OpenIDConnectProviderArn as string;
    const got = await call(ctx, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn });
    assert.deepEqual(got.ClientIDList, ['b', 'a']);
    assert.deepEqual(got.ThumbprintList, ['a'.repeat(40), 'b'.repeat(40)]);
  });

  void it('authorizes Create on the provider ARN it would have, with the request tags', async () => {
    const [a] = await authorization(context(t.store), 'CreateOpenIDConnectProvider', { Url: 'https://auth.example.com/x', Tags: [{ Key: 'team', Value: 'core' }] });
    assert.equal(a?.action, 'iam:CreateOpenIDConnectProvider');
    assert.equal(a?.resource, `arn:aws:iam::${ACCOUNT}:oidc-provider/auth.example.com/x`);
    assert.equal(a?.keys?.['aws:RequestTag/team'], 'core');
    assert.deepEqual(a?.keys?.['aws:TagKeys'], ['team']);
  });
});
