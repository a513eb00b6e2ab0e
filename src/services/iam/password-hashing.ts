/**
 * Passwords (console passwords, service-specific credential passwords) are kept only as slow,
 * salted hashes: scrypt from node:crypto with a random 16-byte salt, the cost parameters stored
 * with each hash, and a constant-time comparison. Hashing runs on the thread pool, so a request
 * that sets a password does not stall the others.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHash } from '../../state/records.js';

/** scrypt's interactive-login parameters: N = 2^14, r = 8, p = 1 (16 MiB of memory per hash). */
const COST = { N: 16_384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(secret: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(secret, 'utf8'), salt, KEY_BYTES, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

export async function hashPassword(secret: string): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}` as PasswordHash;
}

/** True when `secret` is the password that `hash` was made from; false for any malformed hash. */
export async function verifyPassword(secret: string, hash: PasswordHash): Promise<boolean> {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || N > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length === 0 || expected.length !== KEY_BYTES) return false;
  const actual = await derive(secret, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/** True when `secret` is any of the passwords behind `hashes` (password reuse prevention). */
export async function matchesAny(secret: string, hashes: readonly PasswordHash[]): Promise<boolean> {
  for (const hash of hashes) if (await verifyPassword(secret, hash)) return true;
  return false;
}
