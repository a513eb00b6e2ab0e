import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { federatedRoleReference, webIdentityKeys } from './assume-role-with-web-identity.js';
import type { VerifiedWebIdentity } from './web-identity-token.js';

void describe('AssumeRoleWithWebIdentity inputs', () => {
  void it('reads role ARNs, and answers "Request ARN is invalid" for ARNs that name no role of an account', () => {
    assert.deepEqual(federatedRoleReference('arn:aws:iam::123456789012:role/team/app'), { arn: 'arn:aws:iam::123456789012:role/team/app', accountId: '123456789012', path: '/team/', name: 'app' });
    for (const bad of ['arn:aws:iam::::1234567890:role/example', 'arn:aws:iam::123456789012:user/bob', 'arn:aws:s3:::bucket', 'not-an-arn', 'arn:aws:iam::123456789012:role/']) {
      assert.throws(() => federatedRoleReference(bad), { code: 'ValidationError', message: 'Request ARN is invalid' }, bad);
    }
  });

  void it('names condition keys after the issuer without its scheme; aud is azp when the token has one', () => {
    const base = { provider: {} as VerifiedWebIdentity['provider'], issuer: 'https://oidc.example.com/id/X', keyPrefix: 'oidc.example.com/id/X', subject: 's', audiences: ['a1'], amr: undefined };
    assert.deepEqual(webIdentityKeys({ ...base, audience: 'a1', authorizedParty: undefined }), { 'oidc.example.com/id/X:sub': 's', 'oidc.example.com/id/X:aud': 'a1' });
    assert.deepEqual(webIdentityKeys({ ...base, audience: 'web', authorizedParty: 'web', amr: ['pwd'] }), {
      'oidc.example.com/id/X:sub': 's',
      'oidc.example.com/id/X:aud': 'web',
      'oidc.example.com/id/X:azp': 'web',
      'oidc.example.com/id/X:oaud': 'a1',
      'oidc.example.com/id/X:amr': ['pwd'],
    });
  });
});
