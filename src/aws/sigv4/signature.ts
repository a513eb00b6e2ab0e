/** The signature (hex HMAC-SHA256 of the string to sign) and its constant-time comparison. */

import { createHmac, timingSafeEqual } from 'node:crypto';

export function signatureHex(signingKey: Uint8Array, stringToSignText: string): string {
  return createHmac('sha256', signingKey).update(stringToSignText, 'utf8').digest('hex');
}

/**
 * Whether the provided signature is the expected one, compared in constant time. Signatures of
 * another length differ without comparing bytes (the length is no secret). Hex case matters, as
 * SigV4 signatures are lowercase.
 */
export function signaturesMatch(expectedHex: string, providedHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'utf8');
  const provided = Buffer.from(providedHex, 'utf8');
  return expected.length === provided.length && timingSafeEqual(expected, provided);
}
