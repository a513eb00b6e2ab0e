/**
 * A SAML 2.0 identity provider for tests: its own RSA key and self-signed certificate (made with
 * OpenSSL), metadata naming them, and SAML responses for AWS signed with xml-crypto — on the
 * Assertion (as most IdPs do) or on the Response — plus the tampered and wrapped variants attacks use.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignedXml } from 'xml-crypto';
import { samlMetadata } from '../../src/services/iam/saml-fixtures.js';

export interface SamlIdp {
  readonly entityId: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** IdP metadata for CreateSAMLProvider. */
  metadata(): string;
  /** The XML of a response (unsigned), for building variants. */
  responseXml(o: ResponseOptions): string;
  /** A signed response, base64 as the browser posts it. */
  response(o: ResponseOptions & { readonly signWhat?: 'assertion' | 'response'; readonly keyPem?: string }): string;
}

export interface ResponseOptions {
  /** `role,provider` pairs for the Role attribute. */
  readonly roles: readonly string[];
  readonly sessionName?: string | null;
  readonly subject?: string;
  readonly recipient?: string;
  readonly audience?: string;
  readonly issuer?: string;
  /** Minutes from now the assertion stays valid (negative: expired). */
  readonly validMinutes?: number;
  readonly sessionDuration?: number;
  readonly assertionId?: string;
}

/** A new RSA key and self-signed certificate. */
export function rsaCertificate(cn: string): { certPem: string; keyPem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gh-saml-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', `/CN=${cn}`], { stdio: 'ignore' });
    return { certPem: readFileSync(join(dir, 'c.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'k.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** Signs the element whose local name is `what` in `xml` (enveloped, exclusive c14n, RSA-SHA256). */
export function signXml(xml: string, what: 'Assertion' | 'Response', keyPem: string, certPem: string): string {
  const sig = new SignedXml({ privateKey: keyPem, publicCert: certPem, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
  sig.addReference({
    xpath: `//*[local-name(.)='${what}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `//*[local-name(.)='${what}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

export function startSamlIdp(entityId = 'https://idp.gatehouse.test/saml'): SamlIdp {
  const { certPem, keyPem } = rsaCertificate('saml-idp.gatehouse.test');
  const body = certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  const idp: SamlIdp = {
    entityId,
    certPem,
    keyPem,
    metadata: () => samlMetadata({ entityId, certificate: body }),
    responseXml(o) {
      const now = Date.now();
      const end = new Date(now + (o.validMinutes ?? 5) * 60_000).toISOString();
      const start = new Date(now - 60_000).toISOString();
      const recipient = o.recipient ?? 'https://signin.aws.amazon.com/saml';
      const issuer = o.issuer ?? entityId;
      const id = o.assertionId ?? `_a${Math.random().toString(36).slice(2)}`;
      const attr = (name: string, values: readonly string[]): string =>
        `<saml:Attribute Name="${esc(name)}">${values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`;
      return (
        `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r${Math.random().toString(36).slice(2)}" Version="2.0" IssueInstant="${start}" Destination="${recipient}">` +
        `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${esc(issuer)}</saml:Issuer>` +
        '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
        `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${start}">` +
        `<saml:Issuer>${esc(issuer)}</saml:Issuer>` +
        `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${esc(o.subject ?? 'alice@example.com')}</saml:NameID>` +
        `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${end}" Recipient="${esc(recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
        `<saml:Conditions NotBefore="${start}" NotOnOrAfter="${end}"><saml:AudienceRestriction><saml:Audience>${esc(o.audience ?? 'urn:amazon:webservices')}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
        `<saml:AuthnStatement AuthnInstant="${start}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
        '<saml:AttributeStatement>' +
        attr('https://aws.amazon.com/SAML/Attributes/Role', o.roles) +
        (o.sessionName === null ? '' : attr('https://aws.amazon.com/SAML/Attributes/RoleSessionName', [o.sessionName ?? 'alice'])) +
        (o.sessionDuration !== undefined ? attr('https://aws.amazon.com/SAML/Attributes/SessionDuration', [String(o.sessionDuration)]) : '') +
        '</saml:AttributeStatement></saml:Assertion></samlp:Response>'
      );
    },
    response(o) {
      const xml = signXml(idp.responseXml(o), o.signWhat === 'response' ? 'Response' : 'Assertion', o.keyPem ?? keyPem, certPem);
      return Buffer.from(xml).toString('base64');
    },
  };
  return idp;
}
