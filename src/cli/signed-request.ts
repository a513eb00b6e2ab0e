/**
 * Signs an outgoing request with SigV4 (header form), from the same canonical-request steps the
 * server verifies with. Used by the `gatehouse` commands and the benchmarks.
 */
import { canonicalRequest } from '../aws/sigv4/canonical-request.js';
import { stringToSign, ALGORITHM } from '../aws/sigv4/string-to-sign.js';
import { deriveSigningKey } from '../aws/sigv4/signing-key.js';
import { signatureHex } from '../aws/sigv4/signature.js';
import { sha256Hex } from '../aws/sigv4/payload-hash.js';
import { formatAmzDate } from '../aws/sigv4/amz-date.js';
import type { StaticCredentials } from '../server/credentials-file.js';

export interface OutgoingRequest {
  readonly method: 'GET' | 'POST';
  /** Absolute URL of the endpoint (path `/`). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Returns the request's headers plus `host`, `x-amz-date`, `Authorization` (and the session token). */
export function signRequest(req: OutgoingRequest, creds: StaticCredentials, region: string, service: string, now: Date): Record<string, string> {
  const url = new URL(req.url);
  const amzDate = formatAmzDate(now);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  headers.host = url.host;
  headers['x-amz-date'] = amzDate;
  if (creds.sessionToken !== undefined) headers['x-amz-security-token'] = creds.sessionToken;
  const signed = Object.keys(headers).sort();
  const canonicalHeaders = signed.map((h) => `${h}:${headers[h]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const scope = { date: amzDate.slice(0, 8), region, service };
  const creq = canonicalRequest({
    method: req.method,
    canonicalUri: url.pathname === '' ? '/' : url.pathname,
    canonicalQuery: query,
    canonicalHeaders,
    signedHeaders: signed,
    payloadHash: sha256Hex(req.body),
  });
  const sts = stringToSign(amzDate, scope, creq);
  const signature = signatureHex(deriveSigningKey(creds.secretAccessKey, scope), sts);
  headers.authorization = `${ALGORITHM} Credential=${creds.accessKeyId}/${scope.date}/${region}/${service}/aws4_request, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return headers;
}

function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
