/**
 * Signs an outgoing request to a Gatehouse endpoint with SigV4 (header form): a URL-and-string
 * front to the signer in `aws/sigv4`, which runs the same steps the server verifies. Used by the
 * `gatehouse` commands and the benchmarks.
 */
import { signRequest as sign } from '../aws/sigv4/sign-request.js';
import type { StaticCredentials } from '../server/credentials-file.js';

export interface OutgoingRequest {
  readonly method: 'GET' | 'POST';
  /** Absolute URL of the endpoint. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Returns the request's headers plus `host`, `x-amz-date`, `authorization` (and the session token). */
export function signRequest(req: OutgoingRequest, creds: StaticCredentials, region: string, service: string, now: Date): Record<string, string> {
  const url = new URL(req.url);
  const headers: Record<string, string> = { host: url.host };
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  const signed = sign(
    { method: req.method, path: `${url.pathname}${url.search}`, headers, body: Buffer.from(req.body, 'utf8') },
    { credentials: creds, region, service, now },
  );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed)) out[k] = typeof v === 'string' ? v : v.join(',');
  return out;
}
