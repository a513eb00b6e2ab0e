/**
 * Reading a SAML 2.0 IdP metadata document (OASIS SAML metadata, `md:EntityDescriptor`) for
 * CreateSAMLProvider / UpdateSAMLProvider: the IdP's entity ID, its single sign-on endpoints, its
 * signing certificates (`md:KeyDescriptor` whose `use` is `signing` or absent, as the SAML
 * metadata specification reads an absent `use` as both), and its `validUntil`. The document is
 * parsed with fast-xml-parser; names are resolved by namespace URI, not by prefix, so any prefix
 * (or none) works. A document type declaration is refused outright: metadata never needs one, and
 * refusing it closes the door on entity expansion.
 *
 * Anything IAM could not use is InvalidInput. AWS's exact wording for the cases is not known.
 */
import { X509Certificate } from 'node:crypto';
import type { X2jOptions, XMLParser } from 'fast-xml-parser';
import type { IsoDate, SamlMetadataFacts, SamlSsoEndpoint } from '../../state/records.js';
import { isoSeconds } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** An element as the parser gives it: attributes under `@_name`, children by qualified name, text under `#text`. */
type XmlNode = { readonly [key: string]: unknown };

/** fast-xml-parser, loaded when the first metadata document is read rather than at start-up. */
let xml: { parser: XMLParser; validate: (text: string) => unknown } | undefined;

async function xmlParser(): Promise<{ parser: XMLParser; validate: (text: string) => unknown }> {
  if (xml !== undefined) return xml;
  const { XMLParser: Parser, XMLValidator } = await import('fast-xml-parser');
  xml = { parser: new Parser(PARSER_OPTIONS), validate: (text) => XMLValidator.validate(text) };
  return xml;
}

const PARSER_OPTIONS: X2jOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
};

interface Scope {
  /** Prefix ('' for the default namespace) → namespace URI. */
  readonly namespaces: ReadonlyMap<string, string>;
}

/** The scope inside `node`: the parent's declarations plus the node's own `xmlns` attributes. */
function enter(scope: Scope, node: XmlNode): Scope {
  let namespaces: Map<string, string> | undefined;
  for (const [key, value] of Object.entries(node)) {
    if (typeof value !== 'string') continue;
    const prefix = key === '@_xmlns' ? '' : key.startsWith('@_xmlns:') ? key.slice('@_xmlns:'.length) : undefined;
    if (prefix === undefined) continue;
    namespaces ??= new Map(scope.namespaces);
    namespaces.set(prefix, value);
  }
  return namespaces === undefined ? scope : { namespaces };
}

/** The children of `node` (in `scope`) named `local` in namespace `ns`, each with its own scope. */
function children(node: XmlNode, scope: Scope, ns: string, local: string): { node: XmlNode; scope: Scope }[] {
  const out: { node: XmlNode; scope: Scope }[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key.startsWith('#') || key.startsWith('?')) continue;
    const colon = key.indexOf(':');
    const prefix = colon < 0 ? '' : key.slice(0, colon);
    const name = colon < 0 ? key : key.slice(colon + 1);
    if (name !== local || !Array.isArray(value)) continue;
    for (const item of value as unknown[]) {
      const child: XmlNode = typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': item };
      const inner = enter(scope, child);
      if (inner.namespaces.get(prefix) === ns) out.push({ node: child, scope: inner });
    }
  }
  return out;
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function text(node: XmlNode): string {
  const value = node['#text'];
  return typeof value === 'string' ? value : '';
}

function invalid(reason: string): never {
  throw iamMessages.invalidSamlMetadata(reason);
}

/** `validUntil` as ISO seconds, or invalid metadata when it is not an xs:dateTime. */
function validUntilOf(node: XmlNode): IsoDate | undefined {
  const raw = attribute(node, 'validUntil');
  if (raw === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(ms)) return invalid(`validUntil ${raw} is not a date and time`);
  return isoSeconds(new Date(ms));
}

/** The certificate of a `ds:X509Certificate`, as PEM; invalid metadata when it is not one. */
function certificatePem(body: string): string {
  const compact = body.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return invalid('a signing certificate is not base64');
  try {
    return new X509Certificate(Buffer.from(compact, 'base64')).toString();
  } catch {
    return invalid('a signing certificate is not an X.509 certificate');
  }
}

/** Reads an IdP's metadata; throws InvalidInput when IAM could not use it. */
export async function readSamlMetadata(document: string): Promise<SamlMetadataFacts> {
  if (/<!DOCTYPE/i.test(document) || /<!ENTITY/i.test(document)) return invalid('document type declarations are not allowed');
  const { parser, validate } = await xmlParser();
  let tree: XmlNode;
  try {
    if (validate(document) !== true) return invalid('the document is not well-formed XML');
    tree = parser.parse(document) as XmlNode;
  } catch (error) {
    if (error instanceof Error && error.name === 'AwsError') throw error;
    return invalid('the document is not well-formed XML');
  }
  const top: Scope = { namespaces: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]) };
  const [entity, extra] = children(tree, top, MD, 'EntityDescriptor');
  if (entity === undefined || extra !== undefined) return invalid('the document must be one md:EntityDescriptor');
  const entityId = attribute(entity.node, 'entityID');
  if (entityId === undefined || entityId.trim() === '') return invalid('the md:EntityDescriptor has no entityID');
  const idps = children(entity.node, entity.scope, MD, 'IDPSSODescriptor');
  if (idps.length === 0) return invalid('the document describes no identity provider (md:IDPSSODescriptor)');

  const endpoints: SamlSsoEndpoint[] = [];
  const certificates: string[] = [];
  const expiries: IsoDate[] = [];
  const own = validUntilOf(entity.node);
  if (own !== undefined) expiries.push(own);
  for (const idp of idps) {
    const idpUntil = validUntilOf(idp.node);
    if (idpUntil !== undefined) expiries.push(idpUntil);
    for (const sso of children(idp.node, idp.scope, MD, 'SingleSignOnService')) {
      const binding = attribute(sso.node, 'Binding');
      const location = attribute(sso.node, 'Location');
      if (binding === undefined || location === undefined) return invalid('an md:SingleSignOnService lacks its Binding or Location');
      endpoints.push({ Binding: binding, Location: location });
    }
    for (const key of children(idp.node, idp.scope, MD, 'KeyDescriptor')) {
      const use = attribute(key.node, 'use');
      if (use !== undefined && use !== 'signing') continue;
      for (const info of children(key.node, key.scope, DS, 'KeyInfo')) {
        for (const data of children(info.node, info.scope, DS, 'X509Data')) {
          for (const cert of children(data.node, data.scope, DS, 'X509Certificate')) certificates.push(certificatePem(text(cert.node)));
        }
      }
    }
  }
  if (certificates.length === 0) return invalid('the identity provider has no signing certificate');
  const validUntil = expiries.sort()[0];
  return {
    EntityId: entityId,
    SsoEndpoints: endpoints,
    SigningCertificates: [...new Set(certificates)],
    ...(validUntil === undefined ? {} : { ValidUntil: validUntil }),
  };
}
