/**
 * Each cluster's OIDC issuer: an RSA signing key (RS256, what EKS's issuers sign with; made when
 * the cluster is, kept sealed in the cluster's record), its discovery document and JWKS as EKS
 * serves them, and projected service-account tokens with the claims kube-apiserver puts in them.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomUUID, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { SealedSecret } from '../../state/records.js';
import type { SecretSealer } from '../../state/secret-sealer.js';
import type { EksClusterRecord } from '../../state/eks-records.js';
import { issuerUrl } from './eks-ids.js';

const makeKeyPair = promisify(generateKeyPair);

export interface NewSigningKey {
  readonly sealed: SealedSecret;
  readonly keyId: string;
}

/** The key ID kube-apiserver gives a public key: base64url (no padding) of SHA-256 of its PKIX DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}

/** A new 2048-bit RSA key, sealed under `context` (the cluster's ARN). */
export async function newSigningKey(sealer: SecretSealer, context: string): Promise<NewSigningKey> {
  const { privateKey, publicKey } = await makeKeyPair('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return { sealed: sealer.seal(Buffer.from(pem, 'utf8'), context), keyId: keyIdOf(publicKey) };
}

/** Opened keys by sealed value (a cluster's key never changes; a deleted cluster's entry ages out). */
const opened = new Map<string, KeyObject>();

export function signingKeyOf(cluster: EksClusterRecord, sealer: SecretSealer): KeyObject {
  let key = opened.get(cluster.signingKey);
  if (key === undefined) {
    key = createPrivateKey(sealer.open(cluster.signingKey, cluster.arn).toString('utf8'));
    if (opened.size > 1000) opened.clear();
    opened.set(cluster.signingKey, key);
  }
  return key;
}

/** The discovery document EKS serves at `<issuer>/.well-known/openid-configuration`. */
export function discoveryDocument(cluster: EksClusterRecord): Record<string, unknown> {
  const issuer = issuerUrl(cluster.region, cluster.issuerId);
  return {
    issuer,
    jwks_uri: `${issuer}/keys`,
    authorization_endpoint: 'urn:kubernetes:programmatic_authorization',
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    claims_supported: ['sub', 'iss'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
}

/** The JWKS EKS serves at `<issuer>/keys`. */
export function jwks(cluster: EksClusterRecord, sealer: SecretSealer): { keys: Record<string, unknown>[] } {
  const jwk = createPublicKey(signingKeyOf(cluster, sealer)).export({ format: 'jwk' });
  return { keys: [{ kty: 'RSA', e: jwk.e, use: 'sig', kid: cluster.signingKeyId, alg: 'RS256', n: jwk.n }] };
}

/**
 * The API server's own audience: tokens asked for without one (`kubectl create token`) carry it.
 * EKS's API servers run with `--api-audiences=https://kubernetes.default.svc`.
 */
export const API_SERVER_AUDIENCE = 'https://kubernetes.default.svc';
/** kube-apiserver refuses shorter projected tokens ("may not specify a duration less than 10 minutes"). */
export const MIN_TOKEN_SECONDS = 600;
/** `kubectl create token`'s default, and the TokenRequest API's. */
export const DEFAULT_TOKEN_SECONDS = 3600;
/** The longest a token is issued for (kube-apiserver's default `--service-account-max-token-expiration` is unbounded; EKS caps at 24 h). */
export const MAX_TOKEN_SECONDS = 86_400;

export interface TokenRequest {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly audience?: string | readonly string[];
  readonly expirationSeconds?: number;
  readonly podName?: string;
  readonly podUid?: string;
  /** The service account's UID (default: derived from cluster, namespace and name). */
  readonly serviceAccountUid?: string;
}

/** A UUID-shaped ID derived from a name, stable across calls. */
export function stableUid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\0')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class TokenRequestError extends Error {}

/** A projected service-account token: RS256 JWT with kube-apiserver's claims, signed by the cluster's issuer key. */
export async function mintServiceAccountToken(cluster: EksClusterRecord, sealer: SecretSealer, now: Date, r: TokenRequest): Promise<string> {
  const seconds = r.expirationSeconds ?? DEFAULT_TOKEN_SECONDS;
  if (!Number.isInteger(seconds) || seconds < MIN_TOKEN_SECONDS) throw new TokenRequestError('may not specify a duration less than 10 minutes');
  const lifetime = Math.min(seconds, MAX_TOKEN_SECONDS);
  const iat = Math.floor(now.getTime() / 1000);
  const audience = r.audience === undefined ? [API_SERVER_AUDIENCE] : typeof r.audience === 'string' ? [r.audience] : [...r.audience];
  const kubernetes: Record<string, unknown> = {
    namespace: r.namespace,
    serviceaccount: { name: r.serviceAccount, uid: r.serviceAccountUid ?? stableUid(cluster.arn, 'serviceaccount', r.namespace, r.serviceAccount) },
  };
  if (r.podName !== undefined) kubernetes.pod = { name: r.podName, uid: r.podUid ?? stableUid(cluster.arn, 'pod', r.namespace, r.podName) };
  const { SignJWT } = await import('jose');
  return new SignJWT({ 'kubernetes.io': kubernetes, jti: randomUUID() })
    .setProtectedHeader({ alg: 'RS256', kid: cluster.signingKeyId })
    .setIssuer(issuerUrl(cluster.region, cluster.issuerId))
    .setSubject(`system:serviceaccount:${r.namespace}:${r.serviceAccount}`)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + lifetime)
    .sign(signingKeyOf(cluster, sealer));
}
