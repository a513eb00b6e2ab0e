import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLegacyDate } from './date-value.js';

void test('reads ISO 8601 dates and date-times and epoch seconds', () => {
  for (const v of ['2017-07-01T00:00:00Z', '2016-12-13T21:20:37.593194+00:00', '2016-12-13t2:00:00.593194+23', '01T', '-292275054', '2019-07-01', '1700000000', '9223372036854775807']) {
    assert.equal(isLegacyDate(v), true, v);
  }
});

void test('refuses what IAM refuses', () => {
  for (const v of ['sdfdsf', '234-13', '2016-12-13t2:00:00.593194+1', '2016-12-13t2:00:00.1999999999+10:59', '9223372036854775808', '2019-02-30-1', '2019-01-01T24:00:00Z', '']) {
    assert.equal(isLegacyDate(v), false, v);
  }
});
