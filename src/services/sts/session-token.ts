/**
 * Session tokens: what a temporary credential is (its principal, expiry, session policies, tags,
 * MFA facts, and the secret the requests are signed with), sealed with AES-256-GCM under a key
 * derived from Gatehouse's sealing key (in the data directory, `server/sealing-key.ts`). A client can neither read nor alter a token, nor make one: any change
 * fails authentication, and a token sealed under another Gatehouse's key does not open. Sessions
 * are therefore kept nowhere but in their tokens, and survive restarts.
 *
 * Layout: `GH1` + base64 of (12-byte IV ‖ ciphertext ‖ 16-byte tag), with the prefix as additional
 * authenticated data. AWS's own tokens are opaque base64 too; clients only carry them.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { pooledRandomBytes } from '../../aws/random-pool.js';

/** How the session was made. */
export type SessionKind =
  /** AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML, and EKS Pod Identity. */
  | 'role'
  /** GetFederationToken. */
  | 'federated'
  /** GetSessionToken: the IAM user (or root) itself, with MFA facts. */
  | 'user';

/** The facts of one session, as sealed in its token. Short names keep tokens small. */
export interface SessionClaims {
  readonly kind: SessionKind;
  /** The session's access key ID (`ASIA…`) and secret. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The account of the session's principal. */
  readonly accountId: string;
  /** Issued and expires, in seconds since the epoch. */
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** Role sessions: the role's unique ID (a session belongs to that role, not to its name), ARN and session name. */
  readonly roleId?: string;
  readonly roleArn?: string;
  /** The role session name, or the federated user's name. */
  readonly name?: string;
  /** Federated and user sessions: the IAM user's ID (the account ID for root). */
  readonly userId?: string;
  /** Session policies: the inline one and the managed ARNs. */
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  /** Session tags, in the case given, and the keys that pass to chained sessions. */
  readonly tags?: readonly (readonly [string, string])[];
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
  /** When MFA was verified for this session (seconds since the epoch). */
  readonly mfaAt?: number;
  /** Made by a role session assuming a role (role chaining). */
  readonly chained?: boolean;
  /** Web identity and SAML sessions: the provider and the claims that become condition keys. */
  readonly federation?: FederationFacts;
}

export interface FederationFacts {
  /** `aws:FederatedProvider`: the OIDC provider's ARN, or the SAML provider's. */
  readonly provider: string;
  /** `web` for OIDC, `saml` for SAML. */
  readonly kind: 'web' | 'saml';
  /** Condition keys the session carries (`<issuer>:sub`, `saml:sub`, …). */
  readonly keys?: Readonly<Record<string, string | readonly string[]>>;
}

const PREFIX = 'GH1';
/** Encoded authorization messages (DecodeAuthorizationMessage) are sealed apart from session tokens. */
const MESSAGE_PREFIX = 'GHM1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A new 32-byte sealing key. */
export function newSessionKey(): Buffer {
  return randomBytes(32);
}

/**
 * The key that seals session tokens, derived (HKDF-SHA256) from Gatehouse's sealing key, so that
 * tokens and the secrets sealed at rest never share a key.
 */
export function sessionKeyFrom(sealingKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', sealingKey, Buffer.alloc(0), 'gatehouse session tokens', 32));
}

/** Seals `text` under `key`: the prefix, then base64 of IV, ciphertext and tag (the prefix authenticated too). */
function seal(prefix: string, text: string, key: Buffer): string {
  const iv = pooledRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(prefix, 'latin1'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return prefix + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

/** The sealed text, or undefined for anything not sealed under `key` with `prefix` (altered, truncated, foreign, garbage). */
function open(prefix: string, sealed: string, key: Buffer): string | undefined {
  if (!sealed.startsWith(prefix) || sealed.length > 65_536) return undefined;
  const raw = Buffer.from(sealed.slice(prefix.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES + 2) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(prefix, 'latin1'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Seals claims into a token. */
export function sealSession(claims: SessionClaims, key: Buffer): string {
  return seal(PREFIX, JSON.stringify(claims), key);
}

/** Opens a token; undefined for anything not sealed under `key`. */
export function openSession(token: string, key: Buffer): SessionClaims | undefined {
  const text = open(PREFIX, token, key);
  if (text === undefined) return undefined;
  try {
    const claims = JSON.parse(text) as SessionClaims;
    return typeof claims.accessKeyId === 'string' && typeof claims.secretAccessKey === 'string' && typeof claims.expiresAt === 'number' ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** Session tokens and encoded authorization messages, sealed under one key. */
export interface Sealer {
  seal(claims: SessionClaims): string;
  open(token: string): SessionClaims | undefined;
  /** An authorization message (JSON text), encoded as DecodeAuthorizationMessage decodes it. */
  sealMessage(json: string): string;
  openMessage(encoded: string): string | undefined;
}

/** A sealer over one key. */
export function sessionSealer(key: Buffer): Sealer {
  return {
    seal: (claims) => sealSession(claims, key),
    open: (token) => openSession(token, key),
    sealMessage: (json) => seal(MESSAGE_PREFIX, json, key),
    openMessage: (encoded) => open(MESSAGE_PREFIX, encoded, key),
  };
}
