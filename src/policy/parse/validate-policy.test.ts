import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json, PolicyKind } from '../types.js';
import { validatePolicy } from './validate-policy.js';
import { REASONS } from './policy-errors.js';

const stmt = (extra: Record<string, Json>): Json => ({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', ...extra });
const doc = (...statements: Json[]): Json => ({ Version: '2012-10-17', Statement: statements });
const trust = (extra: Record<string, Json>): Json =>
  doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', ...extra });

function reason(document: string | Json, kind: PolicyKind = 'identity'): string {
  const r = validatePolicy(document, kind);
  assert.equal(r.ok, false, `expected ${JSON.stringify(document)} to be refused`);
  return r.ok ? '' : r.error.message;
}

function accepted(document: string | Json, kind: PolicyKind = 'identity') {
  const r = validatePolicy(document, kind);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.policy;
}

void test('text that is not one JSON object is a syntax error', () => {
  for (const text of ['This is not a json document', '[]', '"x"', '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}} {}']) {
    assert.equal(reason(text), REASONS.syntax);
  }
});

void test('a key given twice in one object is a syntax error', () => {
  const twoEffects = '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Effect":"Allow","Action":"ec2:*","Resource":"*"}}';
  assert.equal(reason(twoEffects), REASONS.syntax);
  assert.equal(validatePolicy(JSON.parse(twoEffects) as Json, 'identity').ok, true, 'JSON.parse would have hidden it');
});

void test('structural faults are syntax errors', () => {
  const cases: Json[] = [
    { Version: '2012-10-17' },
    { Version: '2012-10-17', Statement: [] },
    { Version: '2012-10-17', Statement: ['afd'] },
    { Version: '2013-10-17', Statement: stmt({}) },
    { ...(doc(stmt({})) as object), Extra: 'x' },
    doc(stmt({ Extra: 'x' })),
    { Version: '2012-10-17', Id: ['x'], Statement: stmt({}) },
    doc(stmt({ Effect: 'invalid' })),
    doc({ Action: 's3:*', Resource: '*' }),
    doc(stmt({ Sid: {} })),
    doc(stmt({ Resource: { a: 'b' } })),
    doc(stmt({ Resource: ['x', {}] })),
    doc(stmt({ Action: [[]] })),
    doc(stmt({ NotAction: 's3:Get*' })),
    doc(stmt({ NotResource: '*' })),
    doc(stmt({ Condition: [] })),
    doc(stmt({ Condition: { DateGreaterThan: 'b' } })),
    doc(stmt({ Condition: { DateGreaterThan: { a: {} } } })),
    doc(stmt({ Condition: { StringEquals: { a: [null] } } })),
    doc(stmt({ Condition: { x: { a: '1' } } })),
    doc(stmt({ Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } } })),
  ];
  for (const c of cases) assert.equal(reason(c), REASONS.syntax, JSON.stringify(c));
});

void test('Principal and NotPrincipal together, or of a wrong shape, are syntax errors', () => {
  assert.equal(reason(trust({ NotPrincipal: { AWS: '123456789012' } }), 'trust'), REASONS.syntax);
  assert.equal(reason(trust({ Principal: 'arn:aws:iam::123456789012:root' }), 'trust'), REASONS.syntax);
  assert.equal(reason(trust({ Principal: { Group: 'x' } }), 'trust'), REASONS.syntax);
  assert.equal(reason(trust({ Principal: { AWS: [1] } }), 'trust'), REASONS.syntax);
});

void test('Version: absent or 2008-10-17 is accepted for inline policies and refused for managed ones', () => {
  const old = { Version: '2008-10-17', Statement: stmt({}) };
  const none = { Statement: stmt({}) };
  assert.equal(accepted(old).version, '2008-10-17');
  assert.equal(accepted(none).version, undefined);
  assert.equal(reason(old, 'boundary'), REASONS.version);
  assert.equal(reason(none, 'boundary'), REASONS.version);
  const managed = validatePolicy(none, 'identity', { managed: true });
  assert.equal(managed.ok ? '' : managed.error.message, REASONS.version);
  // The Version rule comes before the older parser's checks.
  assert.equal(reason({ Statement: stmt({ Effect: 'denY' }) }, 'boundary'), REASONS.version);
});

void test("the older parser refuses a wrong-case Effect, bad dates and some ARNs", () => {
  const cases: Json[] = [
    doc(stmt({ Effect: 'denY' })),
    doc(stmt({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } })),
    doc(stmt({ Condition: { DateLessThanEquals: { a: '234-13' } } })),
    doc(stmt({ Condition: { DateLessThan: { a: '9223372036854775808' } } })),
    doc(stmt({ Resource: 'arn:aws:s3::example_bucket' })),
    doc(stmt({ NotResource: 'arn:aws::fdsasf', Resource: undefined as unknown as Json })),
    doc({ Effect: 'Allow', Condition: { DateGreaterThan: { a: 'x' } } }),
  ];
  for (const c of cases) assert.equal(reason(JSON.parse(JSON.stringify(c)) as Json), REASONS.legacyParsing, JSON.stringify(c));
});

