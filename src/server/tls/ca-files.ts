/**
 * Gatehouse's certificate authority in its data directory: `ca.pem` (the root certificate, for
 * users to give their clients, mode 0644) and `ca-key.pem` (its private key, mode 0600). Made on
 * the first start and read on every later one, so that a client told to trust it once goes on
 * trusting Gatehouse across restarts.
 *
 * Two processes starting together over one new directory agree on one authority: each file is
 * written under a temporary name and linked into place only if no file has that name yet, so the
 * first key written wins and the other process reads it. A pair that does not belong together, or
 * one of the two files alone, is never replaced: the certificate may already be trusted
 * somewhere, so the start fails with what to do.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CertificateAuthority, type AuthorityOptions } from './certificate-authority.js';

export const CA_CERT_FILE = 'ca.pem';
export const CA_KEY_FILE = 'ca-key.pem';

/** How long a start waits for a root that another process is writing. */
const OTHER_WRITER_WAIT_MS = 2000;

export function caCertPath(dataDir: string): string {
  return join(dataDir, CA_CERT_FILE);
}

export function caKeyPath(dataDir: string): string {
  return join(dataDir, CA_KEY_FILE);
}

/** The authority of the data directory, made there if it has none yet. */
export async function openCertificateAuthority(dataDir: string, o: AuthorityOptions = {}): Promise<CertificateAuthority> {
  const certPath = join(dataDir, CA_CERT_FILE);
  const keyPath = join(dataDir, CA_KEY_FILE);
  let found = readPair(certPath, keyPath);
  if (found.cert === undefined && found.key === undefined) {
    const created = await CertificateAuthority.generate(o);
    // The key first: whoever links the key owns the pair, and writes its certificate next.
    if (linkNew(keyPath, created.exportPrivateKeyPem(), 0o600)) {
      linkNew(certPath, created.certPem, 0o644);
      return created;
    }
    found = readPair(certPath, keyPath);
  }
  const deadline = Date.now() + OTHER_WRITER_WAIT_MS;
  while (found.cert === undefined && found.key !== undefined && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    found = readPair(certPath, keyPath);
  }
  if (found.cert === undefined || found.key === undefined) {
    const [present, missing] = found.cert === undefined ? [keyPath, certPath] : [certPath, keyPath];
    throw new Error(`${present} is there but ${missing} is not: restore it, or remove ${present} to have Gatehouse make a new certificate authority (clients that trusted the old one must then be given the new ${CA_CERT_FILE}).`);
  }
  try {
    return await CertificateAuthority.fromPem(found.cert, found.key, o);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`the certificate authority in ${dataDir} cannot be used: ${why}. Remove ${CA_CERT_FILE} and ${CA_KEY_FILE} to have Gatehouse make a new one (clients that trusted the old one must then be given the new ${CA_CERT_FILE}).`);
  }
}

function readPair(certPath: string, keyPath: string): { cert: string | undefined; key: string | undefined } {
  return { cert: readIfThere(certPath), key: readIfThere(keyPath) };
}

function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes `text` to `path` unless a file is there already; true when this call wrote it. */
function linkNew(path: string, text: string, mode: number): boolean {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, text, { mode, flag: 'wx' });
  try {
    linkSync(temporary, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temporary);
  }
}
