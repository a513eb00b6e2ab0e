/**
 * What IAM checks in an uploaded X.509 certificate, read with node:crypto's X509Certificate: a
 * signing certificate must parse; a server certificate must be PEM, come with its private key
 * (PEM), be valid at the time of upload (id_credentials_server-certs.md), and its chain must start
 * with the certificate that signed it, followed by the intermediates in order.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { AwsError } from '../../aws/aws-error.js';
import { iamMessages } from './iam-messages.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** A certificate in PEM or DER; undefined when it does not parse. */
export function readCertificate(body: string | Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(body);
  } catch {
    return undefined;
  }
}

/** The lower-case hex SHA-256 of the certificate's DER form. */
export function certificateFingerprint(cert: X509Certificate): string {
  return cert.fingerprint256.replaceAll(':', '').toLowerCase();
}

function readPrivateKey(pem: string): KeyObject | undefined {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    return undefined;
  }
}

function pemBlocks(text: string): string[] {
  return text.match(PEM_CERTIFICATE) ?? [];
}

export interface CheckedServerCertificate {
  readonly certificate: X509Certificate;
  readonly expiration: Date;
}

/** Checks a server certificate upload; throws AWS's error for the first problem found. */
export function checkServerCertificate(body: string, privateKey: string, chain: string | undefined, now: Date): CheckedServerCertificate {
  const fail = (error: AwsError): never => {
    throw error;
  };
  const blocks = pemBlocks(body);
  const certificate = blocks.length === 1 ? readCertificate(blocks[0] ?? '') : undefined;
  if (certificate === undefined) return fail(iamMessages.unparsableCertificate());
  // A private key that does not parse is answered as the certificate is (recorded CLI advice:
  // "Unable to parse certificate" comes back for a private key that is not PEM).
  const key = readPrivateKey(privateKey) ?? fail(iamMessages.unparsableCertificate());
  if (!certificate.checkPrivateKey(key)) fail(iamMessages.keyPairMismatch());
  if (chain !== undefined) {
    const chained = pemBlocks(chain).map((block) => readCertificate(block) ?? fail(iamMessages.unparsableCertificate()));
    if (chained.length === 0) fail(iamMessages.unparsableCertificate());
    // Index 0 is the certificate body, so the first certificate of the chain is index 1.
    let signed = certificate;
    chained.forEach((issuer, i) => {
      if (!signed.checkIssued(issuer) || !signed.verify(issuer.publicKey)) fail(iamMessages.invalidCertificateChain(i + 1));
      signed = issuer;
    });
  }
  const notBefore = new Date(Date.parse(certificate.validFrom));
  const expiration = new Date(Date.parse(certificate.validTo));
  if (now < notBefore || now > expiration) fail(iamMessages.certificateNotValidNow());
  return { certificate, expiration };
}
