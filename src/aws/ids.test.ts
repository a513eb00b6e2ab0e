import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAccountId } from './arn.js';
import {
  accountIdOfKey,
  derivedUniqueId,
  isAccessKeyId,
  newAccessKeyId,
  newAccountId,
  newSecretAccessKey,
  newSigningCertificateId,
  newSshPublicKeyId,
  newUniqueId,
  uniqueIdKind,
  UNIQUE_ID_PREFIXES,
  type UniqueIdKind,
} from './ids.js';

const ACCOUNT = asAccountId('123456789012');

void test('unique IDs: AWS prefix, 21 characters of A-Z and 2-7', () => {
  for (const kind of Object.keys(UNIQUE_ID_PREFIXES) as UniqueIdKind[]) {
    const id = newUniqueId(kind, ACCOUNT);
    assert.match(id, /^[A-Z2-7]{21}$/);
    assert.equal(id.slice(0, 4), UNIQUE_ID_PREFIXES[kind]);
    assert.equal(uniqueIdKind(id), kind);
  }
  assert.equal(newUniqueId('user', ACCOUNT).slice(0, 4), 'AIDA');
  assert.equal(newUniqueId('role', ACCOUNT).slice(0, 4), 'AROA');
  assert.equal(newUniqueId('group', ACCOUNT).slice(0, 4), 'AGPA');
  assert.equal(newUniqueId('managedPolicy', ACCOUNT).slice(0, 4), 'ANPA');
});

void test('access key IDs: AKIA / ASIA + 16, and they carry the account', () => {
  const long = newAccessKeyId(ACCOUNT);
  const temp = newAccessKeyId(asAccountId('000000000042'), true);
  assert.match(long, /^AKIA[A-Z2-7]{16}$/);
  assert.match(temp, /^ASIA[A-Z2-7]{16}$/);
  assert.ok(isAccessKeyId(long) && isAccessKeyId(temp));
  assert.equal(accountIdOfKey(long), '123456789012');
  assert.equal(accountIdOfKey(temp), '000000000042');
  assert.equal(accountIdOfKey(newUniqueId('role', ACCOUNT)), '123456789012');
  assert.equal(accountIdOfKey('not-a-key'), undefined);
});

void test('the account layout matches AWS-issued key IDs', () => {
  // A published example: ASIAY34FZKBOKMUTVV7A belongs to account 609629065308.
  assert.equal(accountIdOfKey('ASIAY34FZKBOKMUTVV7A'), '609629065308');
});

void test('IDs are not repeated', () => {
  const ids = new Set(Array.from({ length: 200 }, () => newAccessKeyId(ACCOUNT)));
  assert.equal(ids.size, 200);
});

void test('secret keys are 40 base64 characters; account IDs 12 digits', () => {
  assert.match(newSecretAccessKey(), /^[A-Za-z0-9+/]{40}$/);
  assert.match(newAccountId(), /^[1-9]\d{11}$/);
});

void test('SSH public key IDs are APKA + 16 (20 characters) and carry the account; signing certificate IDs are 32 base32 characters', () => {
  const id = newSshPublicKeyId(ACCOUNT);
  assert.match(id, /^APKA[A-Z2-7]{16}$/);
  assert.equal(accountIdOfKey(id), ACCOUNT);
  assert.equal(uniqueIdKind(id), 'publicKey');
  assert.match(newSigningCertificateId(), /^[A-Z2-7]{32}$/);
  assert.notEqual(newSigningCertificateId(), newSigningCertificateId());
});

void test('derived unique IDs: the same seed gives the same ID, in the unique-ID shape', () => {
  const a = derivedUniqueId('managedPolicy', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
  assert.match(a, /^ANPA[A-Z2-7]{17}$/);
  assert.equal(derivedUniqueId('managedPolicy', 'arn:aws:iam::aws:policy/ReadOnlyAccess'), a);
  assert.notEqual(derivedUniqueId('managedPolicy', 'arn:aws:iam::aws:policy/ViewOnlyAccess'), a);
  assert.equal(uniqueIdKind(a), 'managedPolicy');
});
