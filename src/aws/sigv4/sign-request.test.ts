import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presignRequest, signRequest } from './sign-request.js';
import type { SignedRequest } from './verify-request.js';

const SUITE = {
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1',
  service: 'service',
  now: new Date('2015-08-30T12:36:00Z'),
};

describe('signRequest', () => {
  it("gives AWS's get-vanilla Authorization header", () => {
    const request: SignedRequest = { method: 'GET', path: '/', headers: { Host: 'example.amazonaws.com' }, body: Buffer.alloc(0) };
    const headers = signRequest(request, SUITE);
    assert.equal(headers['x-amz-date'], '20150830T123600Z');
    assert.equal(
      headers.authorization,
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });
  it('adds and signs the session token', () => {
    const request: SignedRequest = { method: 'POST', path: '/', headers: { host: 'sts.amazonaws.com' }, body: Buffer.alloc(0) };
    const headers = signRequest(request, { ...SUITE, credentials: { ...SUITE.credentials, sessionToken: 'token' } });
    assert.equal(headers['x-amz-security-token'], 'token');
    assert.match(String(headers.authorization), /SignedHeaders=host;x-amz-date;x-amz-security-token,/);
  });
});

describe('presignRequest', () => {
  it("gives AWS's presigned get-utf8 signature", () => {
    const request: SignedRequest = { method: 'GET', path: '/ሴ', headers: { Host: 'example.amazonaws.com' }, body: Buffer.alloc(0) };
    const path = presignRequest(request, { ...SUITE, expiresSeconds: 3600 });
    assert.equal(
      path,
      '/ሴ?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request' +
        '&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host' +
        '&X-Amz-Signature=10eae3f14a260bd3911cc6d008d3c576d143b05b62f09782a7a4b37f52178e44',
    );
  });
});
