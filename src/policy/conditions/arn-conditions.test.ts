import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './condition-fixture.js';

const arnLike = (pattern: string, value: string, operator = 'ArnLike'): boolean =>
  check(operator, 'aws:SourceArn', pattern, { 'aws:SourceArn': value });

test('ArnEquals and ArnLike behave identically, wildcards included', () => {
  for (const op of ['ArnEquals', 'ArnLike']) {
    assert.equal(arnLike('arn:aws:sns:us-east-1:123456789012:topic', 'arn:aws:sns:us-east-1:123456789012:topic', op), true);
    assert.equal(arnLike('arn:aws:sns:*:123456789012:*', 'arn:aws:sns:eu-west-1:123456789012:topic', op), true);
    assert.equal(arnLike('arn:???:*:*:*:*', 'arn:aws:ec2:us-east-1:123456789012:instance/i-1', op), true);
    assert.equal(arnLike('arn:aws:sns:us-east-1:123456789012:topic', 'arn:aws:sns:us-east-1:123456789012:other', op), false);
  }
});

test('ARN matching is case-sensitive', () => {
  assert.equal(arnLike('arn:aws:ec2:us-east-1:123456789012:instance/i-1', 'arn:aws:ec2:us-east-1:123456789012:INSTANCE/I-1'), false);
});

test('a wildcard does not cross the colons between the first components', () => {
  const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
  const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
  assert.equal(arnLike(pattern, value), false);
  assert.equal(check('StringLike', 'aws:SourceArn', pattern, { 'aws:SourceArn': value }), true);
  assert.equal(arnLike('arn:aws:s?s:*:*:*', 'arn:aws:s:s:x:1:r'), false);
});

test('in the resource component wildcards may match colons', () => {
  assert.equal(arnLike('arn:aws:logs:us-east-1:123456789012:log-group:app:*', 'arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x'), true);
  assert.equal(arnLike('arn:aws:logs:*:*:*', 'arn:aws:logs:us-east-1:123456789012:log-group:app'), true);
  assert.equal(arnLike('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a:b'), true);
});

test('values that are not six-component ARNs match nothing', () => {
  assert.equal(arnLike('*', 'arn:aws:s3:::bucket'), false);
  assert.equal(arnLike('arn:*', 'arn:aws:s3:::bucket'), false);
  assert.equal(arnLike('foo*', 'foobar'), false);
  assert.equal(arnLike('arn:aws:s3:::bucket', 'arn:aws:s3::bucket'), false);
});

test('ArnNotEquals and ArnNotLike negate, and hold for a missing key', () => {
  for (const op of ['ArnNotEquals', 'ArnNotLike']) {
    assert.equal(arnLike('arn:aws:sns:*:123456789012:*', 'arn:aws:sns:us-east-1:999999999999:t', op), true);
    assert.equal(arnLike('arn:aws:sns:*:123456789012:*', 'arn:aws:sns:us-east-1:123456789012:t', op), false);
    assert.equal(check(op, 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*', {}), true);
  }
});

test('a variable may stand for a whole ARN or a part of one', () => {
  const context = { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/admin', 'aws:SourceArn': 'arn:aws:iam::123456789012:role/admin', 'aws:username': 'bob' };
  assert.equal(check('ArnEquals', 'aws:SourceArn', '${aws:PrincipalArn}', context), true);
  assert.equal(check('ArnLike', 'aws:SourceArn', 'arn:aws:iam::123456789012:user/${aws:username}', { ...context, 'aws:SourceArn': 'arn:aws:iam::123456789012:user/bob' }), true);
  assert.equal(check('ArnLike', 'aws:SourceArn', 'arn:aws:iam::123456789012:user/${aws:userid}', { ...context, 'aws:SourceArn': 'arn:aws:iam::123456789012:user/bob' }), false);
  assert.equal(check('ArnNotLike', 'aws:SourceArn', 'arn:aws:iam::123456789012:user/${aws:userid}', context), true);
});
