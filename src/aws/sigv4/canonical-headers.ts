/**
 * Canonical headers: for each signed header, in the order the signer listed them, the lowercase
 * name, `:`, and the value trimmed with inner runs of whitespace folded to one space; a header sent
 * several times has its values joined with `,` in the order they were sent.
 */

/**
 * Request headers as a Node server has them. Pass `IncomingMessage.headersDistinct` to keep the
 * values of a repeated header apart (`headers` joins them with `, `, which a signer that saw them
 * separately canonicalises as `a,b`); names may be in any case.
 */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Header name (lowercase) → its values in the order sent. */
export type HeaderValues = ReadonlyMap<string, readonly string[]>;

/** Indexes headers by lowercase name, once per request; a map (already indexed so) is used as it is. */
export function indexHeaders(headers: RequestHeaders | HeaderValues): HeaderValues {
  if (isHeaderValues(headers)) return headers;
  const index = new Map<string, string[]>();
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const list = index.get(key) ?? [];
    if (typeof value === 'string') list.push(value);
    else list.push(...value);
    index.set(key, list);
  }
  return index;
}

function isHeaderValues(headers: RequestHeaders | HeaderValues): headers is HeaderValues {
  return headers instanceof Map;
}

/** The first value of a header, or undefined. */
export function headerValue(headers: HeaderValues, lowercaseName: string): string | undefined {
  return headers.get(lowercaseName)?.[0];
}

/** One header's canonical value: each value trimmed and whitespace-folded, joined with `,`. */
export function canonicalHeaderValue(values: readonly string[]): string {
  if (values.length === 1 && !NEEDS_FOLDING.test(values[0]!)) return values[0]!;
  return values.map((value) => value.trim().replace(/\s+/g, ' ')).join(',');
}

/** Leading or trailing whitespace, a run of spaces, or whitespace other than a space. */
const NEEDS_FOLDING = /^\s|\s$|\s\s|[^\S ]/;

/**
 * The canonical headers block (each line ending in a newline) for the signed header names, which
 * are expected lowercase. A signed header the request lacks is written with an empty value, so the
 * signature simply fails to match, as it would at AWS.
 */
export function canonicalHeaders(headers: HeaderValues, signedHeaderNames: readonly string[]): string {
  let block = '';
  for (const name of signedHeaderNames) block += `${name}:${canonicalHeaderValue(headers.get(name) ?? [])}\n`;
  return block;
}

/** Splits a `SignedHeaders` value (`host;x-amz-date`) into lowercase names; empty names are dropped. */
export function parseSignedHeaders(value: string): string[] {
  return value
    .split(';')
    .filter((name) => name !== '')
    .map((name) => name.toLowerCase());
}
