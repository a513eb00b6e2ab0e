/**
 * Signs a request with the same steps the verifier checks: for tests, and for Gatehouse's own
 * clients (the CLI, the EKS token helper). Signs `host`, `content-type` and every `x-amz-*` header.
 */

import { formatAmzDate } from './amz-date.js';
import { canonicalHeaders, indexHeaders, type RequestHeaders } from './canonical-headers.js';
import { canonicalQueryString, splitRawQuery } from './canonical-query.js';
import { canonicalRequest } from './canonical-request.js';
import { canonicalUri } from './canonical-uri.js';
import { credentialScopeString, type CredentialScope } from './credential-scope.js';
import { payloadHash } from './payload-hash.js';
import { uriEncode } from './percent-encoding.js';
import { signatureHex } from './signature.js';
import { deriveSigningKey } from './signing-key.js';
import { ALGORITHM, stringToSign } from './string-to-sign.js';
import type { SignedRequest } from './verify-request.js';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SignOptions {
  readonly credentials: SigningCredentials;
  readonly region: string;
  readonly service: string;
  readonly now: Date;
}

function scopeFor(opts: SignOptions, amzDate: string): CredentialScope {
  return { date: amzDate.slice(0, 8), region: opts.region, service: opts.service };
}

function namesToSign(headers: RequestHeaders): string[] {
  return [...indexHeaders(headers).keys()]
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-amz-'))
    .sort();
}

function signature(request: SignedRequest, headers: RequestHeaders, signed: readonly string[], scope: CredentialScope, amzDate: string, secret: string): string {
  const q = request.path.indexOf('?');
  const path = q < 0 ? request.path : request.path.slice(0, q);
  const query = q < 0 ? [] : splitRawQuery(request.path.slice(q + 1));
  const index = indexHeaders(headers);
  const payload = payloadHash(request.body, index.get('x-amz-content-sha256')?.[0]);
  const canonical = canonicalRequest({
    method: request.method,
    canonicalUri: canonicalUri(path),
    canonicalQuery: canonicalQueryString(query),
    canonicalHeaders: canonicalHeaders(index, signed),
    signedHeaders: signed,
    payloadHash: payload.ok ? payload.hash : payload.declared,
  });
  return signatureHex(deriveSigningKey(secret, scope), stringToSign(amzDate, scope, canonical));
}

/** The request's headers with `X-Amz-Date`, `X-Amz-Security-Token` (if any) and `Authorization` added. */
export function signRequest(request: SignedRequest, opts: SignOptions): Record<string, string | readonly string[]> {
  const amzDate = formatAmzDate(opts.now);
  const headers: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = value;
  headers['x-amz-date'] = amzDate;
  if (opts.credentials.sessionToken !== undefined) headers['x-amz-security-token'] = opts.credentials.sessionToken;
  const scope = scopeFor(opts, amzDate);
  const signed = namesToSign(headers);
  const sig = signature(request, headers, signed, scope, amzDate, opts.credentials.secretAccessKey);
  headers.authorization = `${ALGORITHM} Credential=${opts.credentials.accessKeyId}/${credentialScopeString(scope)}, SignedHeaders=${signed.join(';')}, Signature=${sig}`;
  return headers;
}

/** The request's path with the presigned-query parameters (and `X-Amz-Signature`) appended. */
export function presignRequest(request: SignedRequest, opts: SignOptions & { readonly expiresSeconds: number }): string {
  const amzDate = formatAmzDate(opts.now);
  const scope = scopeFor(opts, amzDate);
  const signed = namesToSign(request.headers);
  const params: Array<[string, string]> = [
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${opts.credentials.accessKeyId}/${credentialScopeString(scope)}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(opts.expiresSeconds)],
    ['X-Amz-SignedHeaders', signed.join(';')],
  ];
  if (opts.credentials.sessionToken !== undefined) params.push(['X-Amz-Security-Token', opts.credentials.sessionToken]);
  const added = params.map(([name, value]) => `${name}=${uriEncode(value)}`).join('&');
  const path = request.path.includes('?') ? `${request.path}&${added}` : `${request.path}?${added}`;
  const sig = signature({ ...request, path }, request.headers, signed, scope, amzDate, opts.credentials.secretAccessKey);
  return `${path}&X-Amz-Signature=${sig}`;
}
