import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consecutiveCodesStep, ENABLE_WINDOW, RESYNC_WINDOW } from './mfa-verification.js';
import { timeStep, totpCode } from './totp.js';

const SEED = Buffer.from('0123456789abcdefghij0123456789abcdefghij', 'ascii');
const NOW = new Date('2024-05-01T12:00:10Z');
const CURRENT = timeStep(NOW);
const pair = (second: number): [string, string] => [totpCode(SEED, second - 1), totpCode(SEED, second)];

void test('two consecutive codes: the step of the second is found within the window, and only in order', () => {
  const [a, b] = pair(CURRENT);
  assert.equal(consecutiveCodesStep(SEED, a, b, NOW, undefined, ENABLE_WINDOW), CURRENT);
  assert.equal(consecutiveCodesStep(SEED, b, a, NOW, undefined, ENABLE_WINDOW), undefined, 'reversed');
  assert.equal(consecutiveCodesStep(SEED, a, a, NOW, undefined, ENABLE_WINDOW), undefined, 'the same code twice');
  assert.equal(consecutiveCodesStep(SEED, ...pair(CURRENT - 20), NOW, undefined, ENABLE_WINDOW), CURRENT - 20, 'ten minutes late');
  assert.equal(consecutiveCodesStep(SEED, ...pair(CURRENT - 21), NOW, undefined, ENABLE_WINDOW), undefined);
  assert.equal(consecutiveCodesStep(SEED, ...pair(CURRENT + 1), NOW, undefined, ENABLE_WINDOW), CURRENT + 1);
  assert.equal(consecutiveCodesStep(SEED, ...pair(CURRENT + 2), NOW, undefined, ENABLE_WINDOW), undefined, 'too early to enable');
  assert.equal(consecutiveCodesStep(SEED, ...pair(CURRENT + 20), NOW, undefined, RESYNC_WINDOW), CURRENT + 20, 'a fast device resyncs');
});

void test('codes of steps already used are refused', () => {
  const [a, b] = pair(CURRENT);
  assert.equal(consecutiveCodesStep(SEED, a, b, NOW, CURRENT - 2, ENABLE_WINDOW), CURRENT);
  assert.equal(consecutiveCodesStep(SEED, a, b, NOW, CURRENT - 1, ENABLE_WINDOW), undefined);
  assert.equal(consecutiveCodesStep(SEED, a, b, NOW, CURRENT, ENABLE_WINDOW), undefined);
});
