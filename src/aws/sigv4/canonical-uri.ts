/**
 * The canonical URI of a request to a service other than S3 (IAM, STS, Organizations, EKS,
 * CloudTrail): the path with `.`/`..` segments resolved and empty segments dropped, then every
 * segment URI-encoded once more. The path arrives already encoded once on the wire, so a label such
 * as `my:cluster` sent as `my%3Acluster` is signed as `my%253Acluster` ("double encoding").
 * S3 signs the path as sent, without normalising or re-encoding; Gatehouse does not serve S3.
 */

import { uriEncode } from './percent-encoding.js';

/**
 * Resolves `.` and `..` segments (RFC 3986 section 5.2.4) and collapses repeated slashes, keeping a
 * trailing slash when any segment remains. `/example/..` → `/`, `//example//` → `/example/`.
 */
export function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  if (segments.length === 0) return '/';
  return `/${segments.join('/')}${path.endsWith('/') ? '/' : ''}`;
}

/** The canonical URI of a raw (wire) path, without its query string. */
export function canonicalUri(rawPath: string): string {
  if (rawPath === '' || rawPath === '/') return '/';
  return normalizePath(rawPath).split('/').map(uriEncode).join('/');
}
