import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, context, openTestStore, ACCOUNT, type TestStore } from './test-context.js';
import { oidcProviderByIssuer } from './oidc-provider-lookup.js';

void describe('finding an OIDC provider by issuer (for AssumeRoleWithWebIdentity)', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  void it('finds the account\'s provider for a token\'s iss, with or without the scheme, and nothing else', async () => {
    const issuer = 'https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF';
    await call(context(t.store), 'CreateOpenIDConnectProvider', { Url: issuer, ClientIDList: ['sts.amazonaws.com'] });
    const found = await oidcProviderByIssuer(t.store.read, ACCOUNT, issuer);
    assert.equal(found?.Arn, `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF`);
    assert.deepEqual(found?.ClientIDList, ['sts.amazonaws.com']);
    assert.equal((await oidcProviderByIssuer(t.store.read, ACCOUNT, 'oidc.eks.us-east-1.amazonaws.com/id/ABCDEF'))?.Arn, found?.Arn);
    assert.equal(await oidcProviderByIssuer(t.store.read, ACCOUNT, 'https://oidc.eks.us-east-1.amazonaws.com/id/abcdef'), undefined);
    assert.equal(await oidcProviderByIssuer(t.store.read, '210987654321', issuer), undefined);
  });

  void it('keeps the thumbprint list empty when none is given, and refuses non-hex thumbprints', async () => {
    const ctx = context(t.store);
    const arn = (await call(ctx, 'CreateOpenIDConnectProvider', { Url: 'https://no-thumbs.example.com' })).OpenIDConnectProviderArn as string;
    assert.deepEqual((await call(ctx, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: arn })).ThumbprintList, []);
    await assert.rejects(call(ctx, 'UpdateOpenIDConnectProviderThumbprint', { OpenIDConnectProviderArn: arn, ThumbprintList: ['g'.repeat(40)] }), { code: 'InvalidInput' });
    await assert.rejects(call(ctx, 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: `arn:aws:iam::${ACCOUNT}:role/not-a-provider` }), {
      code: 'InvalidInput',
      message: `ARN arn:aws:iam::${ACCOUNT}:role/not-a-provider is not valid.`,
    });
  });
});
