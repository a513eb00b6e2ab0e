/**
 * The canonical query string: every parameter's name and value re-encoded with SigV4's rule,
 * sorted by name and then by value, joined as `name=value` with `&`. A parameter without `=` has
 * an empty value (`?foo` → `foo=`).
 */

import { canonicalizeEncoded, percentDecode } from './percent-encoding.js';

/** One query parameter as it appeared on the wire, still percent-encoded. */
export interface RawQueryParam {
  readonly rawName: string;
  readonly rawValue: string;
}

/** Splits a raw query string (without the leading `?`) into its parameters; empty pieces are skipped. */
export function splitRawQuery(rawQuery: string): RawQueryParam[] {
  if (rawQuery === '') return [];
  const params: RawQueryParam[] = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    params.push(eq < 0 ? { rawName: piece, rawValue: '' } : { rawName: piece.slice(0, eq), rawValue: piece.slice(eq + 1) });
  }
  return params;
}

/** The decoded name → first decoded value of each parameter (for reading `X-Amz-*` parameters). */
export function decodeQueryParams(params: readonly RawQueryParam[]): Map<string, string> {
  const decoded = new Map<string, string>();
  for (const { rawName, rawValue } of params) {
    const name = percentDecode(rawName);
    if (!decoded.has(name)) decoded.set(name, percentDecode(rawValue));
  }
  return decoded;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical query string of the parameters. `omitName` (compared after decoding) leaves out
 * the presigned form's `X-Amz-Signature`, which cannot sign itself.
 */
export function canonicalQueryString(params: readonly RawQueryParam[], omitName?: string): string {
  if (params.length === 0) return '';
  const pairs: Array<readonly [string, string]> = [];
  for (const { rawName, rawValue } of params) {
    if (omitName !== undefined && percentDecode(rawName) === omitName) continue;
    pairs.push([canonicalizeEncoded(rawName), canonicalizeEncoded(rawValue)]);
  }
  pairs.sort((x, y) => compareCodeUnits(x[0], y[0]) || compareCodeUnits(x[1], y[1]));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}
