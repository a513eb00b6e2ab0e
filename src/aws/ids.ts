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
import { pooledRandomBytes } from './random-pool.js';
import type { AccountId } from './arn.js';
import { BASE32_ALPHABET, base32Decode, base32Encode } from './base32.js';

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

const ACCOUNT_MASK = 0x7fffffffff80n;

/** 16 base32 characters carrying the account in their first 48 bits, the rest random. */
function accountBody(accountId: AccountId): string {
  const bytes = pooledRandomBytes(10);
  const random7 = BigInt(bytes[5] ?? 0) & 0x7fn;
  const head = ((BigInt(accountId) << 7n) & ACCOUNT_MASK) | random7;
  for (let i = 0; i < 6; i++) bytes[i] = Number((head >> BigInt(8 * (5 - i))) & 0xffn);
  return base32Encode(bytes);
}

function randomBase32(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32_ALPHABET[randomInt(32)];
  return out;
}

/** A new unique ID for an IAM resource of `kind` in `accountId`: prefix + 17 base32 characters. */
export function newUniqueId(kind: UniqueIdKind, accountId: AccountId): UniqueId {
  return `${UNIQUE_ID_PREFIXES[kind]}${accountBody(accountId)}${randomBase32(1)}` as UniqueId;
}

/**
 * A new opaque identifier of upper-case letters and digits (the base32 alphabet), for IDs AWS
 * documents only by pattern, such as a SAML provider's `SAMLProviderUUID` and its private keys'
 * `KeyId` (`[A-Z0-9]+`, 22 to 64 characters).
 */
export function newOpaqueId(length: number): string {
  return randomBase32(length);
}

/**
 * A stable unique ID derived from `seed`: prefix + 17 base32 characters of the seed's SHA-256, so
 * the same seed always yields the same ID (for resources AWS names with IDs that Gatehouse's data
 * does not carry, such as AWS managed policies). It carries no account.
 */
export function derivedUniqueId(kind: UniqueIdKind, seed: string): UniqueId {
  return `${UNIQUE_ID_PREFIXES[kind]}${base32Encode(createHash('sha256').update(seed, 'utf8').digest()).slice(0, 17)}` as UniqueId;
}

/** A new access key ID: `AKIA` (long-term) or `ASIA` (temporary) + 16 base32 characters. */
export function newAccessKeyId(accountId: AccountId, temporary = false): AccessKeyId {
  const prefix = temporary ? UNIQUE_ID_PREFIXES.temporaryAccessKey : UNIQUE_ID_PREFIXES.accessKey;
  return `${prefix}${accountBody(accountId)}` as AccessKeyId;
}

/**
 * A new SSH public key ID: `APKA` + 16 base32 characters, 20 in all, the length of the IDs in
 * UploadSSHPublicKey's documented answers (`APKAEIBAERJR2EXAMPLE`).
 */
export function newSshPublicKeyId(accountId: AccountId): string {
  return `${UNIQUE_ID_PREFIXES.publicKey}${accountBody(accountId)}`;
}

/**
 * A new signing-certificate ID: 32 base32 characters with no prefix. AWS documents these IDs only
 * with placeholders (`ID123456789012345EXAMPLE`, at least 24 characters); the length and alphabet
 * are chosen here.
 */
export function newSigningCertificateId(): string {
  return randomBase32(32);
}

/** A new secret access key: 40 characters of the base64 alphabet. */
export function newSecretAccessKey(): string {
  return pooledRandomBytes(30).toString('base64');
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
  const bytes = base32Decode(id.slice(4, 20));
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
