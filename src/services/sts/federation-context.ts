/**
 * What the unsigned federation operations (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) need
 * from the server besides the store: the identity providers' signing keys (fetched over HTTPS and
 * cached by the server), the request's global condition keys, and compiled trust policies.
 */
import type { CompiledPolicy, ContextKeys } from '../../policy/types.js';

/** A JSON Web Key Set as an issuer publishes it. */
export interface KeySet {
  readonly keys: readonly Readonly<Record<string, unknown>>[];
}

/** The signing keys of OIDC issuers. */
export interface IssuerKeySource {
  /**
   * The key set of `issuerUrl` (`https://…`), found through its discovery document, fetched over
   * HTTPS trusted by the system CAs or by one of `thumbprints`, and cached. `kid`: the key the token
   * names; a cached set without it is fetched again (the issuer may have rotated its keys).
   * Throws AwsError (IDPCommunicationError, InvalidIdentityToken) when the keys cannot be had.
   */
  keySet(issuerUrl: string, thumbprints: readonly string[], kid: string | undefined): Promise<KeySet>;
}

export interface FederationContext {
  readonly issuerKeys: IssuerKeySource;
  /** The request's global condition keys (time, source IP, transport, user agent, region). */
  readonly globalKeys: ContextKeys;
  /** A role's trust policy, compiled once per text. */
  compileTrust(id: string, document: string): CompiledPolicy | undefined;
}
