import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credentialScopeString, parseCredential } from './credential-scope.js';

describe('parseCredential', () => {
  it('splits the five elements', () => {
    assert.deepEqual(parseCredential('AKID/20150830/us-east-1/iam/aws4_request'), {
      accessKeyId: 'AKID',
      scope: { date: '20150830', region: 'us-east-1', service: 'iam' },
      terminator: 'aws4_request',
    });
  });
  it('ignores trailing slashes and refuses any other count', () => {
    assert.equal(parseCredential('AKID/20150830/us-east-1/iam/aws4_request//')?.terminator, 'aws4_request');
    assert.equal(parseCredential('a/b/c/d'), undefined);
    assert.equal(parseCredential('a/b/c/d/e/f'), undefined);
  });
});

describe('credentialScopeString', () => {
  it('ends in aws4_request', () => {
    assert.equal(credentialScopeString({ date: '20150830', region: 'us-east-1', service: 'sts' }), '20150830/us-east-1/sts/aws4_request');
  });
});
