import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, matchesAny, verifyPassword } from './password-hashing.js';
import type { PasswordHash } from '../../state/records.js';

void test('a password is stored as a salted scrypt hash with its parameters, never as itself', async () => {
  const hash = await hashPassword('Correct-Horse-9');
  assert.match(hash, /^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.ok(!hash.includes('Correct-Horse-9'));
  assert.notEqual(await hashPassword('Correct-Horse-9'), hash, 'a fresh salt each time');
  assert.equal(await verifyPassword('Correct-Horse-9', hash), true);
  assert.equal(await verifyPassword('correct-horse-9', hash), false);
  assert.equal(await verifyPassword('', hash), false);
});

void test('malformed or hostile hashes never verify (and never run with absurd cost)', async () => {
  for (const bad of ['', 'plain', 'scrypt$1$1$1$$', 'scrypt$99999999$8$1$c2FsdA$aGFzaA', 'bcrypt$16384$8$1$c2FsdA$aGFzaA', 'scrypt$16384$8$1$c2FsdA$aGFzaA']) {
    assert.equal(await verifyPassword('x', bad as PasswordHash), false, bad);
  }
});

void test('matchesAny finds a password among earlier hashes', async () => {
  const hashes = [await hashPassword('first-Password1'), await hashPassword('second-Password2')];
  assert.equal(await matchesAny('second-Password2', hashes), true);
  assert.equal(await matchesAny('third-Password3', hashes), false);
  assert.equal(await matchesAny('anything', []), false);
});
