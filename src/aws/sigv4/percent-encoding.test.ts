import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalizeEncoded, encodeBytes, percentDecode, percentDecodeToBytes, uriEncode } from './percent-encoding.js';

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

/** A byte-at-a-time reading of the rules, to hold the fast paths to. */
function referenceDecode(value: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const m = /^%([0-9A-Fa-f]{2})/.exec(value.slice(i));
    if (m !== null) {
      bytes.push(parseInt(m[1]!, 16));
      i += 2;
    } else {
      const cp = value.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length - 1;
    }
  }
  return bytes;
}
function referenceEncode(bytes: number[]): string {
  return bytes.map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

describe('the percent-encoding fast paths', () => {
  const pieces = ['a', 'Z', '9', '-', '~', '/', '+', ' ', '=', '%', '%2F', '%2f', '%7E', '%7e', '%41', '%E1%88%B4', '%E1', '%zz', '%4', 'ሴ', '😀', '%25', '%3B', '\u00e9'];
  it('canonicalize and decode as the byte-by-byte rules do, for every mix of escapes and literals', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (parts) => {
        const value = parts.join('');
        const bytes = referenceDecode(value);
        assert.deepEqual([...percentDecodeToBytes(value)], bytes, value);
        assert.equal(canonicalizeEncoded(value), referenceEncode(bytes), value);
        assert.equal(encodeBytes(Uint8Array.from(bytes)), referenceEncode(bytes), value);
      }),
      { numRuns: 5000 },
    );
  });
  it('returns an already canonical component as it came, and re-encodes lowercase or needless escapes', () => {
    assert.equal(canonicalizeEncoded('AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fiam%2Faws4_request'), 'AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fiam%2Faws4_request');
    assert.equal(canonicalizeEncoded('host%3Bx-k8s-aws-id'), 'host%3Bx-k8s-aws-id');
    assert.equal(canonicalizeEncoded('host%3bx-k8s-aws-id'), 'host%3Bx-k8s-aws-id');
    assert.equal(canonicalizeEncoded('%41%2D'), 'A-');
    assert.equal(canonicalizeEncoded('50%'), '50%25');
    assert.equal(canonicalizeEncoded('%E1%88'), '%E1%88');
  });
});
