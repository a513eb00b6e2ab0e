/**
 * Time-based one-time passwords as virtual MFA devices and authenticator apps compute them
 * (RFC 6238 over RFC 4226): HMAC-SHA1 of the 30-second time step, dynamically truncated to six
 * digits.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

/** The RFC 6238 time step of `time`: whole 30-second periods since the Unix epoch. */
export function timeStep(time: Date): number {
  return Math.floor(time.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/** The code for one time step (RFC 4226 HOTP with the step as counter). */
export function totpCode(seed: Uint8Array, step: number, digits: number = TOTP_DIGITS): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', seed).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** Compares a submitted code with an expected one in time independent of where they differ. */
export function sameCode(submitted: string, expected: string): boolean {
  const a = Buffer.from(submitted, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
