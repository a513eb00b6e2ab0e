import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signatureHex, signaturesMatch } from './signature.js';
import { deriveSigningKey } from './signing-key.js';

describe('signatureHex', () => {
  it("signs the get-vanilla string to sign with AWS's published result", () => {
    const key = deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', { date: '20150830', region: 'us-east-1', service: 'service' });
    const sts =
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63';
    assert.equal(signatureHex(key, sts), '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });
});

describe('signaturesMatch', () => {
  const sig = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
  it('matches an identical signature', () => assert.equal(signaturesMatch(sig, sig), true));
  it('refuses one differing digit, another length, and another case', () => {
    assert.equal(signaturesMatch(sig, `${sig.slice(0, -1)}0`), false);
    assert.equal(signaturesMatch(sig, sig.slice(0, -1)), false);
    assert.equal(signaturesMatch(sig, ''), false);
    assert.equal(signaturesMatch(sig, sig.toUpperCase()), false);
  });
});
