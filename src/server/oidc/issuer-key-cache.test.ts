import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IssuerKeyCache, THUMBPRINT_MISMATCH, ttl, type ServedIssuer } from './issuer-key-cache.js';

void describe('how long an issuer\'s key set is kept', () => {
  void it('follows max-age within a minute and a day, an hour without one', () => {
    assert.equal(ttl(undefined), 3_600_000);
    assert.equal(ttl('public, max-age=600'), 600_000);
    assert.equal(ttl('max-age=5'), 60_000);
    assert.equal(ttl('max-age=999999999'), 86_400_000);
    assert.equal(ttl('no-cache'), 60_000);
    assert.equal(ttl('no-store, max-age=0'), 60_000);
    assert.equal(ttl('private'), 3_600_000);
  });
});

void describe('issuers Gatehouse serves itself', () => {
  const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
  const CA = 'aa'.repeat(20);
  const asked: string[] = [];
  const served: ServedIssuer = (url) => {
    asked.push(url);
    if (!url.startsWith(ISSUER)) return Promise.resolve(undefined);
    const body = url.endsWith('/keys') ? { keys: [{ kid: 'k1', kty: 'RSA', n: 'x', e: 'AQAB' }] } : { issuer: ISSUER, jwks_uri: `${ISSUER}/keys` };
    return Promise.resolve({ status: 200, body, certificate: { caSha1Thumbprint: CA } });
  };

  void it('reads the documents in process, trusted by the thumbprint of the authority a client would be shown', async () => {
    const cache = new IssuerKeyCache({ served });
    const set = await cache.keySet(ISSUER, [CA.toUpperCase()], 'k1');
    assert.deepEqual(set.keys.map((k) => k.kid), ['k1']);
    assert.deepEqual(asked, [`${ISSUER}/.well-known/openid-configuration`, `${ISSUER}/keys`]);
  });

  void it('refuses them with AWS\'s thumbprint message when no thumbprint matches', async () => {
    const cache = new IssuerKeyCache({ served });
    await assert.rejects(cache.keySet(ISSUER, ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'], 'k1'), (err: Error) => {
      assert.equal(err.message, THUMBPRINT_MISMATCH);
      return true;
    });
  });
});
