import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json } from '../types.js';
import { invalidPrincipalMessage, isEveryone, namesNoPrincipal, normalizePrincipal, principalShape, principalValueProblem } from './principal-element.js';

void test('shape: "*" or a map of AWS, Service, Federated, CanonicalUser to strings', () => {
  assert.deepEqual(principalShape('*'), { wildcard: true });
  assert.deepEqual(principalShape({ AWS: 'x', Service: ['a', 'b'] }), {
    wildcard: false,
    entries: [
      { type: 'AWS', values: ['x'] },
      { type: 'Service', values: ['a', 'b'] },
    ],
  });
  const bads: Json[] = ['x', ['*'], null, 1, { aws: 'x' }, { AWS: 1 }, { AWS: [['x']] }];
  for (const bad of bads) assert.equal(principalShape(bad), undefined);
});

void test('values: every documented form is accepted', () => {
  const ok = principalShape({
    AWS: [
      '*',
      '123456789012',
      'arn:aws:iam::123456789012:root',
      'arn:aws:iam::123456789012:user/division/Bob',
      'arn:aws:iam::123456789012:role/service-role/R',
      'arn:aws:sts::123456789012:assumed-role/R/session-name',
      'arn:aws:sts::123456789012:federated-user/Bob',
      'AROAEXAMPLEID1234567',
    ],
    Service: ['ec2.amazonaws.com', 'states.us-east-1.amazonaws.com', 'ec2.amazonaws.com.cn'],
    Federated: ['cognito-identity.amazonaws.com', 'www.amazon.com', 'graph.facebook.com', 'accounts.google.com', 'arn:aws:iam::123456789012:saml-provider/ADFS', 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'],
    CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
  });
  assert.ok(ok);
  assert.equal(principalValueProblem(ok), undefined);
});

void test('values: a wildcard inside a name or a malformed value is an invalid principal', () => {
  const cases: [object, string][] = [
    [{ AWS: 'arn:aws:iam::*:root' }, 'Invalid principal in policy: "AWS":"arn:aws:iam::*:root"'],
    [{ AWS: 'arn:aws:iam::123456789012:user/*' }, 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*"'],
    [{ AWS: '12345678901' }, 'Invalid principal in policy: "AWS":"12345678901"'],
    [{ Service: '*' }, 'Invalid principal in policy: "SERVICE":"*"'],
    [{ CanonicalUser: 'abc' }, 'Invalid principal in policy: "CANONICALUSER":"abc"'],
  ];
  for (const [value, message] of cases) {
    const shape = principalShape(value as never);
    assert.ok(shape);
    assert.equal(principalValueProblem(shape), message);
  }
  assert.equal(invalidPrincipalMessage('AWS', 'arn:aws:iam::123456789012:role/nobody'), 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/nobody"');
});

void test('everyone, nobody, and the normalised form', () => {
  assert.equal(isEveryone({ wildcard: true }), true);
  assert.equal(isEveryone({ wildcard: false, entries: [{ type: 'AWS', values: ['*'] }] }), true);
  assert.equal(isEveryone({ wildcard: false, entries: [{ type: 'AWS', values: ['*', '123456789012'] }] }), false);
  assert.equal(namesNoPrincipal({ wildcard: false, entries: [] }), true);
  assert.equal(namesNoPrincipal({ wildcard: false, entries: [{ type: 'AWS', values: [] }] }), true);
  assert.deepEqual(normalizePrincipal({ wildcard: false, entries: [{ type: 'AWS', values: ['111122223333'] }, { type: 'Federated', values: ['www.amazon.com'] }] }), {
    any: false,
    aws: ['arn:aws:iam::111122223333:root'],
    service: [],
    federated: ['www.amazon.com'],
    canonicalUser: [],
  });
});
