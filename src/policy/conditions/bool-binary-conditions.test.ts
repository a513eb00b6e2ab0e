import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './condition-fixture.js';
import { canonicalBase64 } from './binary-conditions.js';
import { parseBool } from './bool-conditions.js';

test('Bool compares true and false, case-insensitively', () => {
  assert.equal(check('Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'false' }), true);
  assert.equal(check('Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'true' }), false);
  assert.equal(check('Bool', 'aws:SecureTransport', 'TRUE', { 'aws:SecureTransport': 'True' }), true);
  assert.equal(check('Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'yes' }), false);
  assert.equal(check('Bool', 'aws:SecureTransport', 'yes', { 'aws:SecureTransport': 'yes' }), false);
  assert.deepEqual(['true', 'FALSE', 'x', ''].map(parseBool), [true, false, undefined, undefined]);
});

test('BoolIfExists on aws:MultiFactorAuthPresent: a missing key is true', () => {
  assert.equal(check('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', {}), true);
  assert.equal(check('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', { 'aws:MultiFactorAuthPresent': 'true' }), false);
  assert.equal(check('Bool', 'aws:MultiFactorAuthPresent', 'false', {}), false);
});

test('Bool resolves policy variables', () => {
  assert.equal(check('Bool', 'aws:SecureTransport', '${aws:ViaAWSService}', { 'aws:SecureTransport': 'true', 'aws:ViaAWSService': 'TRUE' }), true);
  assert.equal(check('Bool', 'aws:SecureTransport', '${aws:ViaAWSService}', { 'aws:SecureTransport': 'true' }), false);
});

test('BinaryEquals compares the bytes of base-64 values', () => {
  const policy = 'QmluYXJ5VmFsdWVJbkJhc2U2NA==';
  assert.equal(check('BinaryEquals', 'k:bin', policy, { 'k:bin': policy }), true);
  assert.equal(check('BinaryEquals', 'k:bin', policy, { 'k:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA' }), true);
  assert.equal(check('BinaryEquals', 'k:bin', policy, { 'k:bin': 'QmluYXJ5' }), false);
  assert.equal(check('BinaryEquals', 'k:bin', policy, { 'k:bin': 'not base64!' }), false);
  assert.equal(check('BinaryEquals', 'k:bin', 'not base64!', { 'k:bin': 'not base64!' }), false);
  assert.equal(check('BinaryEquals', 'k:bin', policy, {}), false);
  assert.equal(canonicalBase64('QQ'), 'QQ==');
  assert.equal(canonicalBase64('Q'), undefined);
});
