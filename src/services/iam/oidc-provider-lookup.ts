/**
 * Finding an account's OIDC providers: by the ARN a request names, and by the issuer URL a web
 * identity token carries (for STS AssumeRoleWithWebIdentity, which trusts a token only if the
 * role's account has a provider for its `iss`). Works on committed state and inside a transaction.
 */
import type { OidcProviderRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import { issuerWithoutScheme, oidcProviderArn } from './oidc-provider-url.js';

/**
 * The provider of `accountId` for the issuer `issuerUrl` (`https://oidc.eks.…/id/…`, with or
 * without the scheme), or undefined when the account has none.
 */
export async function oidcProviderByIssuer(
  c: Pick<ReadCollections, 'oidcProviders'>,
  accountId: string,
  issuerUrl: string,
): Promise<OidcProviderRecord | undefined> {
  const provider = await c.oidcProviders.getById(oidcProviderArn(accountId, issuerWithoutScheme(issuerUrl)));
  return provider?.AccountId === accountId ? provider : undefined;
}

/** The provider with exactly this ARN in `accountId`, or undefined. */
export async function findOidcProvider(c: Pick<ReadCollections, 'oidcProviders'>, accountId: string, arn: string): Promise<OidcProviderRecord | undefined> {
  const provider = await c.oidcProviders.getById(arn);
  return provider?.AccountId === accountId ? provider : undefined;
}
