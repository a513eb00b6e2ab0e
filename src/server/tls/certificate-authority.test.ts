import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CertificateAuthority, type IssuedCertificate } from './certificate-authority.js';

const run = promisify(execFile);
const OPENSSL = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((p) => existsSync(p));

/** What a TLS client that trusts `caPem` says of a server presenting `leaf` for `servername`. */
async function handshake(leaf: IssuedCertificate, caPem: string, servername: string): Promise<{ authorized: boolean; error: string | undefined }> {
  const server = createServer({ cert: leaf.certPem, key: leaf.keyPem }, (s) => s.end());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise((resolve) => {
      const socket: TLSSocket = connect({ port, host: '127.0.0.1', servername, ca: caPem }, () => {
        resolve({ authorized: socket.authorized, error: undefined });
        socket.destroy();
      });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve({ authorized: false, error: err.code ?? err.message }));
    });
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}

void describe('CertificateAuthority', () => {
  void it('makes a root whose SHA-1 thumbprint is the SHA-1 of its DER, as OpenSSL prints it', async () => {
    const ca = await CertificateAuthority.generate();
    const cert = new X509Certificate(ca.certPem);
    assert.equal(cert.ca, true);
    assert.equal(cert.issuer, cert.subject);
    assert.match(cert.subject, /^CN=Gatehouse Local CA [0-9a-f]{8}\nO=Gatehouse$/);
    assert.equal(ca.sha1Thumbprint, cert.fingerprint.replace(/:/g, '').toLowerCase());
    assert.match(ca.sha1Thumbprint, /^[0-9a-f]{40}$/);
    assert.ok(cert.verify(cert.publicKey), 'self-signed');
    const years = (new Date(cert.validTo).getTime() - Date.now()) / (365 * 86_400_000);
    assert.ok(years > 9.9 && years < 10.1, `lives ten years (${years})`);
  });

  void it('issues a leaf for DNS names, a wildcard and IP addresses, signed by the root', async () => {
    const ca = await CertificateAuthority.generate();
    const leaf = await ca.certificateFor(['IAM.amazonaws.com.', '*.us-west-2.amazonaws.com', '127.0.0.1', '[::1]', 'iam.amazonaws.com']);
    const cert = new X509Certificate(leaf.certPem);
    assert.deepEqual(leaf.hostnames, ['iam.amazonaws.com', '*.us-west-2.amazonaws.com', '127.0.0.1', '::1']);
    assert.equal(cert.subject, 'CN=iam.amazonaws.com');
    assert.equal(cert.subjectAltName, 'DNS:iam.amazonaws.com, DNS:*.us-west-2.amazonaws.com, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    assert.equal(cert.ca, false);
    assert.ok(cert.checkIssued(new X509Certificate(ca.certPem)));
    assert.ok(cert.verify(new X509Certificate(ca.certPem).publicKey));
    assert.ok(cert.checkHost('sts.us-west-2.amazonaws.com') !== undefined, 'the wildcard covers one label');
    assert.equal(cert.checkHost('a.b.us-west-2.amazonaws.com'), undefined);
    assert.equal(cert.checkIP('::1'), '::1');
    assert.equal(leaf.sha1Thumbprint, cert.fingerprint.replace(/:/g, '').toLowerCase());
    assert.equal(leaf.caSha1Thumbprint, ca.sha1Thumbprint);
    assert.equal(leaf.chainPem, leaf.certPem + ca.certPem);
    assert.ok(new X509Certificate(leaf.certPem).checkPrivateKey((await import('node:crypto')).createPrivateKey(leaf.keyPem)));
  });

  void it('is trusted by a TLS client given its root, and not by one given another root', async () => {
    const ca = await CertificateAuthority.generate();
    const other = await CertificateAuthority.generate();
    const leaf = await ca.certificateFor(['sts.amazonaws.com']);
    assert.deepEqual(await handshake(leaf, ca.certPem, 'sts.amazonaws.com'), { authorized: true, error: undefined });
    assert.deepEqual(await handshake(leaf, other.certPem, 'sts.amazonaws.com'), { authorized: false, error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    assert.deepEqual(await handshake(leaf, ca.certPem, 'iam.amazonaws.com'), { authorized: false, error: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    assert.notEqual(other.sha1Thumbprint, ca.sha1Thumbprint);
  });

  void it('passes OpenSSL\'s strict verification (X509_V_FLAG_X509_STRICT)', { skip: OPENSSL === undefined ? 'openssl is not installed' : false }, async () => {
    const ca = await CertificateAuthority.generate();
    const long = `${'a'.repeat(60)}.s3.amazonaws.com`;
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ca-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), ca.certPem);
      const sets: readonly (readonly string[])[] = [['iam.amazonaws.com', '10.0.0.1'], [long]];
      for (const [i, names] of sets.entries()) {
        const file = join(dir, `leaf${i}.pem`);
        writeFileSync(file, (await ca.certificateFor(names)).certPem);
        const { stdout } = await run(OPENSSL!, ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', join(dir, 'ca.pem'), file]);
        assert.equal(stdout.trim(), `${file}: OK`);
      }
      // A name longer than a common name may be is carried by the (then critical) alternative names alone.
      const cert = new X509Certificate((await ca.certificateFor([long])).certPem);
      // An empty subject reads as undefined on Node 20 and as '' on Node 24.
      assert.equal((cert.subject as string | undefined) ?? '', '', 'no subject');
      assert.equal(cert.subjectAltName, `DNS:${long}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('keeps one certificate per set of names, issues anew near its end, and forgets the least recently used', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const ca = await CertificateAuthority.generate({ clock: () => now, leafCacheSize: 2 });
    const a = await ca.certificateFor(['a.amazonaws.com']);
    assert.equal((await ca.certificateFor(['A.AMAZONAWS.COM'])).sha1Thumbprint, a.sha1Thumbprint);
    const [p, q] = await Promise.all([ca.certificateFor(['p.amazonaws.com']), ca.certificateFor(['p.amazonaws.com'])]);
    assert.equal(p, q, 'concurrent requests share one issue');
    await ca.certificateFor(['b.amazonaws.com']);
    // a was the least recently used of three: forgotten, so issued anew.
    assert.notEqual((await ca.certificateFor(['a.amazonaws.com'])).sha1Thumbprint, a.sha1Thumbprint);
    const b = await ca.certificateFor(['b.amazonaws.com']);
    assert.equal(b.notAfter.getTime() - now.getTime(), 365 * 86_400_000);
    now = new Date(b.notAfter.getTime() - 31 * 86_400_000);
    assert.equal((await ca.certificateFor(['b.amazonaws.com'])).sha1Thumbprint, b.sha1Thumbprint);
    now = new Date(b.notAfter.getTime() - 29 * 86_400_000);
    const renewed = await ca.certificateFor(['b.amazonaws.com']);
    assert.notEqual(renewed.sha1Thumbprint, b.sha1Thumbprint);
    assert.ok(renewed.notAfter > b.notAfter);
  });

  void it('refuses names that are neither DNS names nor IP addresses', async () => {
    const ca = await CertificateAuthority.generate();
    for (const bad of [[], [''], ['a..b'], ['-a.com'], ['*.com'], ['a.*.com'], ['under_score.com'], ['x'.repeat(64) + '.com'], ['1.2.3.999'], ['a b.com'], ['[::1']]) {
      assert.throws(() => ca.certificateFor(bad), RangeError, JSON.stringify(bad));
    }
  });

  void it('reads back an authority from its PEM, and says what is wrong with a pair that is not one', async () => {
    const ca = await CertificateAuthority.generate();
    const again = await CertificateAuthority.fromPem(ca.certPem, ca.exportPrivateKeyPem());
    assert.equal(again.sha1Thumbprint, ca.sha1Thumbprint);
    const leaf = await again.certificateFor(['iam.amazonaws.com']);
    assert.ok(new X509Certificate(leaf.certPem).checkIssued(new X509Certificate(ca.certPem)));
    const other = await CertificateAuthority.generate();
    await assert.rejects(CertificateAuthority.fromPem(ca.certPem, other.exportPrivateKeyPem()), /the private key is not the certificate's key/);
    await assert.rejects(CertificateAuthority.fromPem(leaf.certPem, leaf.keyPem), /not a certificate authority's/);
    await assert.rejects(CertificateAuthority.fromPem(ca.certPem, ca.exportPrivateKeyPem(), { clock: () => new Date(Date.now() + 11 * 365 * 86_400_000) }), /the certificate expired on /);
  });
});
