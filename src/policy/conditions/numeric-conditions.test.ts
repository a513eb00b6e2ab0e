import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './condition-fixture.js';
import { parseNumber } from './numeric-conditions.js';

test('numbers are integers and decimals', () => {
  assert.equal(parseNumber('10'), 10);
  assert.equal(parseNumber('-3'), -3);
  assert.equal(parseNumber('+3'), 3);
  assert.equal(parseNumber('0.5'), 0.5);
  assert.equal(parseNumber('.5'), 0.5);
  assert.equal(parseNumber('2.'), 2);
  for (const text of ['', 'abc', '1e3', '0x10', ' 1', '1 ', '1.2.3', '-', '.', 'Infinity', 'NaN']) {
    assert.equal(parseNumber(text), undefined, text);
  }
});

test('each numeric operator compares the request value with the policy value', () => {
  const cases: [string, string, string, boolean][] = [
    ['NumericEquals', '10', '10', true],
    ['NumericEquals', '10', '10.0', true],
    ['NumericEquals', '10', '11', false],
    ['NumericNotEquals', '10', '11', true],
    ['NumericNotEquals', '10', '10', false],
    ['NumericLessThan', '10', '9.5', true],
    ['NumericLessThan', '10', '10', false],
    ['NumericLessThanEquals', '10', '10', true],
    ['NumericLessThanEquals', '10', '11', false],
    ['NumericGreaterThan', '10', '11', true],
    ['NumericGreaterThan', '10', '10', false],
    ['NumericGreaterThanEquals', '10', '10', true],
    ['NumericGreaterThanEquals', '10', '-1', false],
  ];
  for (const [operator, policy, request, expected] of cases) {
    assert.equal(check(operator, 's3:max-keys', policy, { 's3:max-keys': request }), expected, `${operator} ${policy} ${request}`);
  }
});

test('a request value that is not a number does not match; negated operators then hold', () => {
  assert.equal(check('NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': 'ten' }), false);
  assert.equal(check('NumericGreaterThan', 's3:max-keys', '10', { 's3:max-keys': 'ten' }), false);
  assert.equal(check('NumericNotEquals', 's3:max-keys', '10', { 's3:max-keys': 'ten' }), true);
});

test('a policy value that is not a number matches nothing; variables are not resolved', () => {
  assert.equal(check('NumericEquals', 's3:max-keys', 'ten', { 's3:max-keys': '10' }), false);
  assert.equal(check('NumericEquals', 's3:max-keys', '${aws:x}', { 's3:max-keys': '10', 'aws:x': '10' }), false);
  assert.equal(check('NumericEquals', 's3:max-keys', ['ten', '10'], { 's3:max-keys': '10' }), true);
});

test('a missing key: NumericLessThanEquals on aws:MultiFactorAuthAge is false', () => {
  assert.equal(check('NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600', {}), false);
  assert.equal(check('NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': '120' }), true);
  assert.equal(check('NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': '7200' }), false);
});
