/**
 * Gatehouse's own certificate authority: a self-signed root that issues server certificates for
 * the host names Gatehouse answers under (AWS endpoints reached through the proxy, and whatever
 * else is served over HTTPS), so that clients told to trust the root verify those servers for real.
 *
 * New keys are ECDSA P-256, signing with SHA-256: every TLS 1.2+ client accepts them, and one
 * costs well under a millisecond to make. An authority read from files may also have an EC P-384
 * or RSA key. What the certificates carry is described in x509-builder.ts.
 *
 * Issued certificates are kept in memory, at most `leafCacheSize` of them, and issued anew once
 * less than `RENEW_BEFORE_MS` of their life is left. A thumbprint is the SHA-1 of the DER
 * certificate in lowercase hexadecimal, as IAM's OpenID Connect providers hold them.
 */
import { createHash, createPrivateKey, generateKeyPair, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { LruCache } from './lru-cache.js';
import { subjectNames, type SubjectName } from './subject-names.js';

/** A server certificate issued by the authority, with everything a TLS server or a test needs. */
export interface IssuedCertificate {
  /** The names it was issued for, canonical (lowercase DNS names, IP addresses), first as the subject. */
  readonly hostnames: readonly string[];
  /** The leaf certificate (PEM). */
  readonly certPem: string;
  /** Its private key (PKCS #8 PEM). */
  readonly keyPem: string;
  /** The leaf then the authority's certificate (PEM), for servers that send the whole chain. */
  readonly chainPem: string;
  /** SHA-1 of the leaf certificate, lowercase hex. */
  readonly sha1Thumbprint: string;
  /** SHA-1 of the issuing authority's certificate, lowercase hex. */
  readonly caSha1Thumbprint: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface AuthorityOptions {
  /** The time certificates are issued at (tests may pin it). */
  readonly clock?: () => Date;
  /** Issued certificates kept in memory (default 1024). */
  readonly leafCacheSize?: number;
}

export interface GenerateOptions extends AuthorityOptions {
  /** The root's common name (default `Gatehouse Local CA <8 hex digits>`, unique per authority). */
  readonly commonName?: string;
}

const makeKeyPair = promisify(generateKeyPair);
/** ECDSA P-256 (OpenSSL's `prime256v1`). */
const NEW_KEY = { namedCurve: 'prime256v1' } as const;
const DAY_MS = 86_400_000;
/** A root lives ten years. */
const ROOT_LIFETIME_MS = 3650 * DAY_MS;
/** A leaf lives one year. */
const LEAF_LIFETIME_MS = 365 * DAY_MS;
/** A leaf is issued anew when less than this is left of it. */
const RENEW_BEFORE_MS = 30 * DAY_MS;
/** Certificates start an hour in the past, so that a client whose clock is a little behind accepts them. */
const BACKDATE_MS = 3_600_000;
/** X.520's upper bound of a common name. */
const MAX_COMMON_NAME = 64;

/** The certificate builder, loaded when a certificate is first made (see x509-builder.ts). */
const builder = (): Promise<typeof import('./x509-builder.js')> => import('./x509-builder.js');

export class CertificateAuthority {
  /** The root certificate (PEM): what clients are told to trust. */
  readonly certPem: string;
  /** SHA-1 of the root certificate, lowercase hex. */
  readonly sha1Thumbprint: string;
  /** The root's subject, one attribute a line as Node prints it (`CN=…\nO=Gatehouse`). */
  readonly subject: string;
  readonly notAfter: Date;
  readonly #der: Buffer;
  readonly #key: KeyObject;
  readonly #clock: () => Date;
  readonly #leaves: LruCache<string, Promise<IssuedCertificate>>;

  private constructor(cert: X509Certificate, key: KeyObject, o: AuthorityOptions) {
    this.#der = cert.raw;
    this.#key = key;
    this.#clock = o.clock ?? (() => new Date());
    this.#leaves = new LruCache(o.leafCacheSize ?? 1024);
    this.certPem = cert.toString();
    this.sha1Thumbprint = sha1(cert.raw);
    this.subject = cert.subject;
    this.notAfter = new Date(cert.validTo);
  }

  /** A new authority with a new key, held in memory only (tests use one as "another CA"). */
  static async generate(o: GenerateOptions = {}): Promise<CertificateAuthority> {
    const now = (o.clock ?? (() => new Date()))().getTime();
    const [{ buildRoot }, keys] = await Promise.all([builder(), makeKeyPair('ec', NEW_KEY)]);
    const der = buildRoot({
      serialNumber: serialNumber(),
      commonName: o.commonName ?? `Gatehouse Local CA ${randomBytes(4).toString('hex')}`,
      organization: 'Gatehouse',
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + ROOT_LIFETIME_MS),
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
    });
    return new CertificateAuthority(new X509Certificate(der), keys.privateKey, o);
  }

  /**
   * The authority a certificate and its private key (both PEM) make; throws an Error saying what
   * is wrong when the certificate is not a CA's, the key is not its key or cannot sign here, or it
   * has expired. Needs nothing but `node:crypto`.
   */
  static async fromPem(certPem: string, keyPem: string, o: AuthorityOptions = {}): Promise<CertificateAuthority> {
    const cert = new X509Certificate(certPem);
    const key = createPrivateKey(keyPem);
    if (!cert.ca) throw new Error('the certificate is not a certificate authority\'s (its basic constraints say CA:FALSE or are missing)');
    if (!cert.checkPrivateKey(key)) throw new Error('the private key is not the certificate\'s key');
    const now = (o.clock ?? (() => new Date()))();
    if (new Date(cert.validTo).getTime() <= now.getTime()) throw new Error(`the certificate expired on ${new Date(cert.validTo).toISOString()}`);
    const type = key.asymmetricKeyType;
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (!(type === 'rsa' || (type === 'ec' && (curve === 'prime256v1' || curve === 'secp384r1')))) {
      throw new Error(`its key (${type ?? 'unknown'}${curve !== undefined ? ` ${curve}` : ''}) cannot sign certificates here: EC P-256, EC P-384 or RSA can`);
    }
    return Promise.resolve(new CertificateAuthority(cert, key, o));
  }

  /** The root's private key (PKCS #8 PEM), for storing it. */
  exportPrivateKeyPem(): string {
    return this.#key.export({ type: 'pkcs8', format: 'pem' }) as string;
  }

  /**
   * A server certificate for these names (DNS names, `*.` wildcards, IP addresses), signed by this
   * authority; the same one for the same names while it is cached and not near its end. Throws a
   * RangeError for a name that is neither a DNS name nor an IP address.
   */
  certificateFor(hostnames: readonly string[]): Promise<IssuedCertificate> {
    const names = subjectNames(hostnames);
    const key = names.map((n) => `${n.kind}:${n.value}`).join(',');
    const cached = this.#leaves.get(key);
    if (cached === undefined) return this.#issueCached(key, names);
    return cached.then((leaf) => (leaf.notAfter.getTime() - this.#clock().getTime() > RENEW_BEFORE_MS ? leaf : this.#issueCached(key, names)));
  }

  #issueCached(key: string, names: readonly SubjectName[]): Promise<IssuedCertificate> {
    const issued = this.#issue(names);
    this.#leaves.set(key, issued);
    // A failure is not remembered: the next request for the names tries again.
    issued.catch(() => this.#leaves.delete(key));
    return issued;
  }

  async #issue(names: readonly SubjectName[]): Promise<IssuedCertificate> {
    const now = this.#clock().getTime();
    const [{ buildLeaf }, keys] = await Promise.all([builder(), makeKeyPair('ec', NEW_KEY)]);
    const first = names[0]!.value;
    const der = buildLeaf({
      serialNumber: serialNumber(),
      names,
      // A name too long for a common name is left to the subject alternative names alone.
      commonName: first.length <= MAX_COMMON_NAME ? first : undefined,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(Math.min(now + LEAF_LIFETIME_MS, this.notAfter.getTime())),
      publicKey: keys.publicKey,
      issuerCertificate: this.#der,
      issuerKey: this.#key,
    });
    const cert = new X509Certificate(der);
    const certPem = cert.toString();
    return {
      hostnames: names.map((n) => n.value),
      certPem,
      keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      chainPem: certPem + this.certPem,
      sha1Thumbprint: sha1(der),
      caSha1Thumbprint: this.sha1Thumbprint,
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
    };
  }
}

/** A positive 128-bit serial number (RFC 5280 §4.1.2.2 allows up to 20 octets). */
function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}

function sha1(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex');
}