void test('Sid: unique within the policy, letters and digits only in IAM policies', () => {
  assert.equal(reason(doc(stmt({ Sid: 'a' }), stmt({ Sid: 'a' }))), REASONS.duplicateSid);
  assert.equal(reason(doc(stmt({ Sid: 'Atomic_Red_Team' }))), REASONS.sidNotAlphanumeric);
  assert.equal(reason(trust({ Sid: 'with space' }), 'trust'), REASONS.sidNotAlphanumeric);
  accepted(doc(stmt({ Sid: '' }), stmt({ Sid: '' })));
  accepted(doc(stmt({ Sid: 'a' }), stmt({ Sid: 'A' })));
  // Other services' resource policies allow more characters.
  accepted(doc(stmt({ Sid: 'Allow public read', Principal: '*' })), 'resource');
});

void test('actions: present, prefixed by a vendor, one colon, a valid vendor', () => {
  assert.equal(reason(doc({ Effect: 'Allow', Resource: '*' })), REASONS.missingActions);
  assert.equal(reason(doc(stmt({ Action: [] }))), REASONS.missingActions);
  assert.equal(reason(doc({ Effect: 'Deny' }, stmt({}))), REASONS.missingActions);
  assert.equal(reason(doc(stmt({ Action: 'invalid' }))), REASONS.actionNoVendor);
  assert.equal(reason(doc({ Effect: 'Allow', NotAction: '', Resource: '*' })), REASONS.actionNoVendor);
  assert.equal(reason(doc(stmt({ Action: 's3:List:Bucket' }))), REASONS.actionTwoColons);
  assert.equal(reason(doc(stmt({ Action: 'a a:ListBucket' }))), 'Vendor a a is not valid');
  // A missing Resource is reported before a bad action (recorded: test_iam_policies ›
  // test_create_policy_invalid_document[invalid-29]).
  assert.equal(reason(doc({ Effect: 'Allow', Action: 'invalid' })), REASONS.missingResources);
  accepted(doc(stmt({ Action: '*' }), stmt({ Action: 'iam:*AccessKey*' }), stmt({ Action: 's3-s.x:Get' })));
});

