/**
 * AWS's unique identifiers: IAM unique IDs (`AIDA…` users, `AROA…` roles, …), access key IDs
 * (`AKIA…` long-term, `ASIA…` temporary), secret access keys and session tokens, from crypto
 * random bytes.
 *
 * Shapes, as AWS issues them: unique IDs are 21 characters (4-letter prefix + 17), access key IDs
 * 20 (prefix + 16), both in the RFC 4648 base32 alphabet A–Z 2–7 (e.g. `AIDAJQABLZS4A3QDU576Q`).
 * Secret access keys are 40 characters of the base64 alphabet.
 *
 * Current AWS key IDs carry the owning account: the 16 characters after the prefix are the base32
 * form of 10 bytes whose first 6 hold `account << 7` under the mask 0x7fffffffff80 (this is how
 * `sts:GetAccessKeyInfo` can answer without a lookup). The IDs made here follow that layout, so
 * `accountIdOfKey` recovers the account from them.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { AccountId } from './arn.js';

/** The prefixes of reference_identifiers.md ("Understanding unique ID prefixes"). */
export const UNIQUE_ID_PREFIXES = {
  /** AWS STS service bearer token */
  bearerToken: 'ABIA',
  /** Context-specific credential */
  contextCredential: 'ACCA',
  /** User group */
  group: 'AGPA',
  /** IAM user */
  user: 'AIDA',
  /** Amazon EC2 instance profile */
  instanceProfile: 'AIPA',
  /** Access key */
  accessKey: 'AKIA',
  /** Managed policy */
  managedPolicy: 'ANPA',
  /** Version in a managed policy */
  policyVersion: 'ANVA',
  /** Public key */
  publicKey: 'APKA',
  /** Role */
  role: 'AROA',
  /** Certificate */
  certificate: 'ASCA',
  /** Temporary (AWS STS) access key IDs */
  temporaryAccessKey: 'ASIA',
} as const;

export type UniqueIdKind = keyof typeof UNIQUE_ID_PREFIXES;
export type UniqueIdPrefix = (typeof UNIQUE_ID_PREFIXES)[UniqueIdKind];

/** An IAM unique ID (`AIDA…`, `AROA…`, …), 21 characters. */
export type UniqueId = string & { readonly __brand: 'UniqueId' };
/** An access key ID (`AKIA…` or `ASIA…`), 20 characters. */
export type AccessKeyId = string & { readonly __brand: 'AccessKeyId' };

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ACCOUNT_MASK = 0x7fffffffff80n;

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const c of text) {
    const v = BASE32.indexOf(c);
    if (v < 0) return undefined;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

/** 16 base32 characters carrying the account in their first 48 bits, the rest random. */
function accountBody(accountId: AccountId): string {
  const bytes = randomBytes(10);
  const random7 = BigInt(bytes[5] ?? 0) & 0x7fn;
  const head = ((BigInt(accountId) << 7n) & ACCOUNT_MASK) | random7;
  for (let i = 0; i < 6; i++) bytes[i] = Number((head >> BigInt(8 * (5 - i))) & 0xffn);
  return base32(bytes);
}

function randomBase32(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[randomInt(32)];
  return out;
}

/** A new unique ID for an IAM resource of `kind` in `accountId`: prefix + 17 base32 characters. */
export function newUniqueId(kind: UniqueIdKind, accountId: AccountId): UniqueId {
  return `${UNIQUE_ID_PREFIXES[kind]}${accountBody(accountId)}${randomBase32(1)}` as UniqueId;
}

/**
 * A stable unique ID derived from `seed`: prefix + 17 base32 characters of the seed's SHA-256, so
 * the same seed always yields the same ID (for resources AWS names with IDs that Gatehouse's data
 * does not carry, such as AWS managed policies). It carries no account.
 */
export function derivedUniqueId(kind: UniqueIdKind, seed: string): UniqueId {
  return `${UNIQUE_ID_PREFIXES[kind]}${base32(createHash('sha256').update(seed, 'utf8').digest()).slice(0, 17)}` as UniqueId;
}

/** A new access key ID: `AKIA` (long-term) or `ASIA` (temporary) + 16 base32 characters. */
export function newAccessKeyId(accountId: AccountId, temporary = false): AccessKeyId {
  const prefix = temporary ? UNIQUE_ID_PREFIXES.temporaryAccessKey : UNIQUE_ID_PREFIXES.accessKey;
  return `${prefix}${accountBody(accountId)}` as AccessKeyId;
}

/** A new secret access key: 40 characters of the base64 alphabet. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** A new opaque session token (base64), for temporary credentials. */
export function newSessionToken(byteLength = 256): string {
  return randomBytes(byteLength).toString('base64');
}

/** A new 12-digit account ID (no leading zero). */
export function newAccountId(): AccountId {
  return `${randomInt(1, 10)}${String(randomInt(0, 100_000_000_000)).padStart(11, '0')}` as AccountId;
}

/** The account a key ID or unique ID was issued in, for IDs with the account-carrying layout. */
export function accountIdOfKey(id: string): AccountId | undefined {
  if (!/^[A-Z]{4}[A-Z2-7]{16,17}$/.test(id)) return undefined;
  const bytes = unbase32(id.slice(4, 20));
  if (bytes === undefined || bytes.length < 6) return undefined;
  let head = 0n;
  for (let i = 0; i < 6; i++) head = (head << 8n) | BigInt(bytes[i] ?? 0);
  return String((head & ACCOUNT_MASK) >> 7n).padStart(12, '0') as AccountId;
}

/** The kind of resource a unique ID or key ID names, from its prefix. */
export function uniqueIdKind(id: string): UniqueIdKind | undefined {
  const prefix = id.slice(0, 4);
  const found = (Object.entries(UNIQUE_ID_PREFIXES) as [UniqueIdKind, string][]).find(([, p]) => p === prefix);
  return found?.[0];
}

export function isAccessKeyId(text: string): text is AccessKeyId {
  return /^(AKIA|ASIA)[A-Z2-7]{16}$/.test(text);
}
