import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordExpiry, passwordPolicyViolation } from './password-rules.js';
import type { PasswordPolicyRecord } from '../../state/records.js';

const POLICY: PasswordPolicyRecord = {
  AccountId: '123456789012',
  MinimumPasswordLength: 12,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: false,
  AllowUsersToChangePassword: true,
  MaxPasswordAge: 90,
};

void test('the default policy: 8 characters and three of the four character types, in the recorded words', () => {
  assert.equal(passwordPolicyViolation('abcdefg1', undefined), 'Password should meet 1 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one symbol');
  assert.equal(passwordPolicyViolation('Abc1!', undefined), 'Password should have a minimum length of 8');
  assert.equal(passwordPolicyViolation('abcdefgh', undefined), 'Password should meet 2 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one number, Password should have at least one symbol');
  assert.equal(passwordPolicyViolation('abcdefG1', undefined), undefined);
  assert.equal(passwordPolicyViolation("abcdefg'", undefined), 'Password should meet 1 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one number');
  // A full stop is not one of the documented symbols.
  assert.match(passwordPolicyViolation('abcdefg.', undefined) ?? '', /at least one symbol/);
});

void test('a custom policy: its minimum length and each required character type', () => {
  assert.equal(passwordPolicyViolation('Sh0rt!', POLICY), 'Password should have a minimum length of 12');
  assert.equal(passwordPolicyViolation('longenough1!', POLICY), 'Password should have at least one uppercase letter');
  assert.equal(passwordPolicyViolation('LONGENOUGHXX', POLICY), 'Password should have at least one number, Password should have at least one symbol');
  assert.equal(passwordPolicyViolation('LONGENOUGH1!', POLICY), undefined, 'lowercase is not required by this policy');
  assert.equal(passwordPolicyViolation('aaaaaa', { ...POLICY, MinimumPasswordLength: 6, RequireSymbols: false, RequireNumbers: false, RequireUppercaseCharacters: false }), undefined);
});

void test('passwords expire MaxPasswordAge days after they were set', () => {
  assert.equal(passwordExpiry('2024-05-01T12:00:00Z', POLICY)?.toISOString(), '2024-07-30T12:00:00.000Z');
  assert.equal(passwordExpiry('2024-05-01T12:00:00Z', undefined), undefined);
  assert.equal(passwordExpiry('2024-05-01T12:00:00Z', { ...POLICY, MaxPasswordAge: undefined }), undefined);
});
