import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policySize, sizeProblem } from './policy-size.js';

void test('white space does not count', () => {
  assert.equal(policySize('{ "a" :\n\t"b c" }\r\n'), 10);
});

void test('each kind has its quota, answered in its API\'s words', () => {
  const fill = (n: number) => 'x'.repeat(n);
  assert.equal(sizeProblem(fill(6144), 'boundary', {}), undefined);
  assert.equal(sizeProblem(fill(6145), 'boundary', {})?.message, 'Cannot exceed quota for PolicySize: 6144');
  assert.equal(sizeProblem(fill(6145), 'identity', {}), undefined, 'an inline policy of unknown owner has no single quota');
  assert.equal(sizeProblem(fill(6145), 'identity', { managed: true })?.code, 'LimitExceeded');
  assert.equal(sizeProblem(fill(2049), 'trust', {})?.message, 'Cannot exceed quota for ACLSizePerRole: 2048');
  assert.equal(sizeProblem(fill(1000), 'identity', { inline: { entity: 'group', name: 'G', otherInlineSize: 4200 } })?.message, 'Maximum policy size of 5120 bytes exceeded for group G');
  assert.equal(sizeProblem(fill(5121), 'rcp', {})?.message, 'You have exceeded the maximum policy size.');
  assert.equal(sizeProblem(' '.repeat(5121), 'scp', {})?.code, 'ConstraintViolationException', 'white space counts in SCPs and RCPs');
  assert.equal(sizeProblem(' '.repeat(5120), 'scp', {}), undefined);
  assert.equal(sizeProblem(' '.repeat(2049), 'session', {})?.code, 'ValidationError', 'white space counts in the STS parameter');
  assert.equal(sizeProblem(fill(100000), 'resource', {}), undefined);
});
