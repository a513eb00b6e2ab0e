import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestWith } from './conditions/condition-fixture.js';
import {
  hasVariableReference,
  literalTemplate,
  parseTemplate,
  resolveTemplate,
  supportsVariables,
  templateFor,
  variableBeforeArnResource,
} from './variables.js';

const alice = requestWith({
  'aws:username': 'alice',
  'aws:PrincipalTag/Team': 'yellow',
  'aws:TagKeys': ['a', 'b'],
  'aws:Empty': '',
});

test('text without references is one literal part', () => {
  const t = parseTemplate('arn:aws:s3:::bucket/*');
  assert.equal(t.hasVariables, false);
  assert.equal(t.needsRequest, false);
  assert.deepEqual(t.parts, [{ kind: 'text', text: 'arn:aws:s3:::bucket/*' }]);
  assert.equal(resolveTemplate(t, alice), 'arn:aws:s3:::bucket/*');
});

test('a variable is replaced by the request value of its key', () => {
  const t = parseTemplate('home/${aws:username}/*');
  assert.equal(t.hasVariables, true);
  assert.equal(t.needsRequest, true);
  assert.equal(resolveTemplate(t, alice), 'home/alice/*');
});

test('variable key names are not case-sensitive, tag keys included', () => {
  assert.equal(resolveTemplate(parseTemplate('${AWS:UserName}'), alice), 'alice');
  assert.equal(resolveTemplate(parseTemplate('${aws:principaltag/team}'), alice), 'yellow');
});

test('a variable with no value and no default leaves the template unresolved', () => {
  assert.equal(resolveTemplate(parseTemplate('user/${aws:PrincipalTag/missing}'), alice), undefined);
});

test('an empty request value is a value', () => {
  assert.equal(resolveTemplate(parseTemplate('x${aws:Empty}y'), alice), 'xy');
});

test('a default in single quotes after a comma and space stands in for a missing key', () => {
  const t = parseTemplate("bucket-${aws:PrincipalTag/team, 'company-wide'}");
  assert.equal(resolveTemplate(t, alice), 'bucket-yellow');
  assert.equal(resolveTemplate(t, requestWith({})), 'bucket-company-wide');
  const part = t.parts[1];
  assert.deepEqual(part, { kind: 'variable', key: 'aws:PrincipalTag/team', keyLower: 'aws:principaltag/team', fallback: 'company-wide' });
});

test('a default may be written without the space, and may be empty or hold a brace', () => {
  assert.equal(resolveTemplate(parseTemplate("${aws:x,'d'}"), alice), 'd');
  assert.equal(resolveTemplate(parseTemplate("${aws:x, ''}"), alice), '');
  assert.equal(resolveTemplate(parseTemplate("a${aws:x, '}'}b"), alice), 'a}b');
});

test('a multivalued key cannot be a variable: its default applies, or nothing', () => {
  assert.equal(resolveTemplate(parseTemplate('${aws:TagKeys}'), alice), undefined);
  assert.equal(resolveTemplate(parseTemplate("${aws:TagKeys, 'none'}"), alice), 'none');
});

test('${*}, ${?} and ${$} stand for their characters', () => {
  const t = parseTemplate('a${*}b${?}c${$}d');
  assert.equal(t.hasVariables, true);
  assert.equal(t.needsRequest, false);
  assert.deepEqual(t.parts, [
    { kind: 'text', text: 'a' },
    { kind: 'char', text: '*' },
    { kind: 'text', text: 'b' },
    { kind: 'char', text: '?' },
    { kind: 'text', text: 'c' },
    { kind: 'char', text: '$' },
    { kind: 'text', text: 'd' },
  ]);
  assert.equal(resolveTemplate(t, alice), 'a*b?c$d');
});

test('references that are not variables stay literal text', () => {
  for (const text of ['${', 'a${b', '${}', '${ }', "${a, b}", "${a, 'b' c}", '$ {aws:username}']) {
    const t = parseTemplate(text);
    assert.equal(t.hasVariables, false, text);
    assert.equal(resolveTemplate(t, alice), text);
  }
});

test('variables exist only under Version 2012-10-17', () => {
  assert.equal(supportsVariables('2012-10-17'), true);
  assert.equal(supportsVariables('2008-10-17'), false);
  assert.equal(supportsVariables(undefined), false);
  assert.equal(resolveTemplate(templateFor('${aws:username}', '2012-10-17'), alice), 'alice');
  assert.equal(resolveTemplate(templateFor('${aws:username}', '2008-10-17'), alice), '${aws:username}');
  assert.equal(resolveTemplate(templateFor('${aws:username}', undefined), alice), '${aws:username}');
  assert.deepEqual(literalTemplate(''), { text: '', hasVariables: false, needsRequest: false, parts: [] });
});

test('hasVariableReference finds keys and special characters only', () => {
  assert.equal(hasVariableReference('user/${aws:username}'), true);
  assert.equal(hasVariableReference('a${*}'), true);
  assert.equal(hasVariableReference('a${'), false);
  assert.equal(hasVariableReference('plain'), false);
});

test('variableBeforeArnResource reports variables before the fifth colon', () => {
  assert.equal(variableBeforeArnResource('arn:aws:iam::123456789012:user/${aws:username}'), false);
  assert.equal(variableBeforeArnResource('arn:aws:iam::${aws:PrincipalAccount}:user/x'), true);
  assert.equal(variableBeforeArnResource('arn:${aws:x}'), true);
  assert.equal(variableBeforeArnResource('no-arn'), false);
});
