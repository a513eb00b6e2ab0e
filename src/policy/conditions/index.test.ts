import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConditionNote } from '../types.js';
import { check, explain, requestWith } from './condition-fixture.js';
import { compileCondition, conditionError } from './index.js';

test('a missing key: positive operators are false, negated ones true (every family)', () => {
  const cases: [string, string][] = [
    ['StringEquals', 'x'], ['StringEqualsIgnoreCase', 'x'], ['StringLike', 'x*'],
    ['NumericEquals', '1'], ['NumericLessThan', '1'], ['DateEquals', '2020-01-01'], ['DateGreaterThan', '2020-01-01'],
    ['Bool', 'true'], ['BinaryEquals', 'QQ=='], ['IpAddress', '10.0.0.0/8'], ['ArnEquals', 'arn:aws:s3:::b'], ['ArnLike', 'arn:aws:s3:::*'],
  ];
  const negations: [string, string][] = [
    ['StringNotEquals', 'x'], ['StringNotEqualsIgnoreCase', 'x'], ['StringNotLike', 'x*'], ['NumericNotEquals', '1'],
    ['DateNotEquals', '2020-01-01'], ['NotIpAddress', '10.0.0.0/8'], ['ArnNotEquals', 'arn:aws:s3:::b'], ['ArnNotLike', 'arn:aws:s3:::*'],
  ];
  for (const [op, value] of cases) {
    assert.equal(check(op, 'k:absent', value, {}), false, op);
    assert.equal(check(`${op}IfExists`, 'k:absent', value, {}), true, `${op}IfExists`);
  }
  for (const [op, value] of negations) {
    assert.equal(check(op, 'k:absent', value, {}), true, op);
    assert.equal(check(`${op}IfExists`, 'k:absent', value, {}), true, `${op}IfExists`);
  }
});

test('...IfExists applies the base operator when the key is present', () => {
  assert.equal(check('StringLikeIfExists', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], { 'ec2:InstanceType': 't2.micro' }), true);
  assert.equal(check('StringLikeIfExists', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], { 'ec2:InstanceType': 'c5.large' }), false);
  assert.equal(check('StringNotEqualsIfExists', 'aws:PrincipalTag/x', 'a', { 'aws:PrincipalTag/x': 'a' }), false);
  assert.equal(check('StringNotEqualsIfExists', 'aws:PrincipalTag/x', 'a', { 'aws:PrincipalTag/x': 'b' }), true);
});

test('condition key names are case-insensitive, tag keys included', () => {
  assert.equal(check('StringEquals', 'AWS:SourceIP', 'x', { 'aws:SourceIp': 'x' }), true);
  assert.equal(check('StringEquals', 'aws:PrincipalTag/Team', 'red', { 'aws:principaltag/team': 'red' }), true);
  assert.equal(check('StringEquals', 'aws:ResourceTag/TagKey1', 'Value1', { 'aws:ResourceTag/tagkey1': 'Value1' }), true);
});

test('ForAllValues: every request value must match some policy value', () => {
  const allowed = ['PostDateTime', 'Message', 'Tags'];
  const op = 'ForAllValues:StringEquals';
  assert.equal(check(op, 'dynamodb:Attributes', allowed, { 'dynamodb:Attributes': ['Message', 'Tags'] }), true);
  assert.equal(check(op, 'dynamodb:Attributes', allowed, { 'dynamodb:Attributes': ['PostDateTime', 'UserName'] }), false);
  assert.equal(check(op, 'dynamodb:Attributes', allowed, { 'dynamodb:Attributes': 'Message' }), true);
});

test('ForAllValues is true for a missing key and for an empty set', () => {
  assert.equal(check('ForAllValues:StringEquals', 'aws:TagKeys', 'a', {}), true);
  assert.equal(check('ForAllValues:StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': [] }), true);
  assert.equal(check('ForAllValues:StringEqualsIfExists', 'aws:TagKeys', 'a', {}), true);
});

test('ForAnyValue: at least one request value must match; a missing key or an empty set is false', () => {
  const forbidden = ['ID', 'PostDateTime'];
  const op = 'ForAnyValue:StringEquals';
  assert.equal(check(op, 'dynamodb:Attributes', forbidden, { 'dynamodb:Attributes': ['UserName', 'Message', 'PostDateTime'] }), true);
  assert.equal(check(op, 'dynamodb:Attributes', forbidden, { 'dynamodb:Attributes': ['UserName'] }), false);
  assert.equal(check(op, 'dynamodb:Attributes', forbidden, {}), false);
  assert.equal(check(op, 'dynamodb:Attributes', forbidden, { 'dynamodb:Attributes': [] }), false);
  assert.equal(check('ForAnyValue:StringEqualsIfExists', 'dynamodb:Attributes', forbidden, {}), true);
});

