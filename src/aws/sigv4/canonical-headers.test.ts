import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalHeaders, canonicalHeaderValue, indexHeaders, parseSignedHeaders } from './canonical-headers.js';

describe('canonicalHeaderValue', () => {
  it('trims and folds inner whitespace, quoted or not', () => {
    assert.equal(canonicalHeaderValue(['  "a   b   c"  ']), '"a b c"');
    assert.equal(canonicalHeaderValue(['a\t \tb']), 'a b');
    for (const [value, canonical] of [['a b', 'a b'], ['a', 'a'], ['', ''], [' a', 'a'], ['a ', 'a'], ['a  b', 'a b'], ['a\tb', 'a b'], ['a\u00a0b', 'a b'], ['\t', '']]) {
      assert.equal(canonicalHeaderValue([value!]), canonical, JSON.stringify(value));
    }
  });
  it('joins the values of a repeated header with commas, in the order sent', () => {
    assert.equal(canonicalHeaderValue(['value2', ' value2 ', 'value1']), 'value2,value2,value1');
  });
});

describe('indexHeaders', () => {
  it('lowercases names, merges names that differ only in case, and drops undefined values', () => {
    const index = indexHeaders({ 'X-Amz-Date': '1', 'x-amz-date': ['2'], Absent: undefined });
    assert.deepEqual([...index.entries()], [['x-amz-date', ['1', '2']]]);
  });
});

describe('canonicalHeaders', () => {
  it('writes one line per signed header, in the order signed, and an empty value for a missing one', () => {
    const index = indexHeaders({ Host: 'iam.amazonaws.com', 'X-Amz-Date': '20150830T123600Z' });
    assert.equal(
      canonicalHeaders(index, ['host', 'x-amz-date', 'x-amz-target']),
      'host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-target:\n',
    );
  });
});

describe('parseSignedHeaders', () => {
  it('splits on semicolons, lowercases, and drops empty names', () => {
    assert.deepEqual(parseSignedHeaders('Host;x-amz-date;;'), ['host', 'x-amz-date']);
  });
});
