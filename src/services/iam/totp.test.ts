import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOTP } from 'otpauth';
import { base32Encode } from '../../aws/base32.js';
import { sameCode, timeStep, totpCode } from './totp.js';

void test('RFC 6238 appendix B test vectors (SHA-1, 8 digits)', () => {
  const seed = Buffer.from('12345678901234567890', 'ascii');
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) assert.equal(totpCode(seed, timeStep(new Date(seconds * 1000)), 8), code, `T=${seconds}`);
});

void test('six-digit codes agree with an independent authenticator implementation (otpauth)', () => {
  const seed = Buffer.from('a seed of forty bytes for the TOTP test!', 'ascii');
  const app = new TOTP({ secret: base32Encode(seed), algorithm: 'SHA1', digits: 6, period: 30 });
  for (const seconds of [0, 59, 1_700_000_000, 1_714_564_800, 4_000_000_000]) {
    const at = new Date(seconds * 1000);
    assert.equal(totpCode(seed, timeStep(at)), app.generate({ timestamp: at.getTime() }), `T=${seconds}`);
  }
});

void test('sameCode compares exactly', () => {
  assert.equal(sameCode('123456', '123456'), true);
  assert.equal(sameCode('123456', '123457'), false);
  assert.equal(sameCode('12345', '123456'), false);
});