test('ForAllValues:StringNotEquals: no request value may equal a policy value', () => {
  const op = 'ForAllValues:StringNotEquals';
  const values = ['DataClass', 'Owner'];
  assert.equal(check(op, 'aws:TagKeys', values, {}), true);
  assert.equal(check(op, 'aws:TagKeys', values, { 'aws:TagKeys': ['DataClass', 'Owner'] }), false);
  assert.equal(check(op, 'aws:TagKeys', values, { 'aws:TagKeys': ['DataClass', 'Dept'] }), false);
  assert.equal(check(op, 'aws:TagKeys', values, { 'aws:TagKeys': ['Dept'] }), true);
  assert.equal(check(op, 'aws:TagKeys', values, { 'aws:TagKeys': ['Dept', 'SIC'] }), true);
  assert.equal(check(op, 'aws:TagKeys', values, { 'aws:TagKeys': ['Dept', 'SIC', 'DataClass'] }), false);
});

test('ForAnyValue:StringNotEquals: some request value must equal no policy value', () => {
  const op = 'ForAnyValue:StringNotEquals';
  const values = ['DataClass', 'Owner'];
  assert.equal(check(op, 'aws:TagKeys', values, {}), false);
  assert.equal(check(op, 'aws:TagKeys', values, { 'aws:TagKeys': [] }), false);
  assert.equal(check(op, 'aws:TagKeys', values, { 'aws:TagKeys': ['DataClass', 'Owner'] }), false);
  assert.equal(check(op, 'aws:TagKeys', values, { 'aws:TagKeys': ['Dept', 'DataClass'] }), true);
  assert.equal(check(op, 'aws:TagKeys', values, { 'aws:TagKeys': ['Dept', 'SIC'] }), true);
});

