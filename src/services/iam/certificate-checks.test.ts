import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificatePem, privateKeyPem } from '../../../test/support/certificate-fixtures.js';
import { certificateFingerprint, checkServerCertificate, readCertificate } from './certificate-checks.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const rejects = (fn: () => unknown, code: string, message: string | RegExp): void => {
  assert.throws(fn, (e: { code?: string; message?: string }) => {
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message ?? '', message);
    return true;
  });
};

void test('a certificate, its key and its chain in order pass; the expiration is the notAfter', () => {
  const checked = checkServerCertificate(certificatePem('server'), privateKeyPem('server'), certificatePem('intermediate') + certificatePem('root'), NOW);
  assert.equal(checked.expiration.toISOString(), new Date(Date.parse(readCertificate(certificatePem('server'))?.validTo ?? '')).toISOString());
  assert.equal(checked.certificate.subject, 'CN=www.example.com');
  checkServerCertificate(certificatePem('server'), privateKeyPem('server'), undefined, NOW);
  checkServerCertificate(certificatePem('server'), privateKeyPem('server'), certificatePem('intermediate'), NOW);
});

void test('a body or key that is not PEM: MalformedCertificate, as IAM words it', () => {
  const unparsable = 'Unable to parse certificate. Please ensure the certificate is in PEM format.';
  rejects(() => checkServerCertificate('not a certificate', privateKeyPem('server'), undefined, NOW), 'MalformedCertificate', unparsable);
  rejects(() => checkServerCertificate(certificatePem('server'), 'not a key', undefined, NOW), 'MalformedCertificate', unparsable);
  rejects(() => checkServerCertificate(certificatePem('server').replace('MII', 'XII'), privateKeyPem('server'), undefined, NOW), 'MalformedCertificate', unparsable);
});

void test('a key of another certificate: KeyPairMismatch', () => {
  rejects(() => checkServerCertificate(certificatePem('server'), privateKeyPem('other'), undefined, NOW), 'KeyPairMismatch', /do not match/);
});

void test('a chain out of order or with the body in it names the index of the first wrong certificate (the body is 0)', () => {
  const message = (i: number): string =>
    `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${i}`;
  rejects(() => checkServerCertificate(certificatePem('server'), privateKeyPem('server'), certificatePem('server') + certificatePem('intermediate'), NOW), 'MalformedCertificate', message(1));
  rejects(() => checkServerCertificate(certificatePem('server'), privateKeyPem('server'), certificatePem('root') + certificatePem('intermediate'), NOW), 'MalformedCertificate', message(1));
  rejects(() => checkServerCertificate(certificatePem('server'), privateKeyPem('server'), certificatePem('intermediate') + certificatePem('other'), NOW), 'MalformedCertificate', message(2));
});

void test('a certificate outside its validity period is refused', () => {
  rejects(() => checkServerCertificate(certificatePem('server'), privateKeyPem('server'), undefined, new Date('2200-01-01T00:00:00Z')), 'MalformedCertificate', /not valid/);
  rejects(() => checkServerCertificate(certificatePem('server'), privateKeyPem('server'), undefined, new Date('2000-01-01T00:00:00Z')), 'MalformedCertificate', /not valid/);
});

void test('fingerprints are the SHA-256 of the DER form, one per certificate', () => {
  const a = readCertificate(certificatePem('other'));
  const b = readCertificate(certificatePem('third'));
  assert.ok(a !== undefined && b !== undefined);
  assert.match(certificateFingerprint(a), /^[0-9a-f]{64}$/);
  assert.notEqual(certificateFingerprint(a), certificateFingerprint(b));
  assert.equal(readCertificate('garbage'), undefined);
});
