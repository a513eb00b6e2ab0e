/**
 * The IAM requests the server benchmark sends: Query-protocol POSTs signed with SigV4 for the
 * `iam` service in us-east-1, exactly as an SDK would send them.
 */
import { signRequest } from '../src/cli/signed-request.js';
import type { StaticCredentials } from '../src/server/credentials-file.js';

export interface SignedRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
const VERSION = '2010-05-08';

/** `Action=<action>&Version=2010-05-08&<params>`, signed now. */
export function signedIamCall(endpoint: string, creds: StaticCredentials, action: string, params: Readonly<Record<string, string>>): SignedRequest {
  const body = new URLSearchParams({ Action: action, Version: VERSION, ...params }).toString();
  const url = `${endpoint}/`;
  const unsigned = { method: 'POST' as const, url, headers: { 'content-type': CONTENT_TYPE }, body };
  const headers = signRequest(unsigned, creds, 'us-east-1', 'iam', new Date());
  headers['content-length'] = String(Buffer.byteLength(body));
  return { method: 'POST', url, headers, body };
}

export interface QueryCall {
  readonly service: string;
  readonly version: string;
  readonly action: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly region?: string;
}

/** A Query-protocol POST for any service (STS: `sts`, `2011-06-15`), signed now; session credentials carry their token. */
export function signedQueryCall(endpoint: string, creds: StaticCredentials, c: QueryCall): SignedRequest {
  const body = new URLSearchParams({ Action: c.action, Version: c.version, ...c.params }).toString();
  const url = `${endpoint}/`;
  const unsigned = { method: 'POST' as const, url, headers: { 'content-type': CONTENT_TYPE }, body };
  const headers = signRequest(unsigned, creds, c.region ?? 'us-east-1', c.service, new Date());
  headers['content-length'] = String(Buffer.byteLength(body));
  return { method: 'POST', url, headers, body };
}
