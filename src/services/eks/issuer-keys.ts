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

/**
 * The kubelet asks for a pod's API token with this lifetime; kube-apiserver, run with
 * `--service-account-extend-token-expiration` as EKS runs it, then issues the token for much longer
 * and marks when clients should have refreshed it (`kubernetes.io.warnafter`).
 */
export const WARN_ONLY_TOKEN_SECONDS = 3607;
/** EKS's extended expiry of such tokens: 90 days (eks/service-accounts.md). */
export const EXTENDED_TOKEN_SECONDS = 90 * 86_400;

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
  const iat = Math.floor(now.getTime() / 1000);
  const audience = r.audience === undefined ? [API_SERVER_AUDIENCE] : typeof r.audience === 'string' ? [r.audience] : [...r.audience];
  // A pod-bound token for the API server asked for with the kubelet's lifetime gets EKS's extended expiry.
  const extended = r.podName !== undefined && seconds === WARN_ONLY_TOKEN_SECONDS && audience.length === 1 && audience[0] === API_SERVER_AUDIENCE;
  const lifetime = extended ? EXTENDED_TOKEN_SECONDS : Math.min(seconds, MAX_TOKEN_SECONDS);
  const kubernetes: Record<string, unknown> = {
    namespace: r.namespace,
    serviceaccount: { name: r.serviceAccount, uid: r.serviceAccountUid ?? stableUid(cluster.arn, 'serviceaccount', r.namespace, r.serviceAccount) },
  };
  if (r.podName !== undefined) kubernetes.pod = { name: r.podName, uid: r.podUid ?? stableUid(cluster.arn, 'pod', r.namespace, r.podName) };
  if (extended) kubernetes.warnafter = iat + WARN_ONLY_TOKEN_SECONDS;
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

/** What a service-account token verified against its cluster's issuer says. */
export interface VerifiedServiceAccountToken {
  readonly namespace: string;
  readonly serviceAccount: { readonly name: string; readonly uid: string };
  readonly pod?: { readonly name: string; readonly uid: string };
  readonly jti?: string;
  readonly issuedAt?: number;
  readonly expiresAt: number;
}

/**
 * Verifies a service-account token as kube-apiserver's service-account authenticator does: signed
 * (RS256) by the cluster's issuer key, issued by the cluster's issuer, for the API server's
 * audience, within its validity (go-jose's default leeway of one minute, which that authenticator
 * uses), with the `kubernetes.io` claims of a projected token. Anything else is no such token.
 */
export async function verifyServiceAccountToken(cluster: EksClusterRecord, sealer: SecretSealer, now: Date, token: string): Promise<VerifiedServiceAccountToken | { readonly reason: string }> {
  const { jwtVerify, errors } = await import('jose');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, createPublicKey(signingKeyOf(cluster, sealer)), {
      algorithms: ['RS256'],
      issuer: issuerUrl(cluster.region, cluster.issuerId),
      audience: API_SERVER_AUDIENCE,
      currentDate: now,
      clockTolerance: 60,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { reason: 'service account token has expired' };
    if (err instanceof errors.JOSEError) return { reason: `invalid bearer token: ${err.code}` };
    throw err;
  }
  const k = payload['kubernetes.io'] as { namespace?: unknown; serviceaccount?: { name?: unknown; uid?: unknown }; pod?: { name?: unknown; uid?: unknown } } | undefined;
  const name = k?.serviceaccount?.name;
  const uid = k?.serviceaccount?.uid;
  if (typeof k?.namespace !== 'string' || typeof name !== 'string' || typeof uid !== 'string' || payload.sub !== `system:serviceaccount:${k.namespace}:${name}`) {
    return { reason: 'invalid bearer token: the token has no service account claims' };
  }
  const pod = typeof k.pod?.name === 'string' && typeof k.pod.uid === 'string' ? { name: k.pod.name, uid: k.pod.uid } : undefined;
  return {
    namespace: k.namespace,
    serviceAccount: { name, uid },
    ...(pod !== undefined ? { pod } : {}),
    ...(typeof payload.jti === 'string' ? { jti: payload.jti } : {}),
    ...(typeof payload.iat === 'number' ? { issuedAt: payload.iat } : {}),
    expiresAt: payload.exp as number,
  };
}
