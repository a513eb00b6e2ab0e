import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './condition-fixture.js';

test('DateGreaterThan on aws:TokenIssueTime: credentials issued after the date', () => {
  const op = 'DateGreaterThan';
  assert.equal(check(op, 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', { 'aws:TokenIssueTime': '2020-06-01T00:00:00Z' }), true);
  assert.equal(check(op, 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', { 'aws:TokenIssueTime': '2019-06-01T00:00:00Z' }), false);
  assert.equal(check(op, 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', {}), false);
});

test('each date operator, with ISO and epoch forms mixed on both sides', () => {
  const policy = '2020-01-01T00:00:00Z';
  const same = '1577836800';
  const before = '2019-12-31T23:59:59Z';
  const after = '1577836801';
  const cases: [string, string, boolean][] = [
    ['DateEquals', same, true],
    ['DateEquals', after, false],
    ['DateNotEquals', after, true],
    ['DateNotEquals', same, false],
    ['DateLessThan', before, true],
    ['DateLessThan', same, false],
    ['DateLessThanEquals', same, true],
    ['DateLessThanEquals', after, false],
    ['DateGreaterThan', after, true],
    ['DateGreaterThan', same, false],
    ['DateGreaterThanEquals', same, true],
    ['DateGreaterThanEquals', before, false],
  ];
  for (const [operator, request, expected] of cases) {
    assert.equal(check(operator, 'aws:CurrentTime', policy, { 'aws:CurrentTime': request }), expected, `${operator} ${request}`);
    assert.equal(check(operator, 'aws:EpochTime', '1577836800', { 'aws:EpochTime': request }), expected, `${operator} epoch ${request}`);
  }
});

test('a range of dates with two operators on aws:CurrentTime', () => {
  const inRange = (now: string): boolean =>
    check('DateGreaterThan', 'aws:CurrentTime', '2017-07-01T00:00:00Z', { 'aws:CurrentTime': now }) &&
    check('DateLessThan', 'aws:CurrentTime', '2017-12-31T23:59:59Z', { 'aws:CurrentTime': now });
  assert.equal(inRange('2017-09-15T12:00:00Z'), true);
  assert.equal(inRange('2018-01-01T00:00:00Z'), false);
});

test('offsets compare as instants', () => {
  assert.equal(check('DateEquals', 'aws:CurrentTime', '2020-01-01T02:00:00+02:00', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }), true);
});

test('an unreadable request date does not match; DateNotEquals then holds', () => {
  assert.equal(check('DateLessThan', 'aws:CurrentTime', '2020-01-01', { 'aws:CurrentTime': 'yesterday' }), false);
  assert.equal(check('DateNotEquals', 'aws:CurrentTime', '2020-01-01', { 'aws:CurrentTime': 'yesterday' }), true);
});

test('policy variables are not resolved in date values', () => {
  assert.equal(check('DateEquals', 'aws:CurrentTime', '${aws:TokenIssueTime}', { 'aws:CurrentTime': '2020-01-01', 'aws:TokenIssueTime': '2020-01-01' }), false);
});
