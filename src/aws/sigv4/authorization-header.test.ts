import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSigV4Authorization, parseAuthorizationHeader } from './authorization-header.js';

describe('parseAuthorizationHeader', () => {
  it('reads the algorithm and the parameters separated by commas and spaces', () => {
    const parsed = parseAuthorizationHeader(
      'AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc',
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.algorithm, 'AWS4-HMAC-SHA256');
    assert.deepEqual(Object.fromEntries(parsed.params), {
      Credential: 'AKID/20150830/us-east-1/iam/aws4_request',
      SignedHeaders: 'host;x-amz-date',
      Signature: 'abc',
    });
  });
  it('accepts commas without spaces', () => {
    const parsed = parseAuthorizationHeader('AWS4-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=b');
    assert.ok(parsed.ok);
    assert.equal(parsed.params.get('Signature'), 'b');
  });
  it('reports the first piece without an equal sign', () => {
    assert.deepEqual(parseAuthorizationHeader('AWS4-HMAC-SHA256 Credential=AKIA /20150620/us-east-1/sts/aws4_request, Signature=x'), {
      ok: false,
      piece: '/20150620/us-east-1/sts/aws4_request',
    });
  });
  it('gives no parameters for a bare algorithm', () => {
    const parsed = parseAuthorizationHeader('AWS4-HMAC-SHA256');
    assert.ok(parsed.ok);
    assert.equal(parsed.params.size, 0);
  });
});

describe('isSigV4Authorization', () => {
  it('recognises only AWS4- schemes', () => {
    assert.equal(isSigV4Authorization('AWS4-HMAC-SHA256 Credential=a'), true);
    assert.equal(isSigV4Authorization(' AWS4-HMAC-SHA512'), true);
    assert.equal(isSigV4Authorization('Bearer eyJ0eXAi'), false);
    assert.equal(isSigV4Authorization('AWS AKID:sig'), false);
  });
});
