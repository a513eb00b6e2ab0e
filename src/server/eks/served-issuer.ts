/**
 * For STS's web-identity checks: the documents of an OIDC issuer Gatehouse serves itself (each EKS
 * cluster's `https://oidc.eks.<region>.amazonaws.com/id/<id>`), read in process instead of over the
 * network, with the certificate chain a TLS client fetching them would be shown (so the IAM OIDC
 * provider's thumbprints can be checked against it: the chain's top certificate is Gatehouse's
 * authority, whose SHA-1 is `caSha1Thumbprint`).
 */
import type { Store } from '../../state/store.js';
import type { SecretSealer } from '../../state/secret-sealer.js';
import type { CertificateAuthority, IssuedCertificate } from '../tls/certificate-authority.js';
import { issuerDocument } from './cluster-endpoint.js';

export interface ServedIssuerDocument {
  readonly status: number;
  /** The JSON document (discovery document or JWKS). */
  readonly body: unknown;
  /** The certificate served for the issuer's host (leaf, from Gatehouse's authority). */
  readonly certificate: IssuedCertificate;
}

/**
 * `servedIssuer(url)`: the answer to a GET of `url` when Gatehouse serves that host itself
 * (`https://oidc.eks.<region>.amazonaws.com/...`), else undefined (fetch it from the network).
 */
export function gatehouseServedIssuer(store: Store, sealer: SecretSealer, ca: () => Promise<CertificateAuthority>): (url: string) => Promise<ServedIssuerDocument | undefined> {
  return async (url) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    if (u.protocol !== 'https:' || (u.port !== '' && u.port !== '443')) return undefined;
    const doc = await issuerDocument(store, sealer, u.hostname.toLowerCase(), u.pathname);
    if (doc === undefined) return undefined;
    const certificate = await (await ca()).certificateFor([u.hostname.toLowerCase()]);
    return { ...doc, certificate };
  };
}