void test('resources: present, in ARN form, without Region for IAM and S3', () => {
  assert.equal(reason(doc({ Effect: 'Allow', Action: 's3:ListBucket' })), REASONS.missingResources);
  assert.equal(reason(doc(stmt({ Resource: [] }))), REASONS.missingResources);
  assert.equal(reason(doc(stmt({ Resource: 'invalid resource' }))), 'Resource invalid resource must be in ARN format or "*".');
  assert.equal(reason(doc(stmt({ Resource: '' }))), 'Resource  must be in ARN format or "*".');
  // A resource reason comes before an action reason.
  assert.equal(reason(doc(stmt({ Action: 's:3:ListBucket', Resource: 'sdfsadf' }))), 'Resource sdfsadf must be in ARN format or "*".');
  assert.equal(reason(doc(stmt({ Resource: 'a:b:cadfsdf' }))), 'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".');
  assert.equal(reason(doc(stmt({ Resource: 'a:bsdfdsafsad' }))), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".');
  assert.equal(reason(doc(stmt({ Resource: 'aws:s3:::example_bucket' }))), 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".');
  assert.equal(reason(doc(stmt({ Resource: 'a:b:c:d:e:f:g:h' }))), 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".');
  assert.equal(reason(doc(stmt({ Resource: 'arn:aws' }))), REASONS.resourceVendor);
  assert.equal(
    reason(doc(stmt({ Resource: 'arn:aws:iam:us-east-1::x' }))),
    'IAM resource arn:aws:iam:us-east-1::x cannot contain region information.',
  );
  assert.equal(
    reason(doc(stmt({ Resource: 'arn:aws:s3:us-east-1::b' }))),
    'Resource arn:aws:s3:us-east-1::b can not contain region information.',
  );
  assert.match(reason(doc(stmt({ Resource: 'arn:aws:iam:::example_bucket' }))), /^IAM resource path must either be "\*", root, or start with user\/, /);
  accepted(
    doc(
      stmt({ Resource: ['arn:aws:s3:::b', '*'] }),
      stmt({ Resource: 'arn:aws:iam::*:user/${aws:username}' }),
      stmt({ Resource: 'arn:aws:s3:us-west-2:123456789012:accesspoint/ap' }),
      stmt({ Resource: 'arn:aws:fdsasf' }),
      stmt({ Resource: 'arn:aws:ec2:us-east-1::x' }),
    ),
  );
});

void test('identity, boundary and session policies may not name a principal', () => {
  for (const kind of ['identity', 'boundary', 'session'] as const) {
    assert.equal(reason(doc(stmt({ Principal: '*' })), kind), REASONS.principalInIdentityPolicy);
    assert.equal(reason(doc(stmt({ NotPrincipal: { AWS: '123456789012' } })), kind), REASONS.principalInIdentityPolicy);
  }
});

void test('trust policies: principal required, no NotPrincipal, no Resource, only STS AssumeRole actions', () => {
  assert.equal(reason(doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust'), REASONS.trustNoPrincipals);
  assert.equal(reason(trust({ Principal: { AWS: [] } }), 'trust'), REASONS.trustNoPrincipals);
  assert.equal(reason(doc({ Effect: 'Deny', NotPrincipal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }), 'trust'), REASONS.trustNotPrincipal);
  assert.equal(reason(trust({ Resource: '*' }), 'trust'), REASONS.trustResource);
  assert.equal(reason(trust({ NotResource: '*' }), 'trust'), REASONS.trustNotResource);
  assert.equal(reason(trust({ Action: ['sts:AssumeRole', 's3:GetObject'] }), 'trust'), REASONS.trustActions);
  assert.equal(reason(trust({ Action: '*' }), 'trust'), REASONS.trustActions);
  accepted(trust({ Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:setcontext'] }), 'trust');
  accepted({ Statement: { Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' } }, 'trust');
});

void test('principal values: well formed, no wildcard inside a name', () => {
  const bad: [Json, string][] = [
    [{ AWS: 'arn:aws:iam::*:root' }, 'Invalid principal in policy: "AWS":"arn:aws:iam::*:root"'],
    [{ AWS: 'INSERT_THE_ROLE_ARN' }, 'Invalid principal in policy: "AWS":"INSERT_THE_ROLE_ARN"'],
    [{ AWS: 'arn:aws:sts::123456789012:assumed-role/R/*' }, 'Invalid principal in policy: "AWS":"arn:aws:sts::123456789012:assumed-role/R/*"'],
    [{ Service: 'ec2' }, 'Invalid principal in policy: "SERVICE":"ec2"'],
    [{ Federated: 'example.com' }, 'Invalid principal in policy: "FEDERATED":"example.com"'],
  ];
  for (const [principal, message] of bad) assert.equal(reason(trust({ Principal: principal }), 'trust'), message);
  accepted(
    doc(
      stmt({ Principal: { AWS: ['arn:aws:iam::123456789012:root', '999999999999'], CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' } }),
      stmt({ Principal: { AWS: 'arn:aws:iam::123456789012:user/path/to/Bob' } }),
      stmt({ Principal: { AWS: 'arn:aws:sts::123456789012:federated-user/Bob' } }),
      stmt({ Principal: { Service: ['ecs.amazonaws.com', 'elasticloadbalancing.amazonaws.com'] } }),
    ),
    'resource',
  );
});

void test('the Principal is normalised: lists by type, account IDs as root ARNs, "*" as any', () => {
  const p = accepted(
    doc(stmt({ Principal: { AWS: ['123456789012', 'arn:aws:iam::555555555555:role/R'], Service: 'ec2.amazonaws.com' } }), stmt({ Principal: { AWS: '*' } }), stmt({ Principal: '*' })),
    'resource',
  );
  assert.deepEqual(p.statements[0]?.principals, {
    any: false,
    aws: ['arn:aws:iam::123456789012:root', 'arn:aws:iam::555555555555:role/R'],
    service: ['ec2.amazonaws.com'],
    federated: [],
    canonicalUser: [],
  });
  assert.equal(p.statements[1]?.principals?.any, true);
  assert.equal(p.statements[2]?.principals?.any, true);
});

void test('resource-based policies need a principal; NotPrincipal is allowed there', () => {
  assert.equal(reason(doc(stmt({})), 'resource'), REASONS.resourceMissingPrincipal);
  const p = accepted(doc(stmt({ Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::444455556666:user/Bob', 'arn:aws:iam::444455556666:root'] } })), 'resource');
  assert.equal(p.statements[0]?.notPrincipal, true);
});

void test('SCPs take no principal; RCPs take exactly "*"; Organizations answers with its own error', () => {
  assert.equal(reason(doc(stmt({ Principal: '*' })), 'scp'), REASONS.scpPrincipal);
  accepted(doc(stmt({ Effect: 'Deny' })), 'scp');
  assert.equal(reason(doc(stmt({})), 'rcp'), REASONS.rcpPrincipalNotWildcard);
  assert.equal(reason(doc(stmt({ Principal: { AWS: '123456789012' } })), 'rcp'), REASONS.rcpPrincipalNotWildcard);
  accepted(doc(stmt({ Effect: 'Deny', Principal: '*' }), stmt({ Effect: 'Deny', Principal: { AWS: '*' } })), 'rcp');
  const r = validatePolicy(doc(stmt({ Principal: '*' })), 'scp', {});
  assert.deepEqual(r.ok ? undefined : r.error, {
    code: 'MalformedPolicyDocumentException',
    message: 'The provided policy document does not meet the requirements of the specified policy type.',
    reason: REASONS.scpPrincipal,
  });
});

void test('every element takes its string form and its array form; Statement takes an object', () => {
  const single = accepted({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } });
  const listed = accepted(doc({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }));
  assert.deepEqual(single, listed);
  assert.deepEqual(single.statements[0]?.resources, ['arn:aws:s3:::b/*']);
});

void test('condition values: strings, numbers and booleans, alone or in lists, kept as text', () => {
  const p = accepted(
    doc(
      stmt({
        Condition: {
          Bool: { 'aws:SecureTransport': false },
          NumericLessThanEquals: { 's3:max-keys': 10 },
          'ForAnyValue:StringLike': { 'aws:TagKeys': ['a', 'b*'] },
          StringEqualsIfExists: { 'aws:username': [] },
          DateGreaterThan: { 'aws:CurrentTime': '2017-07-01T00:00:00Z' },
          NotAnOperator: {},
        },
      }),
    ),
  );
  assert.deepEqual(p.statements[0]?.condition, [
    { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] },
    { operator: 'NumericLessThanEquals', key: 's3:max-keys', values: ['10'] },
    { operator: 'ForAnyValue:StringLike', key: 'aws:TagKeys', values: ['a', 'b*'] },
    { operator: 'StringEqualsIfExists', key: 'aws:username', values: [] },
    { operator: 'DateGreaterThan', key: 'aws:CurrentTime', values: ['2017-07-01T00:00:00Z'] },
  ]);
});

void test('policy variables are kept as written, in every element', () => {
  const p = accepted(doc(stmt({ Resource: 'arn:aws:s3:::b/home/${aws:username}/*', Condition: { StringLike: { 's3:prefix': '${aws:username}/*' } } })));
  assert.deepEqual(p.statements[0]?.resources, ['arn:aws:s3:::b/home/${aws:username}/*']);
  // Not substituted in Action: the variable's own colon makes it a second colon.
  assert.equal(reason(doc(stmt({ Action: 's3:${aws:username}' }))), REASONS.actionTwoColons);
  // In a principal it names no principal.
  assert.equal(reason(trust({ Principal: { AWS: 'arn:aws:iam::123456789012:user/${aws:username}' } }), 'trust'), 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/${aws:username}"');
});

void test('with options, the receiving API answers: quotas and their messages', () => {
  const big = (n: number): Json => doc(stmt({ Resource: Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, '0')}`) }));
  const errorOf = (document: Json, kind: PolicyKind, options = {}) => {
    const r = validatePolicy(document, kind, options);
    return r.ok ? undefined : r.error;
  };
  assert.equal(errorOf(big(10), 'boundary'), undefined);
  assert.deepEqual(errorOf(big(300), 'boundary'), {
    code: 'LimitExceeded',
    message: 'Cannot exceed quota for PolicySize: 6144',
    reason: 'Cannot exceed quota for PolicySize: 6144',
  });
  assert.equal(errorOf(big(300), 'identity', { inline: { entity: 'role', name: 'R' } }), undefined);
  assert.equal(errorOf(big(300), 'identity', { inline: { entity: 'user', name: 'alice' } })?.message, 'Maximum policy size of 2048 bytes exceeded for user alice');
  assert.equal(errorOf(big(200), 'scp')?.code, 'ConstraintViolationException');
  assert.equal(errorOf(big(200), 'scp')?.constraint, 'POLICY_CONTENT_LIMIT_EXCEEDED');
  const bigTrust = doc(...Array.from({ length: 30 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::123456789012:role/role-number-${i}` }, Action: 'sts:AssumeRole' })));
  assert.equal(errorOf(bigTrust, 'trust')?.message, 'Cannot exceed quota for ACLSizePerRole: 2048');
  assert.equal(errorOf(bigTrust, 'trust', { trustPolicyQuota: 4096 }), undefined);
  assert.equal(errorOf(big(100), 'session')?.code, 'ValidationError');
});
