import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './parse-policy.js';
import { policyContextKeys } from './context-keys.js';
import type { CompiledPolicy, Json } from './types.js';

function policy(doc: Json): CompiledPolicy {
  const r = parsePolicy(doc, 'identity', 'p');
  if (!r.ok) throw new Error(r.error.message);
  return r.policy;
}

void test('keys from Resource variables and conditions, in document order (AWS CLI reference example: aws:username, aws:CurrentTime)', () => {
  const p = policy({
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2015-08-16T12:00:00Z' } } },
  });
  assert.deepEqual(policyContextKeys([p]), ['aws:username', 'aws:CurrentTime']);
});

void test('each key once across policies, as first written; variables in condition values count', () => {
  const a = policy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { StringLike: { 's3:prefix': '${aws:username}/*' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] });
  const b = policy({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:sourceip': '10.0.0.0/8' }, Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }] });
  assert.deepEqual(policyContextKeys([a, b]), ['s3:prefix', 'aws:username', 'aws:SourceIp', 'aws:MultiFactorAuthPresent']);
});

void test('without Version 2012-10-17, ${...} is text, not a key', () => {
  const p = policy({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}' }] });
  assert.deepEqual(policyContextKeys([p]), []);
});
