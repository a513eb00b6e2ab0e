import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyPrincipalArn, requestPrincipal } from './principal-arn.js';

void test('classifies users, roles, sessions, federated users, root, services and anonymous callers', () => {
  assert.deepEqual(classifyPrincipalArn('arn:aws:iam::111122223333:user/division/alice'), {
    kind: 'user', partition: 'aws', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/division/alice', name: 'alice', path: '/division/',
  });
  assert.equal(classifyPrincipalArn('arn:aws:iam::111122223333:role/app/Reader')?.kind, 'role');
  assert.equal(classifyPrincipalArn('arn:aws:sts::111122223333:assumed-role/Reader/job-1')?.kind, 'assumed-role');
  assert.equal(classifyPrincipalArn('arn:aws:sts::111122223333:federated-user/bob')?.kind, 'federated-user');
  assert.equal(classifyPrincipalArn('arn:aws-cn:iam::111122223333:root')?.kind, 'root');
  assert.equal(classifyPrincipalArn('ecs-tasks.amazonaws.com')?.kind, 'service');
  assert.equal(classifyPrincipalArn('*')?.kind, 'anonymous');
  assert.equal(classifyPrincipalArn('arn:aws:iam::111122223333:group/devs'), undefined);
  assert.equal(classifyPrincipalArn('arn:aws:iam::aws:policy/ReadOnlyAccess'), undefined);
  assert.equal(classifyPrincipalArn('alice'), undefined);
});

void test('a role ARN becomes a session of the role; a session ARN names the role behind it', () => {
  assert.deepEqual(requestPrincipal('arn:aws:iam::111122223333:role/app/Reader', { sessionName: 'job-1' }), {
    type: 'assumed-role',
    arn: 'arn:aws:sts::111122223333:assumed-role/Reader/job-1',
    accountId: '111122223333',
    identityArn: 'arn:aws:iam::111122223333:role/app/Reader',
  });
  assert.equal(requestPrincipal('arn:aws:sts::111122223333:assumed-role/Reader/job-1')?.identityArn, 'arn:aws:iam::111122223333:role/Reader');
  assert.deepEqual(requestPrincipal('arn:aws:iam::111122223333:root'), { type: 'root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' });
  assert.deepEqual(requestPrincipal('logs.amazonaws.com'), { type: 'service', arn: 'logs.amazonaws.com' });
  assert.equal(requestPrincipal('arn:aws:s3:::bucket'), undefined);
});
