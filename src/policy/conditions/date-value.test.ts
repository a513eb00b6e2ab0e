import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate } from './date-value.js';

const at = (iso: string): number => Date.parse(iso);

test('ISO 8601 dates with a time and Z', () => {
  assert.equal(parseDate('2020-01-01T00:00:01Z'), at('2020-01-01T00:00:01Z'));
  assert.equal(parseDate('2019-07-01T13:20:15Z'), at('2019-07-01T13:20:15Z'));
  assert.equal(parseDate('2019-07-01t13:20:15z'), at('2019-07-01T13:20:15Z'));
});

test('dates without a time, or with part of one, are midnight UTC or that time', () => {
  assert.equal(parseDate('2020-03-04'), at('2020-03-04T00:00:00Z'));
  assert.equal(parseDate('2020-03'), at('2020-03-01T00:00:00Z'));
  assert.equal(parseDate('2020-03-04T05'), at('2020-03-04T05:00:00Z'));
  assert.equal(parseDate('2020-03-04T05:06'), at('2020-03-04T05:06:00Z'));
  assert.equal(parseDate('2020-03-04T05:06Z'), at('2020-03-04T05:06:00Z'));
  assert.equal(parseDate('2020-03-04T'), at('2020-03-04T00:00:00Z'));
  assert.equal(parseDate('2016-12-13t2:00:00.593194+23'), at('2016-12-12T03:00:00.593Z') + 0.194);
});

test('offsets shift to UTC; without one the time is UTC', () => {
  assert.equal(parseDate('2016-12-13T21:20:37+00:00'), at('2016-12-13T21:20:37Z'));
  assert.equal(parseDate('2016-12-13T21:20:37+02:00'), at('2016-12-13T19:20:37Z'));
  assert.equal(parseDate('2016-12-13T21:20:37-05:30'), at('2016-12-14T02:50:37Z'));
  assert.equal(parseDate('2016-12-13T21:20:37+02'), at('2016-12-13T19:20:37Z'));
  assert.equal(parseDate('2016-12-13T21:20:37'), at('2016-12-13T21:20:37Z'));
});

test('fractional seconds up to nine digits', () => {
  assert.equal(parseDate('2016-12-13T21:20:37.593Z'), at('2016-12-13T21:20:37.593Z'));
  assert.equal(parseDate('2016-12-13T21:20:37.5Z'), at('2016-12-13T21:20:37.500Z'));
  assert.ok(parseDate('2016-12-13T21:20:37.123456789Z')! > parseDate('2016-12-13T21:20:37.123Z')!);
  assert.equal(parseDate('2016-12-13T21:20:37.1999999999+10:59'), undefined);
});

test('epoch seconds', () => {
  assert.equal(parseDate('0'), 0);
  assert.equal(parseDate('1577836801'), at('2020-01-01T00:00:01Z'));
  assert.equal(parseDate('9223372036854775807'), 9223372036854775807 * 1000);
  assert.equal(parseDate('9223372036854775808'), undefined);
  assert.equal(parseDate('00000000000000000000001'), 1000);
});

test('signed and short years', () => {
  assert.equal(parseDate('01T'), at('0001-01-01T00:00:00Z'));
  assert.notEqual(parseDate('-292275054'), undefined);
  assert.equal(parseDate('-292275055'), undefined);
  assert.equal(parseDate('1970-01-01'), 0);
  assert.equal(parseDate('2000-02-29'), at('2000-02-29T00:00:00Z'));
});

test('values IAM cannot read', () => {
  for (const text of [
    '',
    'sdfdsf',
    '234-13',
    '2020-00-01',
    '2020-01-32',
    '2020-01-01T24:00:00Z',
    '2020-01-01T12:60:00Z',
    '2020-01-01T12:00:60Z',
    '2020-01-01T12:00:00.Z',
    '2016-12-13t2:00:00.593194+1',
    '2020-01-01T12:00:00+24:00',
    '2020-01-01T12:00:00Zjunk',
    '2020-01-01 12:00:00',
    '2020-01-01T123:00',
    '2020-01-01T12:0',
    '1.5',
    '-',
    'T',
  ]) {
    assert.equal(parseDate(text), undefined, text);
  }
});
