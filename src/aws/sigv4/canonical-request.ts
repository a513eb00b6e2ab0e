/** The canonical request: six parts, one per line (the headers block ends with its own newline). */

export interface CanonicalRequestParts {
  /** HTTP method, uppercase as sent. */
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQuery: string;
  /** The canonical headers block, each line ending in `\n`. */
  readonly canonicalHeaders: string;
  /** Lowercase signed header names, in the order signed. */
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
}

export function canonicalRequest(parts: CanonicalRequestParts): string {
  return [
    parts.method,
    parts.canonicalUri,
    parts.canonicalQuery,
    parts.canonicalHeaders,
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
}
