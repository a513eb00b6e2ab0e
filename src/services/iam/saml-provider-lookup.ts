/**
 * Finding an account's SAML providers: by the ARN a request names, and — for STS
 * AssumeRoleWithSAML, which must check an assertion's signature and issuer against the provider
 * the role trusts — the trust facts of a provider: its IdP entity ID and signing certificates.
 * Works on committed state and inside a transaction.
 */
import { parseIdentityArn } from '../../aws/arn.js';
import type { IsoDate, SamlProviderRecord, SamlSsoEndpoint } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';

/** The provider with exactly this ARN in `accountId`, or undefined. */
export async function findSamlProvider(c: Pick<ReadCollections, 'samlProviders'>, accountId: string, arn: string): Promise<SamlProviderRecord | undefined> {
  const parsed = parseIdentityArn(arn);
  if (parsed?.kind !== 'iam-resource' || parsed.type !== 'saml-provider' || parsed.accountId !== accountId) return undefined;
  const provider = await c.samlProviders.getByName(accountId, parsed.name);
  return provider?.Arn === arn ? provider : undefined;
}

/** What STS needs to accept an assertion from a provider. */
export interface SamlProviderTrust {
  readonly arn: string;
  /** The IdP's entity ID: an assertion's `Issuer` must equal it. */
  readonly entityId: string;
  /** PEM X.509 certificates; an assertion must be signed by the key of one of them. */
  readonly signingCertificates: readonly string[];
  readonly ssoEndpoints: readonly SamlSsoEndpoint[];
  /** After this the provider is expired. */
  readonly validUntil: IsoDate;
  /** `Required`: only encrypted assertions are accepted. */
  readonly assertionEncryptionMode: 'Required' | 'Allowed';
}

/** The trust facts of the SAML provider `samlProviderArn` in `accountId`, or undefined when there is none. */
export async function samlProviderTrust(
  c: Pick<ReadCollections, 'samlProviders'>,
  accountId: string,
  samlProviderArn: string,
): Promise<SamlProviderTrust | undefined> {
  const p = await findSamlProvider(c, accountId, samlProviderArn);
  if (p === undefined) return undefined;
  return {
    arn: p.Arn,
    entityId: p.Metadata.EntityId,
    signingCertificates: p.Metadata.SigningCertificates,
    ssoEndpoints: p.Metadata.SsoEndpoints,
    validUntil: p.ValidUntil,
    assertionEncryptionMode: p.AssertionEncryptionMode,
  };
}
