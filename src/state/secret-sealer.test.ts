import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { secretSealer, SealedSecretError } from './secret-sealer.js';
import type { SealedSecret } from './records.js';

void test('a sealed secret opens with the same key and context, and its text does not contain the secret', () => {
  const sealer = secretSealer(randomBytes(32));
  const secret = Buffer.from('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  const sealed = sealer.seal(secret, 'arn:aws:iam::123456789012:mfa/alice');
  assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.ok(!sealed.includes(secret.toString('base64url')));
  assert.deepEqual(sealer.open(sealed, 'arn:aws:iam::123456789012:mfa/alice'), secret);
  assert.notEqual(sealer.seal(secret, 'x'), sealer.seal(secret, 'x'), 'a fresh IV each time');
});

void test('it does not open under another context, another key, or after tampering', () => {
  const key = randomBytes(32);
  const sealer = secretSealer(key);
  const sealed = sealer.seal(Buffer.from('seed'), 'arn:aws:iam::123456789012:mfa/alice');
  assert.throws(() => sealer.open(sealed, 'arn:aws:iam::123456789012:mfa/bob'), SealedSecretError);
  assert.throws(() => secretSealer(randomBytes(32)).open(sealed, 'arn:aws:iam::123456789012:mfa/alice'), SealedSecretError);
  const parts = sealed.split('.');
  const flipped = Buffer.from(parts[3] ?? '', 'base64url');
  flipped[0] = (flipped[0] ?? 0) ^ 1;
  const tampered = [parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.') as SealedSecret;
  assert.throws(() => sealer.open(tampered, 'arn:aws:iam::123456789012:mfa/alice'), SealedSecretError);
  assert.throws(() => sealer.open('garbage' as SealedSecret, 'x'), SealedSecretError);
  assert.throws(() => secretSealer(randomBytes(16)), TypeError);
});
