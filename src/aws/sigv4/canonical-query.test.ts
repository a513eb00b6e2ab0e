import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalQueryString, decodeQueryParams, splitRawQuery } from './canonical-query.js';

const canonical = (raw: string, omit?: string): string => canonicalQueryString(splitRawQuery(raw), omit);

describe('canonicalQueryString', () => {
  it('sorts by name, then by value, comparing code units (uppercase first)', () => {
    assert.equal(canonical('Param2=value2&Param1=value1'), 'Param1=value1&Param2=value2');
    assert.equal(canonical('b=2&a=1&A=0'), 'A=0&a=1&b=2');
    assert.equal(canonical('a=2&a=1'), 'a=1&a=2');
  });
  it('gives a parameter without = an empty value and skips empty pieces', () => {
    assert.equal(canonical('foo&&bar='), 'bar=&foo=');
    assert.equal(canonical(''), '');
  });
  it('re-encodes names and values with the SigV4 rule', () => {
    assert.equal(canonical('ሴ=bar'), '%E1%88%B4=bar');
    assert.equal(canonical('k=a%2fb&j=%7E'), 'j=~&k=a%2Fb');
  });
  it('sorts on the encoded names, so %XX escapes sort before letters', () => {
    assert.equal(canonical('a=1&%40=2'), '%40=2&a=1');
  });
  it('leaves out the named parameter, however it is encoded', () => {
    assert.equal(canonical('X-Amz-Signature=abc&Action=GetCallerIdentity', 'X-Amz-Signature'), 'Action=GetCallerIdentity');
    assert.equal(canonical('X%2DAmz-Signature=abc&b=1', 'X-Amz-Signature'), 'b=1');
  });
});

describe('decodeQueryParams', () => {
  it('decodes names and values and keeps the first of a repeated name', () => {
    const decoded = decodeQueryParams(splitRawQuery('X-Amz-Credential=AKID%2F20150830%2Fus-east-1&a=1&a=2'));
    assert.equal(decoded.get('X-Amz-Credential'), 'AKID/20150830/us-east-1');
    assert.equal(decoded.get('a'), '1');
  });
});