test('set qualifiers work with every family', () => {
  assert.equal(check('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*', { 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/'] }), true);
  assert.equal(check('ForAllValues:IpAddress', 'k:ips', '10.0.0.0/8', { 'k:ips': ['10.1.1.1', '10.2.2.2'] }), true);
  assert.equal(check('ForAllValues:IpAddress', 'k:ips', '10.0.0.0/8', { 'k:ips': ['10.1.1.1', '11.2.2.2'] }), false);
  assert.equal(check('ForAnyValue:NumericGreaterThan', 'k:n', '5', { 'k:n': ['1', '9'] }), true);
  assert.equal(check('ForAllValues:ArnLike', 'k:arns', 'arn:aws:s3:::*', { 'k:arns': ['arn:aws:s3:::a', 'arn:aws:s3:::b'] }), true);
  assert.equal(check('ForAnyValue:DateLessThan', 'k:d', '2020-01-01', { 'k:d': ['2021-01-01', '2019-01-01'] }), true);
  assert.equal(check('ForAllValues:NotIpAddress', 'k:ips', '10.0.0.0/8', { 'k:ips': ['11.1.1.1', '12.2.2.2'] }), true);
  assert.equal(check('ForAllValues:NotIpAddress', 'k:ips', '10.0.0.0/8', { 'k:ips': ['11.1.1.1', '10.2.2.2'] }), false);
});

test('a multivalued key without a qualifier: positive operators match when any value does', () => {
  assert.equal(check('StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['b', 'a'] }), true);
  assert.equal(check('StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['b', 'c'] }), false);
  assert.equal(check('StringNotEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['b', 'a'] }), false);
  assert.equal(check('StringNotEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['b', 'c'] }), true);
  assert.equal(check('StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': [] }), false);
  assert.equal(check('StringNotEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': [] }), true);
});

test('a condition with no values: positive operators match nothing, negated ones hold', () => {
  assert.equal(check('StringEquals', 'k:v', [], { 'k:v': 'x' }), false);
  assert.equal(check('StringNotEquals', 'k:v', [], { 'k:v': 'x' }), true);
});

test('operator names are read case-insensitively and keep their qualifiers', () => {
  const c = compileCondition({ operator: 'forallvalues:stringlikeifexists', key: 'AWS:TagKeys', values: ['a*'] }, '2012-10-17');
  assert.equal(c.operator, 'forallvalues:stringlikeifexists');
  assert.equal(c.baseOperator, 'StringLike');
  assert.equal(c.setQualifier, 'ForAllValues');
  assert.equal(c.ifExists, true);
  assert.equal(c.key, 'AWS:TagKeys');
  assert.equal(c.keyLower, 'aws:tagkeys');
  assert.deepEqual(c.values, ['a*']);
});

test('conditionError: unknown operators are syntax errors', () => {
  for (const operator of ['StringEqual', 'x', 'ForAnyValue::StringEqualsIfExists', 'NullIfExists', 'ForSomeValues:StringEquals', 'StringEqualsIfExistsIfExists']) {
    assert.equal(conditionError({ operator, key: 'a', values: ['1'] }), 'Syntax errors in policy.', operator);
    assert.throws(() => compileCondition({ operator, key: 'a', values: ['1'] }, '2012-10-17'));
  }
});

test('conditionError: a Date value IAM cannot read fails legacy parsing', () => {
  assert.equal(conditionError({ operator: 'DateGreaterThan', key: 'a', values: ['sdfdsf'] }), 'The policy failed legacy parsing');
  assert.equal(conditionError({ operator: 'ForAnyValue:DateLessThanEqualsIfExists', key: 'a', values: ['2020-01-01', '234-13'] }), 'The policy failed legacy parsing');
  assert.equal(conditionError({ operator: 'DateLessThan', key: 'a', values: ['9223372036854775808'] }), 'The policy failed legacy parsing');
  assert.equal(conditionError({ operator: 'DateLessThanEquals', key: 'a', values: ['2016-12-13T21:20:37.593194+00:00'] }), undefined);
  assert.equal(conditionError({ operator: 'DateGreaterThan', key: 'a', values: ['01T'] }), undefined);
  assert.equal(conditionError({ operator: 'DateGreaterThan', key: 'a', values: [] }), undefined);
});

test('conditionError accepts every known operator with acceptable values', () => {
  assert.equal(conditionError({ operator: 'StringEqualsIfExists', key: 'a', values: ['asf'] }), undefined);
  assert.equal(conditionError({ operator: 'ForAnyValue:StringEqualsIfExists', key: 'a', values: ['asf'] }), undefined);
  assert.equal(conditionError({ operator: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['Department'] }), undefined);
  assert.equal(conditionError({ operator: 'Null', key: 'aws:TokenIssueTime', values: ['true'] }), undefined);
  assert.equal(conditionError({ operator: 'NumericLessThan', key: 's3:max-keys', values: ['10'] }), undefined);
});

function note(operator: string, key: string, values: string | string[], context: Record<string, string | string[]>): ConditionNote {
  return explain(operator, key, values, context).note;
}

test('notes name the key, the request values and the policy values', () => {
  assert.equal(
    note('IpAddress', 'aws:SourceIp', ['192.0.2.0/24', '198.51.100.0/24'], { 'aws:SourceIp': '203.0.113.9' }).why,
    'aws:SourceIp 203.0.113.9 is not in any of 192.0.2.0/24, 198.51.100.0/24',
  );
  assert.equal(note('IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.9' }).why, 'aws:SourceIp 203.0.113.9 is in 203.0.113.0/24');
  assert.equal(note('Bool', 'aws:MultiFactorAuthPresent', 'true', {}).why, 'aws:MultiFactorAuthPresent is not in the request');
  assert.equal(note('StringEquals', 'aws:username', ['a', 'b'], { 'aws:username': 'b' }).why, 'aws:username b equals one of a, b');
  assert.equal(note('StringNotEquals', 'aws:username', ['a', 'b'], { 'aws:username': 'c' }).why, 'aws:username c does not equal any of a, b');
  assert.equal(note('StringLike', 's3:prefix', '', { 's3:prefix': '' }).why, 's3:prefix "" matches ""');
  assert.equal(note('ForAllValues:StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': [] }).why, 'aws:TagKeys has no values in the request');
});

test('notes of set qualifiers say which value decided', () => {
  const values = ['DataClass', 'Owner'];
  assert.equal(note('ForAllValues:StringEquals', 'aws:TagKeys', values, { 'aws:TagKeys': ['Owner', 'DataClass'] }).why, 'aws:TagKeys Owner, DataClass: every value equals one of DataClass, Owner');
  assert.equal(note('ForAllValues:StringEquals', 'aws:TagKeys', values, { 'aws:TagKeys': ['Owner', 'Dept'] }).why, 'aws:TagKeys Owner, Dept: Dept does not equal any of DataClass, Owner');
  assert.equal(note('ForAnyValue:StringEquals', 'aws:TagKeys', values, { 'aws:TagKeys': ['Dept', 'Owner'] }).why, 'aws:TagKeys Dept, Owner: Owner equals one of DataClass, Owner');
  assert.equal(note('ForAnyValue:StringEquals', 'aws:TagKeys', values, { 'aws:TagKeys': ['Dept'] }).why, 'aws:TagKeys Dept: no value equals any of DataClass, Owner');
  assert.equal(note('ForAllValues:StringNotEquals', 'aws:TagKeys', values, { 'aws:TagKeys': ['Dept', 'Owner'] }).why, 'aws:TagKeys Dept, Owner: Owner equals one of DataClass, Owner');
  assert.equal(note('ForAnyValue:StringNotEquals', 'aws:TagKeys', values, { 'aws:TagKeys': ['Owner', 'Dept'] }).why, 'aws:TagKeys Owner, Dept: Dept does not equal any of DataClass, Owner');
  assert.equal(note('ForAnyValue:StringNotEquals', 'aws:TagKeys', values, { 'aws:TagKeys': ['Owner'] }).why, 'aws:TagKeys Owner: every value equals one of DataClass, Owner');
});

test('notes carry the resolved policy values and leave unresolvable ones out', () => {
  const { matched, note: n } = explain('StringLike', 's3:prefix', ['home/${aws:username}/*', '${aws:userid}/*'], { 's3:prefix': 'x', 'aws:username': 'alice' });
  assert.equal(matched, false);
  assert.deepEqual(n, {
    operator: 'StringLike',
    key: 's3:prefix',
    policyValues: ['home/alice/*'],
    requestValues: ['x'],
    matched: false,
    why: 's3:prefix x does not match home/alice/*',
  });
});

test('Null notes say whether the key is present', () => {
  assert.equal(note('Null', 'aws:TokenIssueTime', 'true', {}).why, 'aws:TokenIssueTime is not in the request (Null: true)');
  assert.equal(note('Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }).why, 'aws:TokenIssueTime is in the request with 2020-01-01T00:00:00Z (Null: true)');
  assert.equal(note('Null', 'aws:TagKeys', 'false', { 'aws:TagKeys': [] }).why, 'aws:TagKeys has no values in the request (Null: false)');
});

test('test(view) without notes gives the same answer as with notes, for every family', () => {
  const cases: [string, string, string[], Record<string, string | string[]>, boolean][] = [
    ['StringEquals', 'k:s', ['a'], { 'k:s': 'a' }, true],
    ['StringNotEqualsIgnoreCase', 'k:s', ['A'], { 'k:s': 'a' }, false],
    ['StringLike', 'k:s', ['a*'], { 'k:s': 'abc' }, true],
    ['NumericGreaterThanEquals', 'k:n', ['3'], { 'k:n': '2' }, false],
    ['DateLessThan', 'k:d', ['2020-01-01'], { 'k:d': '1500000000' }, true],
    ['Bool', 'k:b', ['true'], { 'k:b': 'true' }, true],
    ['BinaryEquals', 'k:x', ['QQ=='], { 'k:x': 'Qg==' }, false],
    ['NotIpAddress', 'k:ip', ['10.0.0.0/8'], { 'k:ip': '10.9.9.9' }, false],
    ['ArnLike', 'k:arn', ['arn:aws:iam::*:role/*'], { 'k:arn': 'arn:aws:iam::123456789012:role/r' }, true],
    ['Null', 'k:absent', ['true'], {}, true],
    ['ForAllValues:StringLike', 'k:set', ['a*'], { 'k:set': ['ab', 'ba'] }, false],
    ['ForAnyValue:StringNotLike', 'k:set', ['a*'], { 'k:set': ['ab', 'ba'] }, true],
    ['StringEqualsIfExists', 'k:absent', ['a'], {}, true],
  ];
  for (const [operator, key, values, context, expected] of cases) {
    const c = compileCondition({ operator, key, values }, '2012-10-17');
    const view = requestWith(context);
    assert.equal(c.test(view), expected, operator);
    const notes: ConditionNote[] = [];
    assert.equal(c.test(view, notes), expected, `${operator} with notes`);
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.matched, expected);
    assert.equal(c.test(view), expected, `${operator} again`);
  }
});
