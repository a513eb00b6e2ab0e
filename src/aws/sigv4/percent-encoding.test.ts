import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalizeEncoded, percentDecode, uriEncode } from './percent-encoding.js';

describe('uriEncode', () => {
  it('keeps the unreserved characters as they are', () => {
    const unreserved = '-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    assert.equal(uriEncode(unreserved), unreserved);
  });
  it('encodes everything else byte by byte in uppercase hex, slash and asterisk included', () => {
    assert.equal(uriEncode("a b/c*d+e=f!'()"), 'a%20b%2Fc%2Ad%2Be%3Df%21%27%28%29');
    assert.equal(uriEncode('ሴ'), '%E1%88%B4');
    assert.equal(uriEncode('%'), '%25');
  });
});

describe('percentDecode', () => {
  it('decodes escapes in either case and keeps + as a plus', () => {
    assert.equal(percentDecode('AKID%2f20150830%2Fus-east-1'), 'AKID/20150830/us-east-1');
    assert.equal(percentDecode('a+b'), 'a+b');
    assert.equal(percentDecode('%E1%88%B4'), 'ሴ');
  });
  it('leaves a stray percent sign alone', () => {
    assert.equal(percentDecode('100%'), '100%');
    assert.equal(percentDecode('%zz'), '%zz');
  });
});

describe('canonicalizeEncoded', () => {
  it('gives one form for every way of writing the same bytes', () => {
    assert.equal(canonicalizeEncoded('a%2fb'), 'a%2Fb');
    assert.equal(canonicalizeEncoded('a/b'), 'a%2Fb');
    assert.equal(canonicalizeEncoded('%7E'), '~');
    assert.equal(canonicalizeEncoded('ሴ'), '%E1%88%B4');
  });
  it('encodes a plus sign rather than reading it as a space', () => {
    assert.equal(canonicalizeEncoded('a+b'), 'a%2Bb');
  });
});
