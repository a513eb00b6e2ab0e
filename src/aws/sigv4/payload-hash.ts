/**
 * The hashed payload, the last line of the canonical request: the lowercase hex SHA-256 of the
 * body, or the value the client declared in `X-Amz-Content-Sha256` (which may be `UNSIGNED-PAYLOAD`).
 */

import { hash } from 'node:crypto';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** SHA-256 of the empty body, the hashed payload of every GET. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** One-shot `crypto.hash`: measured twice as fast here as createHash().update().digest(). */
export function sha256Hex(data: Uint8Array | string): string {
  return hash('sha256', data, 'hex');
}

export type PayloadHash =
  | { readonly ok: true; readonly hash: string }
  /** The client declared a body hash that is not the hash of the body it sent. */
  | { readonly ok: false; readonly declared: string; readonly actual: string };

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * The payload hash to sign with. A declared hex hash must be the body's hash (otherwise the body
 * would go unauthenticated); `UNSIGNED-PAYLOAD` and other declared markers are signed as given.
 */
export function payloadHash(body: Uint8Array, declared: string | undefined): PayloadHash {
  if (declared === undefined) return { ok: true, hash: body.length === 0 ? EMPTY_SHA256 : sha256Hex(body) };
  if (!HEX_SHA256.test(declared)) return { ok: true, hash: declared };
  const actual = body.length === 0 ? EMPTY_SHA256 : sha256Hex(body);
  return declared.toLowerCase() === actual ? { ok: true, hash: declared } : { ok: false, declared, actual };
}
