/**
 * Verifies a request's SigV4 signature and says who signed it, or which AWS error to answer.
 *
 * The checks run in the order AWS's front end runs them (see `errors.ts` for the sources): the
 * signature's parts, the date's format, the clock skew, `host` being signed, the algorithm, the
 * credential's shape and scope, the access key, and last the signature itself. Verification is two
 * phases around the one lookup (the access key's secret), so the same steps serve an async store
 * (`verifyRequest`) and a synchronous one (`verifyRequestSync`).
 */

import { formatAmzDate, parseAmzDate, parseHttpDate } from './amz-date.js';
import { canonicalHeaders, headerValue, indexHeaders, parseSignedHeaders, type HeaderValues, type RequestHeaders } from './canonical-headers.js';
import { canonicalQueryString, decodeQueryParams, splitRawQuery, type RawQueryParam } from './canonical-query.js';
import { canonicalRequest } from './canonical-request.js';
import { canonicalUri } from './canonical-uri.js';
import { parseCredential, SCOPE_TERMINATOR, type CredentialScope } from './credential-scope.js';
import { sigv4Error, type ScopeProblem, type SigV4Error } from './errors.js';
import { payloadHash } from './payload-hash.js';
import { signatureHex, signaturesMatch } from './signature.js';
import { extractSignedParts, type SignatureForm, type SignedParts } from './signed-parts.js';
import { deriveSigningKey, type SigningKeyCache } from './signing-key.js';
import { ALGORITHM, stringToSign } from './string-to-sign.js';

/** An incoming request as the server has it. */
export interface SignedRequest {
  readonly method: string;
  /** The raw request target: path and `?query`, as received (`IncomingMessage.url`). */
  readonly path: string;
  readonly headers: RequestHeaders;
  readonly body: Uint8Array;
}

/** A request to verify: its headers by name in any case, or already indexed by lowercase name (as the server's parser gives them). */
export type VerifiableRequest = SignedRequest | (Omit<SignedRequest, 'headers'> & { readonly headers: HeaderValues });

/** What the credential store knows of an access key. */
export interface SigningSecret {
  readonly secretAccessKey: string;
  /** IAM's access-key status; an inactive key is refused like an unknown one. */
  readonly status: 'Active' | 'Inactive';
}

/** The store's answer for an access key id: its secret, or undefined when there is no such key. */
export type SecretLookup<C extends SigningSecret = SigningSecret> = C | undefined;

export interface VerifyOptionsBase {
  /** The server's clock. */
  readonly now: Date;
  /** The service this endpoint is, e.g. `iam`; the credential scope must name it. */
  readonly expectedService?: string;
  /**
   * The region the credential scope must name, when the endpoint has one: `us-east-1` for IAM and
   * Organizations (global services signed for us-east-1), the endpoint's region for STS regional
   * endpoints. Undefined accepts any region.
   */
  readonly expectedRegion?: string;
  /** Allowed difference between the request time and `now`; AWS's query services allow 15 minutes. */
  readonly clockSkewSeconds?: number;
  /** Reuses derived signing keys across requests. */
  readonly keyCache?: SigningKeyCache;
}

export interface VerifyOptions<C extends SigningSecret = SigningSecret> extends VerifyOptionsBase {
  /** Looks up an access key; the session token (if the request carries one) is passed along. */
  lookupSecret(accessKeyId: string, sessionToken: string | undefined): SecretLookup<C> | Promise<SecretLookup<C>>;
}

export interface VerifySyncOptions<C extends SigningSecret = SigningSecret> extends VerifyOptionsBase {
  lookupSecret(accessKeyId: string, sessionToken: string | undefined): SecretLookup<C>;
}

export interface VerifiedSignature<C extends SigningSecret = SigningSecret> {
  readonly ok: true;
  readonly form: SignatureForm;
  readonly accessKeyId: string;
  readonly scope: CredentialScope;
  /** The signed request time, and as written in the string to sign. */
  readonly requestTime: Date;
  readonly amzDate: string;
  /** `X-Amz-Security-Token`, for the caller to check against the temporary credentials. */
  readonly sessionToken: string | undefined;
  /** Lowercase names of the signed headers, in the order signed. */
  readonly signedHeaders: readonly string[];
  /** `X-Amz-Expires` of a presigned request. STS does not enforce it (it allows 15 minutes); callers such as the EKS token check may. */
  readonly expiresSeconds: number | undefined;
  /** What the lookup returned for the access key. */
  readonly secret: C;
}

