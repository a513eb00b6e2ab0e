/**
 * Verifying a SAML 2.0 response for AssumeRoleWithSAML (id_roles_providers_create_saml_assertions.md):
 * its XML signature — on the Response or on the Assertion — must verify under one of the signing
 * certificates of the IAM SAML provider's metadata. The XML-signature work (canonicalization,
 * digests, references) is xml-crypto's, parsing is @xmldom/xmldom's; both are loaded on first use.
 *
 * Signature wrapping: every fact is read from the XML that the signature covers — the references
 * xml-crypto returns after checking — never from the document as received; and the document must
 * hold exactly one Assertion, the one signed (or inside the signed Response). A document type
 * declaration is refused outright.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../aws/aws-error.js';
import type { SamlProviderTrust } from '../iam/saml-provider-lookup.js';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
export const SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
export const SESSION_DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';

/** AWS's words, as its SAML troubleshooting guide quotes them. */
export const SAML_MESSAGES = {
  signature: 'Response signature invalid',
  issuer: 'Issuer not present in specified provider',
  noProvider: "Specified provider doesn't exist",
  sessionNameMissing: 'RoleSessionName is required in AuthnResponse',
  sessionNameInvalid: 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}',
  // Not known: AWS's wording for these.
  malformed: 'Invalid SAML response',
  audience: 'Invalid SAML response: the assertion is not for this service provider',
  expired: 'The SAML assertion has expired',
  notYetValid: 'The SAML assertion is not yet valid',
  encrypted: 'Encrypted SAML assertions are not supported',
} as const;

function invalid(message: string): AwsError {
  return new AwsError('InvalidIdentityToken', message, 400);
}

/** The facts of a verified assertion. */
export interface VerifiedSamlAssertion {
  readonly issuer: string;
  readonly subject: string;
  /** `persistent`, `transient`, or the NameID format as given (`saml:sub_type`). */
  readonly subjectType: string;
  /** The Recipient the assertion is for (`saml:aud`). */
  readonly recipient: string;
  /** Attribute values by attribute name. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

type XmlCrypto = typeof import('xml-crypto');
type XmlDom = typeof import('@xmldom/xmldom');
let libs: Promise<[XmlCrypto, XmlDom]> | undefined;
function load(): Promise<[XmlCrypto, XmlDom]> {
  libs ??= Promise.all([import('xml-crypto'), import('@xmldom/xmldom')]);
  return libs;
}

/** Where an assertion may be presented: AWS's sign-in endpoints (global and regional). */
const RECIPIENT = /^https:\/\/(?:[a-z]{2}(?:-[a-z]+)+-\d+\.)?signin\.aws\.amazon\.com\/saml$/;
const AUDIENCE = /^(?:urn:amazon:webservices|https:\/\/(?:[a-z]{2}(?:-[a-z]+)+-\d+\.)?signin\.aws\.amazon\.com\/saml)$/;

type El = import('@xmldom/xmldom').Element;

function children(parent: El, ns: string, name: string): El[] {
  const out: El[] = [];
  for (let n = parent.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as El).namespaceURI === ns && (n as El).localName === name) out.push(n as El);
  }
  return out;
}
function child(parent: El | undefined, ns: string, name: string): El | undefined {
  return parent === undefined ? undefined : children(parent, ns, name)[0];
}
const text = (e: El | undefined): string => (e?.textContent ?? '').trim();

function parse(dom: XmlDom, xml: string): import('@xmldom/xmldom').Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw invalid(SAML_MESSAGES.malformed);
  try {
    return new dom.DOMParser({
      onError: (level: string) => {
        if (level !== 'warning') throw new Error('bad XML');
      },
    }).parseFromString(xml, 'text/xml');
  } catch {
    throw invalid(SAML_MESSAGES.malformed);
  }
}

