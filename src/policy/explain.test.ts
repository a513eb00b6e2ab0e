import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { explain, explainBrief, parsePolicy } from './index.js';
import type { CompiledPolicy, Json, PolicyKind, RequestContext } from './types.js';

function policy(kind: PolicyKind, id: string, statements: Json[]): CompiledPolicy {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, kind, id);
  if (!r.ok) throw new Error(r.error.message);
  return r.policy;
}

const alice: RequestContext = {
  principal: { type: 'user', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' },
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::reports/q3.csv',
  context: { 'aws:SourceIp': '203.0.113.9', 'aws:username': 'alice' },
};

describe('explain', () => {
  it('names the Deny statement that blocks and suggests removing it', () => {
    const deny = { Sid: 'NoReports', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::reports/*' };
    const p = policy('identity', 'arn:aws:iam::123456789012:policy/Guard', [{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }, deny]);
    const e = explain({ identity: [p] }, alice);
    assert.equal(e.decision, 'ExplicitDeny');
    assert.deepEqual(e.deciding.map((r) => r.statement), ['NoReports']);
    assert.equal(
      e.message,
      'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::reports/q3.csv with an explicit deny in an identity-based policy',
    );
    assert.equal(e.fix?.kind, 'remove-deny');
    assert.deepEqual(e.fix?.statement, deny);
    assert.match(e.summary, /^Explicitly denied: .* Denied by statement NoReports of identity-based policy arn:aws:iam::123456789012:policy\/Guard\.$/);
  });

  it('says which condition failed, with the request value against the policy values', () => {
    const p = policy('identity', 'office', [
      { Sid: 'FromOffice', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } },
    ]);
    const e = explain({ identity: [p] }, alice);
    assert.equal(e.decision, 'ImplicitDeny');
    const st = e.policies[0]!.statements[0]!;
    assert.equal(st.action.matched, true);
    assert.equal(st.matched, false);
    const failed = st.conditions.find((c) => !c.matched);
    assert.equal(failed?.key, 'aws:SourceIp');
    assert.deepEqual(failed?.requestValues, ['203.0.113.9']);
    assert.deepEqual(failed?.policyValues, ['192.0.2.0/24']);
    assert.match(e.summary, /Almost: statement FromOffice of office: condition IpAddress aws:SourceIp failed/);
    assert.equal(e.fix?.kind, 'add-statement');
    assert.deepEqual(e.fix?.statement, { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/q3.csv' });
    assert.match(e.fix?.text ?? '', /^Add this statement to identity-based policy office: /);
  });

  it('suggests a trust-policy statement naming the caller when the role trust policy does not allow', () => {
    const trust = policy('trust', 'trust policy of role/deploy', [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const e = explain({ trust, identity: [policy('identity', 'p', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }])] }, {
      ...alice,
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::123456789012:role/deploy',
    });
    assert.equal(e.deniedBy, 'role trust');
    assert.equal(e.fix?.policyKind, 'trust');
    assert.deepEqual(e.fix?.statement, { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' }, Action: 'sts:AssumeRole' });
  });

  it('says so when no policy of the deciding type exists', () => {
    const e = explain({}, alice);
    assert.equal(e.decision, 'ImplicitDeny');
    assert.equal(e.deniedBy, 'identity-based');
    assert.match(e.summary, /There is no identity-based policy to grant it/);
    assert.match(e.fix?.text ?? '', /^Add this statement to an identity-based policy: /);
  });

  it('renders the same explanation for the same input', () => {
    const p = policy('identity', 'p', [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::other/*' }]);
    assert.deepEqual(JSON.stringify(explain({ identity: [p] }, alice)), JSON.stringify(explain({ identity: [p] }, alice)));
  });

  it('lists every granting statement of an allow', () => {
    const a = policy('identity', 'a', [{ Sid: 'One', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    const b = policy('identity', 'b', [{ Sid: 'Two', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::reports/*' }]);
    const e = explain({ identity: [a, b] }, alice);
    assert.equal(e.decision, 'Allow');
    assert.deepEqual(e.deciding.map((r) => `${r.policy}#${r.statement}`).sort(), ['a#One', 'b#Two']);
    assert.equal(e.message, undefined);
    assert.equal(e.fix, undefined);
  });
});

describe('explainBrief', () => {
  it('gives an allow its granting statements without the trace, and a denial in full', () => {
    const p = policy('identity', 'p', [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
    const allowed = explainBrief({ identity: [p] }, alice);
    assert.equal(allowed.decision, 'Allow');
    assert.deepEqual(allowed.deciding.map((r) => r.statement), ['Read']);
    assert.deepEqual(allowed.policies, []);
    assert.equal(allowed.summary, explain({ identity: [p] }, alice).summary);
    const denied = explainBrief({ identity: [p] }, { ...alice, action: 's3:PutObject' });
    assert.deepEqual(denied, explain({ identity: [p] }, { ...alice, action: 's3:PutObject' }));
  });
});
