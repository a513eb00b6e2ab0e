/**
 * Raw HTTP for the wire-level suites: sends exactly the bytes given (no client normalization), and
 * signs requests with the AWS SDK's own SigV4 signer (`@smithy/signature-v4`), header or presigned.
 */
import { request as httpRequest } from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface RawRequest {
  readonly method?: string;
  /** Path and query, sent as is. */
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly body?: string | Buffer;
}

/** Sends one request on a fresh connection and reads the whole answer. */
export function rawRequest(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((ok, fail) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: r.method ?? 'POST', path: r.path ?? '/', headers: { ...r.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(r.body);
  });
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The SHA-256 / HMAC-SHA256 constructor `SignatureV4` wants, from node:crypto. */
class NodeSha256 {
  readonly #hash;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.#hash.digest());
  }
}

export interface SigningOptions {
  readonly credentials: AwsCredentialIdentity;
  readonly region?: string;
  readonly service?: string;
  readonly signingDate?: Date;
  /** The Host header to sign and send (default: the URL's host). */
  readonly host?: string;
}

function signer(o: SigningOptions): SignatureV4 {
  return new SignatureV4({ credentials: o.credentials, region: o.region ?? 'us-east-1', service: o.service ?? 'iam', sha256: NodeSha256 });
}

/** A form-encoded Query POST, signed in the Authorization header; returns the headers and body to send. */
export async function signedQueryPost(baseUrl: string, form: Readonly<Record<string, string>>, o: SigningOptions): Promise<RawRequest> {
  const url = new URL(baseUrl);
  const body = new URLSearchParams({ Version: o.service === 'sts' ? '2011-06-15' : '2010-05-08', ...form }).toString();
  const signed = await signer(o).sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: { host: o.host ?? url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    },
    { signingDate: o.signingDate },
  );
  return { method: 'POST', path: '/', headers: signed.headers, body };
}

/** A Query GET with the parameters in the query string, signed in the Authorization header. */
export async function signedQueryGet(baseUrl: string, params: Readonly<Record<string, string>>, o: SigningOptions): Promise<RawRequest> {
  const url = new URL(baseUrl);
  const query = { Version: '2010-05-08', ...params };
  const signed = await signer(o).sign(
    { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query, headers: { host: url.host } },
    { signingDate: o.signingDate },
  );
  return { method: 'GET', path: `/?${new URLSearchParams(query).toString()}`, headers: signed.headers };
}

/** A presigned Query GET: the signature travels in the query string (X-Amz-Signature…). */
export async function presignedQueryGet(baseUrl: string, params: Readonly<Record<string, string>>, o: SigningOptions & { expiresIn?: number }): Promise<RawRequest> {
  const url = new URL(baseUrl);
  const query = { Version: '2010-05-08', ...params };
  const signed = await signer(o).presign(
    { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query, headers: { host: url.host } },
    { signingDate: o.signingDate, expiresIn: o.expiresIn ?? 300 },
  );
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(signed.query ?? {})) {
    if (Array.isArray(v)) for (const x of v) pairs.push([k, x]);
    else if (typeof v === 'string') pairs.push([k, v]);
  }
  const qs = pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
  return { method: 'GET', path: `/?${qs}`, headers: { host: url.host } };
}

function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The text of one XML element (first occurrence), or undefined. */
export function xmlText(body: string, element: string): string | undefined {
  const m = new RegExp(`<${element}>([\\s\\S]*?)</${element}>`).exec(body);
  return m?.[1];
}

/** Decodes the five XML entities. */
export function xmlUnescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** A POST with exactly this body (any bytes, any content type), signed in the Authorization header. */
export async function signedRawPost(baseUrl: string, body: string, o: SigningOptions & { headers?: Readonly<Record<string, string>> }): Promise<RawRequest> {
  const url = new URL(baseUrl);
  const headers = { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...o.headers };
  const signed = await signer(o).sign(
    { method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers, body },
    { signingDate: o.signingDate },
  );
  return { method: 'POST', path: '/', headers: signed.headers, body };
}
