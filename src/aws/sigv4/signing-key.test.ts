import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveSigningKey, SigningKeyCache } from './signing-key.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

describe('deriveSigningKey', () => {
  it("derives AWS's documented example key (20120215, us-east-1, iam)", () => {
    const key = deriveSigningKey(SECRET, { date: '20120215', region: 'us-east-1', service: 'iam' });
    assert.equal(key.toString('hex'), 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });
  it('derives a different key for each scope element', () => {
    const base = { date: '20150830', region: 'us-east-1', service: 'sts' };
    const keys = new Set(
      [base, { ...base, date: '20150831' }, { ...base, region: 'eu-west-1' }, { ...base, service: 'iam' }].map((s) =>
        deriveSigningKey(SECRET, s).toString('hex'),
      ),
    );
    assert.equal(keys.size, 4);
  });
});

describe('SigningKeyCache', () => {
  const scope = { date: '20150830', region: 'us-east-1', service: 'sts' };
  it('returns the derived key and reuses it', () => {
    const cache = new SigningKeyCache();
    const first = cache.signingKey(SECRET, scope);
    assert.deepEqual(first, deriveSigningKey(SECRET, scope));
    assert.equal(cache.signingKey(SECRET, scope), first);
    assert.equal(cache.size, 1);
  });
  it('keeps secrets apart', () => {
    const cache = new SigningKeyCache();
    assert.notDeepEqual(cache.signingKey(SECRET, scope), cache.signingKey('other', scope));
  });
  it('evicts the least recently used key beyond its bound', () => {
    const cache = new SigningKeyCache(2);
    const a = cache.signingKey('a', scope);
    cache.signingKey('b', scope);
    cache.signingKey('a', scope); // a is now the most recent
    cache.signingKey('c', scope); // evicts b
    assert.equal(cache.size, 2);
    assert.equal(cache.signingKey('a', scope), a);
  });
});
