import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readQrCode } from '../../../test/support/qr-reader.js';
import { URI, TOTP } from 'otpauth';
import { otpauthUri, qrCodePng } from './mfa-qr-code.js';

void test('the QR code is a PNG that a QR reader decodes to the otpauth URI, which an authenticator loads', async () => {
  const seed = Buffer.from('0123456789abcdefghij0123456789abcdefghij', 'ascii');
  const uri = otpauthUri(seed, 'Diego', '123456789012');
  assert.match(uri, /^otpauth:\/\/totp\/Amazon%20Web%20Services%3ADiego%40123456789012\?secret=[A-Z2-7]{64}&issuer=Amazon%20Web%20Services&algorithm=SHA1&digits=6&period=30$/);
  const png = await qrCodePng(uri);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const decoded = readQrCode(png);
  assert.equal(decoded, uri);
  const loaded = URI.parse(decoded ?? '');
  assert.ok(loaded instanceof TOTP);
  assert.equal(loaded.issuer, 'Amazon Web Services');
  assert.deepEqual(Buffer.from(loaded.secret.bytes), seed);
});
