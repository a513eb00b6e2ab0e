/**
 * `k8s-aws-v1.` tokens, checked as aws-iam-authenticator checks them before it asks STS: the token
 * is `k8s-aws-v1.` and the base64url (unpadded) text of a presigned `GetCallerIdentity` URL; the
 * URL is HTTPS to an STS host, carries only the query parameters a presigned GetCallerIdentity has,
 * signs the `x-k8s-aws-id` header (which must be the cluster's name), and was signed less than 15
 * minutes ago (X-Amz-Expires is not what limits it: `aws eks get-token` writes 60, and the
 * authenticator and STS allow 15 minutes). Pure: no I/O, the clock given.
 */

export const TOKEN_PREFIX = 'k8s-aws-v1.';
/** The authenticator's limit on a token's age. */
export const PRESIGNED_URL_LIFETIME_MS = 15 * 60 * 1000;
const MAX_TOKEN_LENGTH = 1024 * 4;
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

/** The query parameters a presigned GetCallerIdentity may carry (the authenticator's list), lowercase. */
const ALLOWED_PARAMETERS = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);

export interface CheckedToken {
  /** The presigned URL. */
  readonly url: URL;
  /** Its `X-Amz-Credential` parameter, decoded (empty when absent). */
  readonly credential: string;
}

export class TokenFormatError extends Error {}

/** Hosts whose presigned URLs are accepted besides AWS's STS hosts (Gatehouse's own address). */
export type ExtraHosts = (host: string) => boolean;

const STS_HOST = /^sts(?:-fips)?(?:\.[a-z]{2}(?:-[a-z]+)+-\d+)?\.amazonaws\.com(?:\.cn)?$/;

/** The authenticator's messages are kept where it has them ("input token was not properly formatted: ..."). */
export function checkToken(token: string, now: Date, extraHosts: ExtraHosts = () => false): CheckedToken {
  if (token.length > MAX_TOKEN_LENGTH) throw new TokenFormatError('token is too large');
  if (!token.startsWith(TOKEN_PREFIX)) throw new TokenFormatError(`token is missing expected "${TOKEN_PREFIX}" prefix`);
  const encoded = token.slice(TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new TokenFormatError('illegal base64 data');
  const text = Buffer.from(encoded, 'base64url').toString('utf8');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TokenFormatError('input token was not properly formatted: unparsable URL');
  }
  const host = url.host.toLowerCase();
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && extraHosts(host))) throw new TokenFormatError(`unexpected scheme "${url.protocol.slice(0, -1)}" in pre-signed URL`);
  if (!STS_HOST.test(url.hostname.toLowerCase()) && !extraHosts(host)) throw new TokenFormatError(`unexpected hostname "${url.hostname}" in pre-signed URL`);
  if (url.pathname !== '/') throw new TokenFormatError('unexpected path in pre-signed URL');
  const lower = new Map<string, string>();
  for (const [k, v] of url.searchParams) {
    const key = k.toLowerCase();
    if (!ALLOWED_PARAMETERS.has(key)) throw new TokenFormatError(`non-whitelisted query parameter "${k}"`);
    if (lower.has(key)) throw new TokenFormatError(`query parameter "${k}" appears more than once`);
    lower.set(key, v);
  }
  if (lower.get('action') !== 'GetCallerIdentity') throw new TokenFormatError('unexpected action parameter in pre-signed URL');
  const signed = (lower.get('x-amz-signedheaders') ?? '').split(';').map((h) => h.trim().toLowerCase());
  if (!signed.includes(CLUSTER_ID_HEADER)) throw new TokenFormatError(`client did not sign the ${CLUSTER_ID_HEADER} header in the pre-signed URL`);
  const expires = lower.get('x-amz-expires');
  if (expires === undefined || expires === '') throw new TokenFormatError('X-Amz-Expires parameter is required');
  const date = lower.get('x-amz-date') ?? '';
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (m === null) throw new TokenFormatError(`error parsing X-Amz-Date parameter: ${date}`);
  const signedAt = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (now.getTime() >= signedAt + PRESIGNED_URL_LIFETIME_MS) throw new TokenFormatError('X-Amz-Date parameter is expired (15 minute expiration)');
  if (signedAt > now.getTime() + PRESIGNED_URL_LIFETIME_MS) throw new TokenFormatError('X-Amz-Date parameter is in the future');
  return { url, credential: lower.get('x-amz-credential') ?? '' };
}

/**
 * The ARN aws-iam-authenticator maps: an assumed-role session's role ARN (path dropped, since
 * GetCallerIdentity's ARN has none), a user's or root's ARN as it is, a federated user's as it is.
 */
export function canonicalArn(arn: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (m !== null) return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
  return arn;
}

/** The session name of an assumed-role ARN. */
export function sessionNameOf(arn: string): string | undefined {
  const m = /^arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  return m?.[1];
}
