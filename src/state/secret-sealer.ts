/**
 * Secrets the store must be able to read back (a virtual MFA device's TOTP seed, needed for every
 * later code check) are kept encrypted at rest: AES-256-GCM under the sealing key, which is kept
 * outside the store (see `server/sealing-key.ts`). Each sealed value is bound to the record it
 * belongs to (`context`, e.g. the device's serial number) as additional authenticated data, so a
 * sealed seed copied into another record does not open.
 *
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealedSecret } from './records.js';

export const SEALING_KEY_BYTES = 32;

export interface SecretSealer {
  seal(secret: Uint8Array, context: string): SealedSecret;
  /** The secret; throws when the value was not sealed with this key and context. */
  open(sealed: SealedSecret, context: string): Buffer;
}

export class SealedSecretError extends Error {
  constructor() {
    super('a sealed secret does not open with this sealing key (was the sealing key changed?)');
    this.name = 'SealedSecretError';
  }
}

export function secretSealer(key: Uint8Array): SecretSealer {
  if (key.length !== SEALING_KEY_BYTES) throw new TypeError(`a sealing key is ${SEALING_KEY_BYTES} bytes`);
  const k = Buffer.from(key);
  return {
    seal(secret, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `v1.${iv.toString('base64url')}.${tag.toString('base64url')}.${ciphertext.toString('base64url')}` as SealedSecret;
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== 'v1') throw new SealedSecretError();
      try {
        const decipher = createDecipheriv('aes-256-gcm', k, Buffer.from(parts[1] ?? '', 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(parts[2] ?? '', 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(parts[3] ?? '', 'base64url')), decipher.final()]);
      } catch {
        throw new SealedSecretError();
      }
    },
  };
}
