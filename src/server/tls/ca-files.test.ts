import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCertificateAuthority } from './ca-files.js';
import { CertificateAuthority } from './certificate-authority.js';

async function inDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ca-files-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void describe('the certificate authority in the data directory', () => {
  void it('is made on the first open (certificate 0644, key 0600) and the same one is read on every later open', () =>
    inDir(async (dir) => {
      const first = await openCertificateAuthority(dir);
      assert.equal(statSync(join(dir, 'ca.pem')).mode & 0o777, 0o644);
      assert.equal(statSync(join(dir, 'ca-key.pem')).mode & 0o777, 0o600);
      assert.equal(readFileSync(join(dir, 'ca.pem'), 'utf8'), first.certPem);
      assert.deepEqual(readdirSync(dir).sort(), ['ca-key.pem', 'ca.pem'], 'no temporary file is left');
      const again = await openCertificateAuthority(dir);
      assert.equal(again.sha1Thumbprint, first.sha1Thumbprint);
      assert.equal(again.certPem, first.certPem);
    }),
  );

  void it('is one authority when several opens race over a new directory', () =>
    inDir(async (dir) => {
      const opened = await Promise.all([1, 2, 3, 4].map(() => openCertificateAuthority(dir)));
      assert.equal(new Set(opened.map((ca) => ca.sha1Thumbprint)).size, 1);
      assert.equal((await openCertificateAuthority(dir)).sha1Thumbprint, opened[0]!.sha1Thumbprint);
    }),
  );

  void it('is never replaced when a file is missing or the pair does not match: the start fails saying what to do', () =>
    inDir(async (dir) => {
      await openCertificateAuthority(dir);
      const cert = readFileSync(join(dir, 'ca.pem'), 'utf8');
      unlinkSync(join(dir, 'ca.pem'));
      await assert.rejects(openCertificateAuthority(dir), (err: Error) => {
        assert.match(err.message, /ca-key\.pem is there but .*ca\.pem is not: restore it, or remove .*ca-key\.pem to have Gatehouse make a new certificate authority/);
        return true;
      });
      writeFileSync(join(dir, 'ca.pem'), cert);
      writeFileSync(join(dir, 'ca-key.pem'), (await CertificateAuthority.generate()).exportPrivateKeyPem());
      await assert.rejects(openCertificateAuthority(dir), /cannot be used: the private key is not the certificate's key\. Remove ca\.pem and ca-key\.pem/);
      assert.equal(readFileSync(join(dir, 'ca.pem'), 'utf8'), cert, 'left as it was');
      writeFileSync(join(dir, 'ca.pem'), 'not a certificate');
      await assert.rejects(openCertificateAuthority(dir), /cannot be used: /);
    }),
  );
});
