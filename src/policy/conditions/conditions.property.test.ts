import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ConditionNote } from '../types.js';
import { parseTemplate } from '../variables.js';
import { requestWith } from './condition-fixture.js';
import { compileCondition, conditionError } from './index.js';
import { BASE_OPERATORS } from './operator-name.js';

const operatorName = fc
  .tuple(
    fc.constantFrom('', 'ForAllValues:', 'ForAnyValue:'),
    fc.constantFrom(...BASE_OPERATORS),
    fc.constantFrom('', 'IfExists'),
  )
  .map(([q, base, suffix]) => `${q}${base}${base === 'Null' ? '' : suffix}`);

/** Strings that lean towards the characters the parsers look at. */
const tricky = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', ':', '.', '/', '*', '?', '$', '{', '}', ',', "'", '-', 'T', 'z', '+', '=', ' ', 'é') });
const text = fc.oneof(fc.string(), tricky);
const requestValue = fc.oneof(text, fc.array(text, { maxLength: 4 }));

test('compiling and testing never throw, and notes agree with the answer', () => {
  fc.assert(
    fc.property(operatorName, fc.array(text, { maxLength: 4 }), fc.option(requestValue, { nil: undefined }), text, (operator, values, value, variable) => {
      const condition = { operator, key: 'k:Key', values };
      if (conditionError(condition) !== undefined) return;
      const c = compileCondition(condition, '2012-10-17');
      const context: Record<string, string | readonly string[]> = { 'aws:username': variable };
      if (value !== undefined) context['K:KEY'] = value;
      const view = requestWith(context);
      const answer = c.test(view);
      const notes: ConditionNote[] = [];
      assert.equal(c.test(view, notes), answer);
      assert.equal(notes[0]!.matched, answer);
      assert.equal(typeof notes[0]!.why, 'string');
    }),
    { numRuns: 400 },
  );
});

test('a negated operator is the negation of its positive one for a present single value', () => {
  const pairs: [string, string][] = [
    ['StringEquals', 'StringNotEquals'],
    ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'],
    ['StringLike', 'StringNotLike'],
    ['NumericEquals', 'NumericNotEquals'],
    ['DateEquals', 'DateNotEquals'],
    ['IpAddress', 'NotIpAddress'],
    ['ArnLike', 'ArnNotLike'],
  ];
  fc.assert(
    fc.property(fc.constantFrom(...pairs), fc.array(text, { maxLength: 3 }), text, ([positive, negative], values, value) => {
      if (conditionError({ operator: positive, key: 'k:v', values }) !== undefined) return;
      const view = requestWith({ 'k:v': value });
      const yes = compileCondition({ operator: positive, key: 'k:v', values }, '2012-10-17').test(view);
      const no = compileCondition({ operator: negative, key: 'k:v', values }, '2012-10-17').test(view);
      assert.equal(no, !yes);
    }),
    { numRuns: 300 },
  );
});

test('StringLike with a pattern without wildcards is StringEquals; with a literal text it matches itself', () => {
  fc.assert(
    fc.property(text, text, (pattern, value) => {
      const view = requestWith({ 'k:v': value });
      const like = compileCondition({ operator: 'StringLike', key: 'k:v', values: [pattern] }, '2008-10-17').test(view);
      if (!/[*?]/.test(pattern)) assert.equal(like, pattern === value);
      const self = compileCondition({ operator: 'StringLike', key: 'k:v', values: [pattern] }, '2008-10-17').test(requestWith({ 'k:v': pattern }));
      assert.equal(self, true);
    }),
    { numRuns: 300 },
  );
});

test('parseTemplate never throws and keeps every character of literal text', () => {
  fc.assert(
    fc.property(text, (t) => {
      const template = parseTemplate(t);
      if (!template.hasVariables) assert.equal(template.parts.map((p) => (p.kind === 'variable' ? '' : p.text)).join(''), t);
    }),
    { numRuns: 300 },
  );
});
