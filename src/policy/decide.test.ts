import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './parse-policy.js';
import { decide } from './decide.js';
import type { CompiledPolicy, Json, PolicyKind, RequestContext } from './types.js';

function policy(kind: PolicyKind, id: string, statements: Json[]): CompiledPolicy {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, kind, id);
  if (!r.ok) throw new Error(r.error.message);
  return r.policy;
}

const request: RequestContext = {
  principal: { type: 'user', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' },
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::reports/q1.csv',
  context: {},
};

void test('the deciding statements and what each kind of policy says on its own', () => {
  const identity = policy('identity', 'i', [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'Ec2', Effect: 'Allow', Action: 'ec2:*', Resource: '*' }]);
  const boundary = policy('boundary', 'b', [{ Sid: 'Ec2Only', Effect: 'Allow', Action: 'ec2:*', Resource: '*' }]);
  const denied = decide({ identity: [identity], boundary }, request);
  assert.equal(denied.decision, 'ImplicitDeny');
  assert.deepEqual(denied.deciding, []);
  assert.deepEqual(denied.byKind, { identity: 'Allow', boundary: 'ImplicitDeny' });

  const allowed = decide({ identity: [identity] }, request);
  assert.equal(allowed.decision, 'Allow');
  assert.deepEqual(allowed.deciding.map((m) => m.statement.sid), ['Read']);

  const guard = policy('identity', 'g', [{ Sid: 'NoReports', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::reports/*' }]);
  const explicit = decide({ identity: [identity, guard] }, request);
  assert.equal(explicit.decision, 'ExplicitDeny');
  assert.deepEqual(explicit.deciding.map((m) => `${m.policy.id}#${m.statement.sid ?? ''}`), ['g#NoReports']);
  assert.deepEqual(explicit.byKind, { identity: 'ExplicitDeny' });
});
