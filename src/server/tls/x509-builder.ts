/**
 * X.509 certificates as DER (RFC 5280), built with `@peculiar/asn1-x509`'s schema of the standard
 * and signed with `node:crypto`: a self-signed root, and server certificates that root signs.
 *
 * Loaded only when a certificate is made (the first start over a data directory, the first
 * proxied host): reading an existing authority needs nothing but `node:crypto`.
 *
 * What each certificate carries is what strict verifiers (OpenSSL's X509_V_FLAG_X509_STRICT,
 * Python 3.13's default) require: the root has critical basic constraints (CA, no intermediates
 * below it), critical key usage (certificate and CRL signing) and a subject key identifier; a
 * leaf has critical basic constraints (not a CA), critical key usage (digital signature; key
 * encipherment as well for an RSA key), extended key usage serverAuth, its names as subject
 * alternative names, and authority and subject key identifiers.
 */
import { createHash, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_serverAuth,
} from '@peculiar/asn1-x509';
import type { SubjectName } from './subject-names.js';

/** How a key of each kind signs a certificate: the digest and the signature algorithm's identifier. */
interface SignatureScheme {
  readonly digest: 'sha256' | 'sha384';
  readonly algorithm: string;
  /** RSA's identifiers carry an explicit NULL parameter (RFC 4055 §5); ECDSA's carry none (RFC 5758 §3.2). */
  readonly nullParameters: boolean;
}

const SIGNATURE_SCHEMES: Readonly<Record<string, SignatureScheme>> = {
  'ec:prime256v1': { digest: 'sha256', algorithm: '1.2.840.10045.4.3.2', nullParameters: false },
  'ec:secp384r1': { digest: 'sha384', algorithm: '1.2.840.10045.4.3.3', nullParameters: false },
  rsa: { digest: 'sha256', algorithm: '1.2.840.113549.1.1.11', nullParameters: true },
};

/** The scheme a private key signs with, or undefined for a kind of key this builder does not sign with. */
export function signatureScheme(key: KeyObject): SignatureScheme | undefined {
  const type = key.asymmetricKeyType ?? '';
  return SIGNATURE_SCHEMES[type === 'ec' ? `ec:${key.asymmetricKeyDetails?.namedCurve ?? ''}` : type];
}

const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';
const NULL_DER = new Uint8Array([0x05, 0x00]).buffer;

export interface Period {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface RootSpec extends Period {
  readonly serialNumber: Buffer;
  readonly commonName: string;
  readonly organization: string;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

/** A self-signed root certificate (DER). */
export function buildRoot(spec: RootSpec): Buffer {
  const name = distinguishedName([
    [COMMON_NAME, spec.commonName],
    [ORGANIZATION, spec.organization],
  ]);
  const spki = publicKeyInfo(spec.publicKey);
  return signed(
    {
      serialNumber: spec.serialNumber,
      issuer: name,
      subject: name,
      period: spec,
      spki,
      extensions: [
        extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true, pathLenConstraint: 0 })),
        extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)),
        extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(spki))),
      ],
    },
    spec.privateKey,
  );
}

export interface LeafSpec extends Period {
  readonly serialNumber: Buffer;
  readonly names: readonly SubjectName[];
  /** The subject's common name; none when the names alone identify it. */
  readonly commonName: string | undefined;
  readonly publicKey: KeyObject;
  /** The issuer's certificate (DER). */
  readonly issuerCertificate: Buffer;
  readonly issuerKey: KeyObject;
}

/** A server certificate for `names`, signed by the issuer (DER). */
export function buildLeaf(spec: LeafSpec): Buffer {
  const issuer = AsnConvert.parse(spec.issuerCertificate, Certificate).tbsCertificate;
  const spki = publicKeyInfo(spec.publicKey);
  const usage = spec.publicKey.asymmetricKeyType === 'rsa' ? KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment : KeyUsageFlags.digitalSignature;
  const sans = spec.names.map((n) => new GeneralName(n.kind === 'dns' ? { dNSName: n.value } : { iPAddress: n.value }));
  return signed(
    {
      serialNumber: spec.serialNumber,
      issuer: issuer.subject,
      subject: spec.commonName === undefined ? new Name([]) : distinguishedName([[COMMON_NAME, spec.commonName]]),
      period: spec,
      spki,
      extensions: [
        extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
        extension(id_ce_keyUsage, true, new KeyUsage(usage)),
        extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([id_kp_serverAuth])),
        // With no subject the names are the identity, and the extension is critical (RFC 5280 §4.2.1.6).
        extension(id_ce_subjectAltName, spec.commonName === undefined, new SubjectAlternativeName(sans)),
        extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(spki))),
        extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuerKeyIdentifier(issuer)) })),
      ],
    },
    spec.issuerKey,
  );
}

interface TbsParts {
  readonly serialNumber: Buffer;
  readonly issuer: Name;
  readonly subject: Name;
  readonly period: Period;
  readonly spki: SubjectPublicKeyInfo;
  readonly extensions: Extension[];
}

function signed(parts: TbsParts, signer: KeyObject): Buffer {
  const scheme = signatureScheme(signer);
  if (scheme === undefined) throw new Error(`cannot sign with a ${signer.asymmetricKeyType ?? 'unknown'} key`);
  const algorithm = new AlgorithmIdentifier({ algorithm: scheme.algorithm, ...(scheme.nullParameters ? { parameters: NULL_DER } : {}) });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(parts.serialNumber),
    signature: algorithm,
    issuer: parts.issuer,
    validity: new Validity({ notBefore: parts.period.notBefore, notAfter: parts.period.notAfter }),
    subject: parts.subject,
    subjectPublicKeyInfo: parts.spki,
    extensions: new Extensions(parts.extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  // ECDSA signatures come out DER-encoded (Ecdsa-Sig-Value), as X.509 carries them.
  const signature = sign(scheme.digest, tbsDer, signer);
  return Buffer.from(AsnConvert.serialize(new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: toArrayBuffer(signature) })));
}

function distinguishedName(attributes: readonly (readonly [string, string])[]): Name {
  return new Name(attributes.map(([type, value]) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })])));
}

function extension(id: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID: id, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function publicKeyInfo(key: KeyObject): SubjectPublicKeyInfo {
  return AsnConvert.parse(key.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
}

/** RFC 5280 §4.2.1.2 method (1): the SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: SubjectPublicKeyInfo): ArrayBuffer {
  return toArrayBuffer(createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest());
}

/** The issuer's own subject key identifier, or one computed from its key when it has none. */
function issuerKeyIdentifier(issuer: TBSCertificate): ArrayBuffer {
  const ski = issuer.extensions?.find((e) => e.extnID === id_ce_subjectKeyIdentifier);
  if (ski !== undefined) return toArrayBuffer(Buffer.from(AsnConvert.parse(ski.extnValue, SubjectKeyIdentifier).buffer));
  return keyIdentifier(issuer.subjectPublicKeyInfo);
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
