import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './condition-fixture.js';
import { equalsIgnoreCase } from './string-conditions.js';

test('StringEquals is exact and case-sensitive', () => {
  assert.equal(check('StringEquals', 'aws:username', 'johndoe', { 'aws:username': 'johndoe' }), true);
  assert.equal(check('StringEquals', 'aws:username', 'johndoe', { 'aws:username': 'JohnDoe' }), false);
  assert.equal(check('StringEquals', 'aws:username', 'john*', { 'aws:username': 'johndoe' }), false);
});

test('the policy values of one key are ORed', () => {
  assert.equal(check('StringEquals', 'aws:PrincipalAccount', ['111122223333', '123456789012'], { 'aws:PrincipalAccount': '123456789012' }), true);
  assert.equal(check('StringEquals', 'aws:PrincipalAccount', ['111122223333', '444455556666'], { 'aws:PrincipalAccount': '123456789012' }), false);
});

test('StringNotEquals with several values holds only when none matches (a logical AND)', () => {
  const values = ['111122223333', '444455556666'];
  assert.equal(check('StringNotEquals', 'aws:PrincipalAccount', values, { 'aws:PrincipalAccount': '123456789012' }), true);
  assert.equal(check('StringNotEquals', 'aws:PrincipalAccount', values, { 'aws:PrincipalAccount': '444455556666' }), false);
});

test('StringEqualsIgnoreCase matches johndoe and JohnDoe', () => {
  assert.equal(check('StringEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'JohnDoe' }), true);
  assert.equal(check('StringEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'janedoe' }), false);
  assert.equal(check('StringNotEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'JOHNDOE' }), false);
  assert.equal(check('StringNotEqualsIgnoreCase', 'aws:username', 'johndoe', { 'aws:username': 'jane' }), true);
});

test('equalsIgnoreCase folds ASCII letters only as letters, and other scripts through toLowerCase', () => {
  assert.equal(equalsIgnoreCase('ABC', 'abc'), true);
  assert.equal(equalsIgnoreCase('@', '`'), false);
  assert.equal(equalsIgnoreCase('[', '{'), false);
  assert.equal(equalsIgnoreCase('ÄÖ', 'äö'), true);
  assert.equal(equalsIgnoreCase('abc', 'abd'), false);
  assert.equal(equalsIgnoreCase('a', 'ab'), false);
});

test('StringLike: * matches any run of characters, ? exactly one; case-sensitive', () => {
  const like = (pattern: string, value: string): boolean => check('StringLike', 's3:prefix', pattern, { 's3:prefix': value });
  assert.equal(like('home/*', 'home/alice/x'), true);
  assert.equal(like('home/*', 'home/'), true);
  assert.equal(like('home/*', 'Home/alice'), false);
  assert.equal(like('t?.*', 't2.micro'), true);
  assert.equal(like('t?.*', 't.micro'), false);
  assert.equal(like('*a*b*', 'xxaxxbxx'), true);
  assert.equal(like('*a*b', 'xxaxxbxxc'), false);
  assert.equal(like('', ''), true);
  assert.equal(like('', 'x'), false);
  assert.equal(like('**', ''), true);
  assert.equal(like('abc', 'abc'), true);
  assert.equal(like('abc', 'abcd'), false);
});

test('StringNotLike is the negation of StringLike', () => {
  assert.equal(check('StringNotLike', 'ec2:InstanceType', ['t1.*', 't2.*'], { 'ec2:InstanceType': 'm5.large' }), true);
  assert.equal(check('StringNotLike', 'ec2:InstanceType', ['t1.*', 't2.*'], { 'ec2:InstanceType': 't2.nano' }), false);
});

test('policy variables in string values are resolved under 2012-10-17', () => {
  const context = { 'aws:username': 'alice', 's3:prefix': 'home/alice/docs' };
  assert.equal(check('StringLike', 's3:prefix', 'home/${aws:username}/*', context), true);
  assert.equal(check('StringLike', 's3:prefix', 'home/${aws:username}/*', { ...context, 'aws:username': 'bob' }), false);
  assert.equal(check('StringEquals', 'aws:PrincipalTag/Team', '${s3:ExistingObjectTag/Team}', { 'aws:principaltag/team': 'x', 's3:existingobjecttag/team': 'x' }), true);
  assert.equal(check('StringEqualsIgnoreCase', 'aws:username', '${aws:PrincipalTag/Name}', { 'aws:username': 'Alice', 'aws:PrincipalTag/Name': 'alice' }), true);
});

test('under 2008-10-17 or no Version a variable is literal text', () => {
  const context = { 'aws:username': 'alice', 's3:prefix': '${aws:username}/x' };
  assert.equal(check('StringLike', 's3:prefix', '${aws:username}/*', context, '2008-10-17'), true);
  assert.equal(check('StringLike', 's3:prefix', '${aws:username}/*', context, null), true);
  assert.equal(check('StringLike', 's3:prefix', '${aws:username}/*', { ...context, 's3:prefix': 'alice/x' }, null), false);
});

test('a variable with no value matches nothing; negated operators then hold', () => {
  const context = { 's3:ExistingObjectTag/Team': 'red' };
  assert.equal(check('StringEquals', 's3:ExistingObjectTag/Team', '${aws:PrincipalTag/Team}', context), false);
  assert.equal(check('StringLike', 's3:ExistingObjectTag/Team', '*${aws:PrincipalTag/Team}', context), false);
  assert.equal(check('StringNotEquals', 's3:ExistingObjectTag/Team', '${aws:PrincipalTag/Team}', context), true);
  assert.equal(check('StringEquals', 's3:ExistingObjectTag/Team', "${aws:PrincipalTag/Team, 'red'}", context), true);
});

test('${*} and ${?} are literal characters, not wildcards, in StringLike', () => {
  assert.equal(check('StringLike', 'k:v', 'a${*}b', { 'k:v': 'a*b' }), true);
  assert.equal(check('StringLike', 'k:v', 'a${*}b', { 'k:v': 'axxb' }), false);
  assert.equal(check('StringLike', 'k:v', 'a${?}*', { 'k:v': 'a?zz' }), true);
  assert.equal(check('StringLike', 'k:v', 'a${?}*', { 'k:v': 'abzz' }), false);
  assert.equal(check('StringEquals', 'k:v', 'cost${$}', { 'k:v': 'cost$' }), true);
});

test('the value of a variable is literal text in StringLike', () => {
  assert.equal(check('StringLike', 'k:v', 'x/${aws:PrincipalTag/p}', { 'k:v': 'x/abc', 'aws:PrincipalTag/p': 'a*' }), false);
  assert.equal(check('StringLike', 'k:v', 'x/${aws:PrincipalTag/p}', { 'k:v': 'x/a*', 'aws:PrincipalTag/p': 'a*' }), true);
  assert.equal(check('StringLike', 'k:v', '${aws:PrincipalTag/p}*', { 'k:v': 'pre-fix', 'aws:PrincipalTag/p': 'pre' }), true);
});

test('an empty request value is a value that StringLike "" matches', () => {
  assert.equal(check('StringLike', 's3:prefix', ['', 'home/'], { 's3:prefix': '' }), true);
  assert.equal(check('StringEquals', 's3:prefix', 'home/', { 's3:prefix': '' }), false);
});