export type VerificationResult<C extends SigningSecret = SigningSecret> = VerifiedSignature<C> | SigV4Error;

export const DEFAULT_CLOCK_SKEW_SECONDS = 15 * 60;

/** AWS's largest `X-Amz-Expires`: seven days. */
export const MAX_EXPIRES_SECONDS = 604_800;

/** Everything known before the secret is looked up. */
interface Prepared {
  readonly request: VerifiableRequest;
  readonly parts: SignedParts;
  readonly query: readonly RawQueryParam[];
  readonly headers: ReturnType<typeof indexHeaders>;
  readonly accessKeyId: string;
  readonly scope: CredentialScope;
  readonly requestTime: Date;
  readonly amzDate: string;
  readonly signedHeaders: readonly string[];
  readonly expiresSeconds: number | undefined;
}

function splitTarget(target: string): { readonly path: string; readonly rawQuery: string } {
  const q = target.indexOf('?');
  return q < 0 ? { path: target, rawQuery: '' } : { path: target.slice(0, q), rawQuery: target.slice(q + 1) };
}

function parseRequestTime(parts: SignedParts): Date | undefined {
  return parts.date.source === 'x-amz-date' ? parseAmzDate(parts.date.value) : parseHttpDate(parts.date.value);
}

function skewError(requestTime: Date, now: Date, skewSeconds: number): SigV4Error | undefined {
  const skewMs = skewSeconds * 1000;
  const skewMinutes = skewSeconds / 60;
  if (requestTime.getTime() < now.getTime() - skewMs) {
    return sigv4Error('signature-expired', {
      requestTime: formatAmzDate(requestTime),
      earliest: formatAmzDate(new Date(now.getTime() - skewMs)),
      now: formatAmzDate(now),
      skewMinutes,
    });
  }
  if (requestTime.getTime() > now.getTime() + skewMs) {
    return sigv4Error('signature-not-yet-current', {
      requestTime: formatAmzDate(requestTime),
      latest: formatAmzDate(new Date(now.getTime() + skewMs)),
      now: formatAmzDate(now),
      skewMinutes,
    });
  }
  return undefined;
}

function scopeProblems(scope: CredentialScope, terminator: string, amzDate: string, opts: VerifyOptionsBase): ScopeProblem[] {
  const problems: ScopeProblem[] = [];
  if (opts.expectedRegion !== undefined && scope.region !== opts.expectedRegion) {
    problems.push({ element: 'region', actual: scope.region });
  }
  if (opts.expectedService !== undefined && scope.service !== opts.expectedService) {
    problems.push({ element: 'service', expected: opts.expectedService });
  }
  if (terminator !== SCOPE_TERMINATOR) problems.push({ element: 'terminator', actual: terminator });
  const expectedDate = amzDate.slice(0, 8);
  if (scope.date !== expectedDate) problems.push({ element: 'date', actual: scope.date, expected: expectedDate, amzDate });
  return problems;
}

/** `X-Amz-Expires` as seconds, or the error for a malformed value. */
function parseExpires(value: string | undefined): number | undefined | SigV4Error {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) return sigv4Error('expires-not-a-number', { value });
  const seconds = Number(value);
  if (seconds < 0) return sigv4Error('expires-negative', { value });
  if (seconds > MAX_EXPIRES_SECONDS) return sigv4Error('expires-too-large', { value });
  return seconds;
}

