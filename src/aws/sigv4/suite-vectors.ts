/**
 * Loads AWS's SigV4 test-suite vectors stored under `test-vectors/` (one JSON file each) and turns
 * their raw HTTP text into `SignedRequest`s. Used by the tests only.
 */

import { readdirSync, readFileSync } from 'node:fs';
import type { SignedRequest } from './verify-request.js';

export interface SuiteContext {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly service: string;
  /** The suite's signing time, ISO 8601 extended. */
  readonly time: string;
}

export interface SuiteVector {
  readonly name: string;
  readonly source: string;
  readonly context: string;
  /** The unsigned request as raw HTTP text. */
  readonly request: string;
  /** AWS's expected Authorization header for `request`. */
  readonly authorization?: string;
  readonly canonicalRequest?: string;
  readonly stringToSign?: string;
  /** The request presigned in the query, as raw HTTP text. */
  readonly presignedRequest?: string;
}

/** The vectors live beside the sources; tests run from `dist/src/aws/sigv4/`. */
const VECTOR_DIR = new URL('../../../../src/aws/sigv4/test-vectors/', import.meta.url);

export function loadSuiteContexts(): Readonly<Record<string, SuiteContext>> {
  return JSON.parse(readFileSync(new URL('_contexts.json', VECTOR_DIR), 'utf8')) as Record<string, SuiteContext>;
}

export function loadSuiteVectors(): SuiteVector[] {
  return readdirSync(VECTOR_DIR)
    .filter((file) => file.endsWith('.json') && !file.startsWith('_'))
    .sort()
    .map((file) => JSON.parse(readFileSync(new URL(file, VECTOR_DIR), 'utf8')) as SuiteVector);
}

/**
 * Parses `METHOD target HTTP/1.1`, `Name:value` header lines (a repeated name keeps each value,
 * in order), a blank line and the body. Header values are kept as written; the signer trims them.
 */
export function parseRawHttpRequest(text: string): SignedRequest {
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const [requestLine = '', ...headerLines] = head.split('\n');
  const firstSpace = requestLine.indexOf(' ');
  const lastSpace = requestLine.lastIndexOf(' ');
  const method = requestLine.slice(0, firstSpace);
  const path = requestLine.slice(firstSpace + 1, lastSpace);
  const headers: Record<string, string[]> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    (headers[name] ??= []).push(line.slice(colon + 1));
  }
  return { method, path, headers, body: Buffer.from(body, 'utf8') };
}

/** The same request with one more header. */
export function withHeader(request: SignedRequest, name: string, value: string): SignedRequest {
  return { ...request, headers: { ...request.headers, [name]: value } };
}
