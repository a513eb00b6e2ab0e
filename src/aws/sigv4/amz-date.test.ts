import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAmzDate, parseAmzDate, parseHttpDate } from './amz-date.js';

describe('parseAmzDate', () => {
  it('parses the basic format', () => {
    assert.equal(parseAmzDate('20150830T123600Z')?.toISOString(), '2015-08-30T12:36:00.000Z');
  });
  it('refuses other forms and impossible dates', () => {
    for (const value of ['2015-08-30T12:36:00Z', '20150830T123600', '20150830', '201', '20150231T123600Z', '20150830T253600Z', '']) {
      assert.equal(parseAmzDate(value), undefined, value);
    }
  });
});

describe('formatAmzDate', () => {
  it('formats in the basic format, dropping milliseconds', () => {
    assert.equal(formatAmzDate(new Date('2015-08-30T12:36:00.999Z')), '20150830T123600Z');
  });
});

describe('parseHttpDate', () => {
  it('parses an IMF-fixdate and refuses anything else', () => {
    assert.equal(parseHttpDate('Mon, 09 Sep 2011 23:36:00 GMT')?.toISOString(), '2011-09-09T23:36:00.000Z');
    assert.equal(parseHttpDate('20110909T233600Z'), undefined);
    assert.equal(parseHttpDate('Mon, 09 Sep 2011 23:36:00 +0000'), undefined);
  });
});

describe('parseAmzDate, asked the same value again', () => {
  it('answers the same instant as a new Date each time, and still refuses what is invalid', () => {
    const first = parseAmzDate('20150830T123600Z');
    const again = parseAmzDate('20150830T123600Z');
    assert.ok(first !== undefined && again !== undefined && first !== again);
    first.setUTCFullYear(1999);
    assert.equal(parseAmzDate('20150830T123600Z')?.toISOString(), '2015-08-30T12:36:00.000Z');
    assert.equal(parseAmzDate('20150231T123600Z'), undefined);
    assert.equal(parseAmzDate('20150830T123600Z')?.toISOString(), '2015-08-30T12:36:00.000Z');
  });
});