/** Phase one: every check that needs no secret. */
function prepare(request: VerifiableRequest, opts: VerifyOptionsBase): Prepared | SigV4Error {
  const headers = indexHeaders(request.headers);
  const { rawQuery } = splitTarget(request.path);
  const query = splitRawQuery(rawQuery);
  const parts = extractSignedParts(headers, decodeQueryParams(query));
  if (!parts.ok) return parts;

  const requestTime = parseRequestTime(parts);
  if (requestTime === undefined) return sigv4Error('date-malformed', { value: parts.date.value });
  const skew = skewError(requestTime, opts.now, opts.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS);
  if (skew !== undefined) return skew;

  const signedHeaders = parseSignedHeaders(parts.signedHeaders);
  if (!signedHeaders.includes('host')) return sigv4Error('host-not-signed', {});
  if (parts.algorithm !== ALGORITHM) return sigv4Error('unsupported-algorithm', { algorithm: parts.algorithm });

  const credential = parseCredential(parts.credential);
  if (credential === undefined) return sigv4Error('credential-malformed', { credential: parts.credential });
  const amzDate = parts.date.source === 'x-amz-date' ? parts.date.value : formatAmzDate(requestTime);
  const problems = scopeProblems(credential.scope, credential.terminator, amzDate, opts);
  if (problems.length > 0) {
    return sigv4Error('credential-scope-mismatch', { problems }, { accessKeyId: credential.accessKeyId });
  }

  const expiresSeconds = parseExpires(parts.expires);
  if (typeof expiresSeconds === 'object') return expiresSeconds;

  return {
    request,
    parts,
    query,
    headers,
    accessKeyId: credential.accessKeyId,
    scope: credential.scope,
    requestTime,
    amzDate,
    signedHeaders,
    expiresSeconds,
  };
}

/** Phase two: the secret is known; rebuild the signature and compare. */
function finish<C extends SigningSecret>(
  prepared: Prepared,
  secret: SecretLookup<C>,
  opts: VerifyOptionsBase,
): VerificationResult<C> {
  const { accessKeyId } = prepared;
  if (secret === undefined) return sigv4Error('unknown-access-key', {}, { accessKeyId });
  if (secret.status !== 'Active') return sigv4Error('inactive-access-key', {}, { accessKeyId });

  const payload = payloadHash(prepared.request.body, headerValue(prepared.headers, 'x-amz-content-sha256'));
  if (!payload.ok) return sigv4Error('payload-hash-mismatch', { declared: payload.declared }, { accessKeyId });

  const canonical = canonicalRequest({
    method: prepared.request.method,
    canonicalUri: canonicalUri(splitTarget(prepared.request.path).path),
    canonicalQuery: canonicalQueryString(
      prepared.query,
      prepared.parts.form === 'presigned-query' ? 'X-Amz-Signature' : undefined,
    ),
    canonicalHeaders: canonicalHeaders(prepared.headers, prepared.signedHeaders),
    signedHeaders: prepared.signedHeaders,
    payloadHash: payload.hash,
  });
  const toSign = stringToSign(prepared.amzDate, prepared.scope, canonical);
  const key =
    opts.keyCache?.signingKey(secret.secretAccessKey, prepared.scope) ?? deriveSigningKey(secret.secretAccessKey, prepared.scope);
  if (!signaturesMatch(signatureHex(key, toSign), prepared.parts.signature)) {
    return sigv4Error('signature-mismatch', {}, { accessKeyId, detail: { canonicalRequest: canonical, stringToSign: toSign } });
  }
  return {
    ok: true,
    form: prepared.parts.form,
    accessKeyId,
    scope: prepared.scope,
    requestTime: prepared.requestTime,
    amzDate: prepared.amzDate,
    sessionToken: prepared.parts.sessionToken,
    signedHeaders: prepared.signedHeaders,
    expiresSeconds: prepared.expiresSeconds,
    secret,
  };
}

function isError(value: Prepared | SigV4Error): value is SigV4Error {
  return 'ok' in value;
}

/** Verifies a request whose secret lookup may be asynchronous. */
export async function verifyRequest<C extends SigningSecret>(
  request: VerifiableRequest,
  opts: VerifyOptions<C>,
): Promise<VerificationResult<C>> {
  const prepared = prepare(request, opts);
  if (isError(prepared)) return prepared;
  const secret = await opts.lookupSecret(prepared.accessKeyId, prepared.parts.sessionToken);
  return finish(prepared, secret, opts);
}

/** Verifies a request against a synchronous secret lookup (e.g. the embedded SQLite store). */
export function verifyRequestSync<C extends SigningSecret>(request: VerifiableRequest, opts: VerifySyncOptions<C>): VerificationResult<C> {
  const prepared = prepare(request, opts);
  if (isError(prepared)) return prepared;
  return finish(prepared, opts.lookupSecret(prepared.accessKeyId, prepared.parts.sessionToken), opts);
}
