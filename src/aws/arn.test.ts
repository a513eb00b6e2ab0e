import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAccountId, assumedRoleArn, federatedUserArn, iamArn, isArn, isValidRoleArn, parseArn, parseIdentityArn, rootArn } from './arn.js';

const ACCOUNT = asAccountId('123456789012');

void test('parse and format keep the resource whole, colons included', () => {
  assert.deepEqual(parseArn('arn:aws:logs:us-east-1:123456789012:log-group:my-group:*'), {
    partition: 'aws',
    service: 'logs',
    region: 'us-east-1',
    account: '123456789012',
    resource: 'log-group:my-group:*',
  });
  assert.deepEqual(parseArn('arn:aws:s3:::my-bucket')?.resource, 'my-bucket');
  assert.equal(parseArn('arn:aws:iam::123456789012'), undefined);
  assert.equal(parseArn('aws:iam::123456789012:user/x'), undefined);
  assert.ok(isArn('arn:aws-cn:iam::123456789012:role/r'));
});

void test('IAM ARNs put the path between type and name', () => {
  assert.equal(iamArn(ACCOUNT, 'user', 'name', '/division/team/'), 'arn:aws:iam::123456789012:user/division/team/name');
  assert.equal(iamArn(ACCOUNT, 'role', 'r'), 'arn:aws:iam::123456789012:role/r');
  assert.equal(iamArn('aws', 'policy', 'ReadOnlyAccess'), 'arn:aws:iam::aws:policy/ReadOnlyAccess');
  assert.equal(rootArn(ACCOUNT), 'arn:aws:iam::123456789012:root');
  assert.equal(assumedRoleArn(ACCOUNT, 'role-name', 'role-session-name'), 'arn:aws:sts::123456789012:assumed-role/role-name/role-session-name');
  assert.equal(federatedUserArn(ACCOUNT, 'bob'), 'arn:aws:sts::123456789012:federated-user/bob');
});

void test('identity ARNs parse into kind, path and name', () => {
  assert.deepEqual(parseIdentityArn('arn:aws:iam::123456789012:user/division/team/name'), {
    kind: 'iam-resource',
    partition: 'aws',
    accountId: '123456789012',
    type: 'user',
    path: '/division/team/',
    name: 'name',
  });
  assert.deepEqual(parseIdentityArn('arn:aws:sts::123456789012:assumed-role/r/s'), {
    kind: 'assumed-role',
    partition: 'aws',
    accountId: '123456789012',
    roleName: 'r',
    sessionName: 's',
  });
  assert.equal(parseIdentityArn('arn:aws:iam::123456789012:root')?.kind, 'root');
  assert.equal(parseIdentityArn('arn:aws:sts::123456789012:federated-user/bob')?.kind, 'federated-user');
  const oidc = parseIdentityArn('arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC');
  assert.equal(oidc?.kind === 'iam-resource' ? oidc.name : '', 'oidc.eks.us-west-2.amazonaws.com/id/ABC');
});

void test('role ARNs STS refuses with "Request ARN is invalid"', () => {
  assert.ok(isValidRoleArn('arn:aws:iam::123456789012:role/example'));
  assert.ok(isValidRoleArn('arn:aws:iam::123456789012:role/team/example'));
  assert.ok(!isValidRoleArn('arn:aws:iam::::1234567890:role/example'));
  assert.ok(!isValidRoleArn('arn:aws:iam::123456789012:user/example'));
  assert.ok(!isValidRoleArn('arn:aws:iam:us-east-1:123456789012:role/example'));
  assert.ok(!isValidRoleArn('arn:aws:iam::123456789012:role/'));
  assert.ok(!isValidRoleArn('example'));
});
