/**
 * Finds the signature's parts in either form a client may use: the `Authorization` header, or the
 * presigned query (`X-Amz-Algorithm`, `X-Amz-Credential`, …). Checks only their presence, in the
 * order AWS's front end reports them; their contents are checked by `verify-request.ts`.
 */

import { isSigV4Authorization, parseAuthorizationHeader } from './authorization-header.js';
import { headerValue, type HeaderValues } from './canonical-headers.js';
import {
  PRESIGNED_REQUIRED_PARAMETERS,
  sigv4Error,
  type AuthorizationParameter,
  type SigV4Error,
} from './errors.js';

export type SignatureForm = 'authorization-header' | 'presigned-query';

export interface SignedParts {
  readonly ok: true;
  readonly form: SignatureForm;
  readonly algorithm: string;
  /** `AKID/20150830/us-east-1/iam/aws4_request`, decoded. */
  readonly credential: string;
  /** The `SignedHeaders` value as written (`host;x-amz-date`). */
  readonly signedHeaders: string;
  readonly signature: string;
  /** The request time as written, and where it was found. */
  readonly date: { readonly value: string; readonly source: 'x-amz-date' | 'date' };
  readonly sessionToken: string | undefined;
  /** `X-Amz-Expires` as written (presigned form only). */
  readonly expires: string | undefined;
}

const HEADER_PARAMETERS: readonly AuthorizationParameter[] = ['Credential', 'Signature', 'SignedHeaders'];

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function fromPresignedQuery(query: ReadonlyMap<string, string>, headers: HeaderValues): SignedParts | SigV4Error {
  const missing = PRESIGNED_REQUIRED_PARAMETERS.filter((name) => nonEmpty(query.get(name)) === undefined);
  if (missing.length > 0) return sigv4Error('query-parameters-missing', { missing });
  return {
    ok: true,
    form: 'presigned-query',
    algorithm: query.get('X-Amz-Algorithm') ?? '',
    credential: query.get('X-Amz-Credential') ?? '',
    signedHeaders: query.get('X-Amz-SignedHeaders') ?? '',
    signature: query.get('X-Amz-Signature') ?? '',
    date: { value: query.get('X-Amz-Date') ?? '', source: 'x-amz-date' },
    sessionToken: nonEmpty(query.get('X-Amz-Security-Token')) ?? nonEmpty(headerValue(headers, 'x-amz-security-token')),
    expires: query.get('X-Amz-Expires'),
  };
}

function fromAuthorizationHeader(header: string, headers: HeaderValues): SignedParts | SigV4Error {
  const parsed = parseAuthorizationHeader(header);
  if (!parsed.ok) return sigv4Error('header-pair-malformed', { piece: parsed.piece, header });
  const missing = HEADER_PARAMETERS.filter((name) => nonEmpty(parsed.params.get(name)) === undefined);
  const amzDate = headerValue(headers, 'x-amz-date');
  const httpDate = headerValue(headers, 'date');
  const date =
    amzDate !== undefined
      ? { value: amzDate, source: 'x-amz-date' as const }
      : httpDate !== undefined
        ? { value: httpDate, source: 'date' as const }
        : undefined;
  if (missing.length > 0 || date === undefined) {
    return sigv4Error('header-parameters-missing', { missing, dateMissing: date === undefined, header });
  }
  return {
    ok: true,
    form: 'authorization-header',
    algorithm: parsed.algorithm,
    credential: parsed.params.get('Credential') ?? '',
    signedHeaders: parsed.params.get('SignedHeaders') ?? '',
    signature: parsed.params.get('Signature') ?? '',
    date,
    sessionToken: nonEmpty(headerValue(headers, 'x-amz-security-token')),
    expires: undefined,
  };
}

/**
 * The signature's parts, or the error AWS gives for a request that is unsigned, signed both ways,
 * or missing a part. A request is presigned when its query names `X-Amz-Algorithm`, even empty.
 */
export function extractSignedParts(headers: HeaderValues, query: ReadonlyMap<string, string>): SignedParts | SigV4Error {
  const authorization = headerValue(headers, 'authorization');
  const presigned = query.has('X-Amz-Algorithm');
  if (presigned && authorization !== undefined) return sigv4Error('both-forms', {});
  if (presigned) return fromPresignedQuery(query, headers);
  if (authorization === undefined || !isSigV4Authorization(authorization)) return sigv4Error('missing-authentication', {});
  return fromAuthorizationHeader(authorization, headers);
}
