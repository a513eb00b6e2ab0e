/**
 * The `Authorization` header of a signed request:
 * `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=…`.
 * AWS separates the parameters by commas or whitespace, interchangeably.
 */

export type ParsedAuthorization =
  | {
      readonly ok: true;
      /** The first token, e.g. `AWS4-HMAC-SHA256`. */
      readonly algorithm: string;
      /** Parameter name (as written) → value; the last of a repeated name wins. */
      readonly params: ReadonlyMap<string, string>;
    }
  /** A piece without `=`, which AWS reports before anything else about the header. */
  | { readonly ok: false; readonly piece: string };

/** Whether a header value is meant as a SigV4 authorization (AWS answers anything else as unauthenticated). */
export function isSigV4Authorization(header: string): boolean {
  return header.trim().startsWith('AWS4-');
}

export function parseAuthorizationHeader(header: string): ParsedAuthorization {
  const trimmed = header.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const rest = space < 0 ? '' : trimmed.slice(space + 1);
  const params = new Map<string, string>();
  for (const piece of rest.split(/[,\s]+/)) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq < 0) return { ok: false, piece };
    params.set(piece.slice(0, eq), piece.slice(eq + 1));
  }
  return { ok: true, algorithm, params };
}
