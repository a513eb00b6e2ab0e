/**
 * The issuer URL of an IAM OIDC provider (id_roles_providers_create_oidc.md, the API reference's
 * `Url`): it begins with `https://`, names a host, may have a path, and has no query, fragment or
 * credentials; IAM keeps and reports it without the scheme, and the provider's ARN carries it so:
 * `arn:aws:iam::<account>:oidc-provider/<host>[/<path>]`. The 255-character limit is the model's and
 * is checked by the decoder.
 *
 * Not known, and chosen here: a port is accepted (the guide says the URL "should not" contain one,
 * and Gatehouse's own issuers may listen on one); the URL is kept exactly as given (IAM compares
 * provider URLs case-sensitively).
 */
import { iamArn, type AccountId } from '../../aws/arn.js';

const SCHEME = 'https://';
/** Printable ASCII without spaces: what may appear in a URL as written. */
const URL_TEXT = /^[\x21-\x7e]+$/;

/** The URL without `https://`, or undefined when it is not a valid provider URL. */
export function providerUrlWithoutScheme(url: string): string | undefined {
  if (!url.startsWith(SCHEME)) return undefined;
  const rest = url.slice(SCHEME.length);
  if (rest === '' || !URL_TEXT.test(rest) || rest.includes('?') || rest.includes('#') || rest.includes('@') || rest.includes('\\')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return undefined;
  const host = rest.split('/')[0] ?? '';
  if (host === '' || host.startsWith('.') || host.endsWith('.') || host.includes('..')) return undefined;
  return rest;
}

/** The issuer as STS sees it in a token's `iss`: with or without `https://`. */
export function issuerWithoutScheme(issuer: string): string {
  return issuer.startsWith(SCHEME) ? issuer.slice(SCHEME.length) : issuer;
}

/** `arn:aws:iam::<account>:oidc-provider/<url without https://>`. */
export function oidcProviderArn(accountId: string, urlWithoutScheme: string): string {
  return iamArn(accountId as AccountId, 'oidc-provider', urlWithoutScheme);
}