/** The signed Assertion of `samlResponse` (base64), checked against `trust`; throws AWS's errors. */
export async function verifySamlResponse(samlResponse: string, trust: SamlProviderTrust, now: Date): Promise<VerifiedSamlAssertion> {
  const [crypto, dom] = await load();
  const xml = Buffer.from(samlResponse.trim(), 'base64').toString('utf8');
  const doc = parse(dom, xml);
  const root = doc.documentElement;
  if (root === null || root.namespaceURI !== PROTOCOL || root.localName !== 'Response') throw invalid(SAML_MESSAGES.malformed);
  if (doc.getElementsByTagNameNS(SAML, 'EncryptedAssertion').length > 0) throw invalid(SAML_MESSAGES.encrypted);
  // Exactly one assertion in the whole document, a child of the Response.
  const all = doc.getElementsByTagNameNS(SAML, 'Assertion');
  const direct = children(root, SAML, 'Assertion');
  if (all.length !== 1 || direct.length !== 1) throw invalid(SAML_MESSAGES.malformed);
  const assertionId = direct[0]!.getAttribute('ID');

  // A signature on the Response or on the Assertion, verifying under a certificate of the provider.
  const candidates = [...children(root, DSIG, 'Signature'), ...children(direct[0]!, DSIG, 'Signature')];
  let signed: string[] | undefined;
  for (const signature of candidates) {
    for (const cert of trust.signingCertificates) {
      const sx = new crypto.SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
      try {
        sx.loadSignature(signature as unknown as Node);
        if (sx.checkSignature(xml)) signed = sx.getSignedReferences();
      } catch {
        // Not this certificate, or not a valid signature.
      }
      if (signed !== undefined) break;
    }
    if (signed !== undefined) break;
  }
  if (signed?.length !== 1) throw invalid(SAML_MESSAGES.signature);

  // Every fact from here on comes from the signed XML.
  const signedDoc = parse(dom, signed[0]!);
  const signedRoot = signedDoc.documentElement;
  let assertion: El | undefined;
  if (signedRoot?.namespaceURI === SAML && signedRoot.localName === 'Assertion') assertion = signedRoot;
  else if (signedRoot?.namespaceURI === PROTOCOL && signedRoot.localName === 'Response') {
    const inner = children(signedRoot, SAML, 'Assertion');
    if (inner.length === 1) assertion = inner[0];
  }
  if (assertion?.getAttribute('ID') !== assertionId) throw invalid(SAML_MESSAGES.signature);

  const issuer = text(child(assertion, SAML, 'Issuer'));
  if (issuer !== trust.entityId) throw invalid(SAML_MESSAGES.issuer);

  const subjectEl = child(assertion, SAML, 'Subject');
  const nameId = child(subjectEl, SAML, 'NameID');
  const format = nameId?.getAttribute('Format') ?? '';
  const subjectType = format.endsWith(':persistent') ? 'persistent' : format.endsWith(':transient') ? 'transient' : format;

  const nowMs = now.getTime();
  const confirmations = subjectEl === undefined ? [] : children(subjectEl, SAML, 'SubjectConfirmation').filter((c) => c.getAttribute('Method') === 'urn:oasis:names:tc:SAML:2.0:cm:bearer');
  const data = confirmations.map((c) => child(c, SAML, 'SubjectConfirmationData')).filter((d): d is El => d !== undefined);
  const usable = data.find((d) => RECIPIENT.test(d.getAttribute('Recipient') ?? ''));
  if (usable === undefined) throw invalid(SAML_MESSAGES.audience);
  const recipient = usable.getAttribute('Recipient')!;
  const confirmationEnd = Date.parse(usable.getAttribute('NotOnOrAfter') ?? '');
  if (!Number.isFinite(confirmationEnd)) throw invalid(SAML_MESSAGES.malformed);
  if (nowMs >= confirmationEnd) throw new AwsError('ExpiredTokenException', SAML_MESSAGES.expired, 400);

  const conditions = child(assertion, SAML, 'Conditions');
  if (conditions !== undefined) {
    const notBefore = Date.parse(conditions.getAttribute('NotBefore') ?? '');
    const notOnOrAfter = Date.parse(conditions.getAttribute('NotOnOrAfter') ?? '');
    if (Number.isFinite(notOnOrAfter) && nowMs >= notOnOrAfter) throw new AwsError('ExpiredTokenException', SAML_MESSAGES.expired, 400);
    if (Number.isFinite(notBefore) && nowMs < notBefore) throw invalid(SAML_MESSAGES.notYetValid);
    const restrictions = children(conditions, SAML, 'AudienceRestriction');
    for (const r of restrictions) {
      if (!children(r, SAML, 'Audience').some((a) => AUDIENCE.test(text(a)))) throw invalid(SAML_MESSAGES.audience);
    }
  }

  const attributes = new Map<string, string[]>();
  for (const statement of children(assertion, SAML, 'AttributeStatement')) {
    for (const attr of children(statement, SAML, 'Attribute')) {
      const name = attr.getAttribute('Name') ?? '';
      const values = children(attr, SAML, 'AttributeValue').map(text);
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }
  return { issuer, subject: text(nameId), subjectType, recipient, attributes };
}

/** `saml:namequalifier`: base64 of SHA-1 over the issuer, the account ID and `/` and the provider's name (id_roles_providers_saml.md). */
export function nameQualifier(issuer: string, accountId: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64');
}
