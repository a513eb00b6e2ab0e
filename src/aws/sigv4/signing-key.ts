/**
 * Signing-key derivation: HMAC-SHA256 chained over the date, region, service and `aws4_request`,
 * starting from `AWS4` + secret. Every request from one key on one day to one service derives the
 * same key, so a small cache keeps the four HMACs off the hot path.
 */

import { createHmac } from 'node:crypto';
import { SCOPE_TERMINATOR, type CredentialScope } from './credential-scope.js';

function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function deriveSigningKey(secretAccessKey: string, scope: CredentialScope): Buffer {
  const dateKey = hmac(`AWS4${secretAccessKey}`, scope.date);
  const regionKey = hmac(dateKey, scope.region);
  const serviceKey = hmac(regionKey, scope.service);
  return hmac(serviceKey, SCOPE_TERMINATOR);
}

/** A bounded cache of derived keys, evicting the least recently used. */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();
  /** The last key handed out, checked first: most requests come from the client that sent the one before. */
  private last: { secret: string; date: string; region: string; service: string; key: Buffer } | undefined;

  constructor(private readonly maxEntries = 512) {}

  get size(): number {
    return this.keys.size;
  }

  /** The signing key for this secret and scope, derived once and then reused. */
  signingKey(secretAccessKey: string, scope: CredentialScope): Buffer {
    const last = this.last;
    if (last !== undefined && last.secret === secretAccessKey && last.date === scope.date && last.region === scope.region && last.service === scope.service) {
      return last.key;
    }
    const key = this.lookup(secretAccessKey, scope);
    this.last = { secret: secretAccessKey, date: scope.date, region: scope.region, service: scope.service, key };
    return key;
  }

  private lookup(secretAccessKey: string, scope: CredentialScope): Buffer {
    // NUL cannot occur in a date, region or service, so the cache key is unambiguous.
    const cacheKey = `${scope.date}\0${scope.region}\0${scope.service}\0${secretAccessKey}`;
    const cached = this.keys.get(cacheKey);
    if (cached !== undefined) {
      this.keys.delete(cacheKey);
      this.keys.set(cacheKey, cached);
      return cached;
    }
    const derived = deriveSigningKey(secretAccessKey, scope);
    this.keys.set(cacheKey, derived);
    if (this.keys.size > this.maxEntries) {
      const oldest = this.keys.keys().next();
      if (oldest.done !== true) this.keys.delete(oldest.value);
    }
    return derived;
  }
}
