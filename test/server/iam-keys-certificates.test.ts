/**
 * SSH public keys, signing certificates and server certificates through the JS SDK v3: their
 * checks (key format and size, X.509 parsing, private key and chain), quotas, AWS's errors,
 * IDs (APKA, ASCA), fingerprints, tags, renames with permission on both names, and DeleteUser's
 * refusal while a user still holds any of them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  CreateUserCommand,
  DeleteServerCertificateCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GetAccountSummaryCommand,
  GetServerCertificateCommand,
  GetSSHPublicKeyCommand,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  PutUserPolicyCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';
import { certificatePem, privateKeyPem } from '../support/certificate-fixtures.js';

function rsaPublicKey(bits = 2048): { pem: string; ssh: string; md5: string } {
  const key = generateKeyPairSync('rsa', { modulusLength: bits }).publicKey;
  const jwk = key.export({ format: 'jwk' });
  const string = (b: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(b.length);
    return Buffer.concat([length, b]);
  };
  const mpint = (b64: string): Buffer => {
    const raw = Buffer.from(b64, 'base64url');
    return (raw[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw;
  };
  const blob = Buffer.concat([string(Buffer.from('ssh-rsa')), string(mpint(jwk.e ?? '')), string(mpint(jwk.n ?? ''))]);
  return {
    pem: key.export({ type: 'spki', format: 'pem' }).toString(),
    ssh: `ssh-rsa ${blob.toString('base64')}`,
    md5: (createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':'),
  };
}

describe('IAM SSH keys and certificates through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
    await iam.send(new CreateUserCommand({ UserName: 'sally' }));
  });
  after(() => gh.close());

  describe('SSH public keys', () => {
    it('uploads an ssh-rsa key: APKA ID, MD5 fingerprint, Active; Get in SSH and PEM encodings; List; Update; Delete', async () => {
      const key = rsaPublicKey();
      const up = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'sally', SSHPublicKeyBody: `${key.ssh} sally@laptop` }))).SSHPublicKey!;
      assert.match(up.SSHPublicKeyId ?? '', /^APKA[A-Z2-7]{16}$/);
      assert.equal(up.Fingerprint, key.md5);
      assert.equal(up.Status, 'Active');
      assert.equal(up.UserName, 'sally');
      assert.equal(up.SSHPublicKeyBody, key.ssh);
      assert.ok(up.UploadDate instanceof Date);
      const id = up.SSHPublicKeyId!;
      const asPem = (await iam.send(new GetSSHPublicKeyCommand({ UserName: 'sally', SSHPublicKeyId: id, Encoding: 'PEM' }))).SSHPublicKey!;
      assert.equal(asPem.SSHPublicKeyBody, key.pem);
      const asSsh = (await iam.send(new GetSSHPublicKeyCommand({ UserName: 'sally', SSHPublicKeyId: id, Encoding: 'SSH' }))).SSHPublicKey!;
      assert.equal(asSsh.SSHPublicKeyBody, key.ssh);
      await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'sally', SSHPublicKeyId: id, Status: 'Inactive' }));
      const listed = (await iam.send(new ListSSHPublicKeysCommand({ UserName: 'sally' }))).SSHPublicKeys ?? [];
      assert.deepEqual(
        listed.map((k) => [k.SSHPublicKeyId, k.Status, k.UserName]),
        [[id, 'Inactive', 'sally']],
      );
      assert.equal((listed[0] as unknown as Record<string, unknown>).SSHPublicKeyBody, undefined);
      await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'sally', SSHPublicKeyId: id }));
      const gone = { code: 'NoSuchEntity', message: `The Public Key with id ${id} cannot be found.`, status: 404 };
      await rejectsWithAws(iam.send(new GetSSHPublicKeyCommand({ UserName: 'sally', SSHPublicKeyId: id, Encoding: 'SSH' })), gone);
      await rejectsWithAws(iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'sally', SSHPublicKeyId: id, Status: 'Active' })), gone);
      await rejectsWithAws(iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'sally', SSHPublicKeyId: id })), gone);
    });

    it('takes a PEM key too, refuses duplicates, other formats, short keys, and a sixth key', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'keyring' }));
      const keys = Array.from({ length: 6 }, () => rsaPublicKey());
      const first = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'keyring', SSHPublicKeyBody: keys[0]!.pem }))).SSHPublicKey!;
      assert.equal(first.Fingerprint, keys[0]!.md5);
      await rejectsWithAws(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'keyring', SSHPublicKeyBody: keys[0]!.ssh })), {
        code: 'DuplicateSSHPublicKey',
        message: 'The request was rejected because the SSH public key is already associated with the specified IAM user.',
        status: 400,
      });
      await rejectsWithAws(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'keyring', SSHPublicKeyBody: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl' })), {
        code: 'UnrecognizedPublicKeyEncoding',
        message: 'The request was rejected because the public key encoding format is unsupported or unrecognized.',
        status: 400,
      });
      await rejectsWithAws(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'keyring', SSHPublicKeyBody: rsaPublicKey(1024).ssh })), {
        code: 'InvalidPublicKey',
        message: 'The request was rejected because the public key is malformed or otherwise invalid.',
        status: 400,
      });
      for (const key of keys.slice(1, 5)) await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'keyring', SSHPublicKeyBody: key.ssh }));
      await rejectsWithAws(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'keyring', SSHPublicKeyBody: keys[5]!.ssh })), {
        code: 'LimitExceeded',
        message: 'Cannot exceed quota for SSHPublicKeysPerUser: 5',
        status: 409,
      });
      const page = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'keyring', MaxItems: 3 }));
      assert.equal(page.SSHPublicKeys?.length, 3);
      assert.equal(page.IsTruncated, true);
      const rest = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'keyring', Marker: page.Marker }));
      assert.equal(rest.SSHPublicKeys?.length, 2);
      await rejectsWithAws(iam.send(new DeleteUserCommand({ UserName: 'keyring' })), {
        code: 'DeleteConflict',
        message: 'Cannot delete entity, must delete SSH public keys first.',
        status: 409,
      });
      await rejectsWithAws(iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'keyring', SSHPublicKeyId: first.SSHPublicKeyId, Status: 'Expired' })), { code: 'InvalidInput', message: /Expired/ });
    });
  });

  describe('signing certificates', () => {
    it('uploads, lists, deactivates and deletes; a body that is no certificate is MalformedCertificate quoting it', async () => {
      const up = (await iam.send(new UploadSigningCertificateCommand({ UserName: 'sally', CertificateBody: certificatePem('other') }))).Certificate!;
      assert.match(up.CertificateId ?? '', /^[A-Z2-7]{32}$/);
      assert.equal(up.Status, 'Active');
      assert.equal(up.UserName, 'sally');
      assert.equal(up.CertificateBody, certificatePem('other'));
      await iam.send(new UpdateSigningCertificateCommand({ UserName: 'sally', CertificateId: up.CertificateId, Status: 'Inactive' }));
      const listed = (await iam.send(new ListSigningCertificatesCommand({ UserName: 'sally' }))).Certificates ?? [];
      assert.deepEqual(
        listed.map((c) => [c.CertificateId, c.Status]),
        [[up.CertificateId, 'Inactive']],
      );
      await rejectsWithAws(iam.send(new UploadSigningCertificateCommand({ UserName: 'sally', CertificateBody: 'invalid-certificate-body' })), {
        code: 'MalformedCertificate',
        message: 'Certificate invalid-certificate-body is malformed.',
        status: 400,
      });
      await rejectsWithAws(iam.send(new DeleteUserCommand({ UserName: 'sally' })), {
        code: 'DeleteConflict',
        message: 'Cannot delete entity, must delete signing certificates first.',
      });
      await iam.send(new DeleteSigningCertificateCommand({ UserName: 'sally', CertificateId: up.CertificateId }));
      const missing = { code: 'NoSuchEntity', message: 'The Certificate with id NONEXISTENTCERTID12345678901 cannot be found.', status: 404 };
      await rejectsWithAws(iam.send(new DeleteSigningCertificateCommand({ UserName: 'sally', CertificateId: 'NONEXISTENTCERTID12345678901' })), missing);
      await rejectsWithAws(iam.send(new UpdateSigningCertificateCommand({ UserName: 'sally', CertificateId: 'NONEXISTENTCERTID12345678901', Status: 'Active' })), missing);
    });

    it('allows two per user, one holder per certificate, and the root user\'s own without UserName', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'certs' }));
      await iam.send(new UploadSigningCertificateCommand({ UserName: 'certs', CertificateBody: certificatePem('other') }));
      await iam.send(new UploadSigningCertificateCommand({ UserName: 'certs', CertificateBody: certificatePem('third') }));
      await rejectsWithAws(iam.send(new UploadSigningCertificateCommand({ UserName: 'certs', CertificateBody: certificatePem('root') })), {
        code: 'LimitExceeded',
        message: 'Cannot exceed quota for CertificatesPerUser: 2',
        status: 409,
      });
      await rejectsWithAws(iam.send(new UploadSigningCertificateCommand({ UserName: 'sally', CertificateBody: certificatePem('third') })), {
        code: 'DuplicateCertificate',
        message: 'The request was rejected because the same certificate is associated with an IAM user in the account.',
        status: 409,
      });
      await rejectsWithAws(iam.send(new ListSigningCertificatesCommand({ UserName: 'nonexistent-user' })), {
        code: 'NoSuchEntity',
        message: 'The user with name nonexistent-user cannot be found.',
        status: 404,
      });
      assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.AccountSigningCertificatesPresent, 0);
      const rootCert = (await iam.send(new UploadSigningCertificateCommand({ CertificateBody: certificatePem('intermediate') }))).Certificate!;
      assert.equal(rootCert.UserName, undefined);
      assert.deepEqual(
        ((await iam.send(new ListSigningCertificatesCommand({}))).Certificates ?? []).map((c) => c.CertificateId),
        [rootCert.CertificateId],
      );
      assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.AccountSigningCertificatesPresent, 1);
      await iam.send(new DeleteSigningCertificateCommand({ CertificateId: rootCert.CertificateId }));
    });
  });

  describe('server certificates', () => {
    it('uploads with key and chain: ASCA ID, ARN with the path, expiration from the certificate; Get returns no private key', async () => {
      const out = await iam.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: 'www',
          Path: '/cloudfront/',
          CertificateBody: certificatePem('server'),
          PrivateKey: privateKeyPem('server'),
          CertificateChain: certificatePem('intermediate'),
        }),
      );
      const meta = out.ServerCertificateMetadata!;
      assert.match(meta.ServerCertificateId ?? '', /^ASCA[A-Z2-7]{17}$/);
      assert.equal(meta.Arn, `arn:aws:iam::${ACCOUNT_ID}:server-certificate/cloudfront/www`);
      assert.equal(meta.Path, '/cloudfront/');
      assert.equal(meta.Expiration?.getUTCFullYear(), 2122);
      const got = (await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'www' }))).ServerCertificate!;
      assert.equal(got.CertificateBody, certificatePem('server'));
      assert.equal(got.CertificateChain, certificatePem('intermediate'));
      assert.deepEqual(got.Tags, []);
      assert.ok(!JSON.stringify(got).includes('PRIVATE KEY'));
      const listed = (await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/cloudfront/' }))).ServerCertificateMetadataList ?? [];
      assert.deepEqual(listed.map((m) => m.ServerCertificateName), ['www']);
      assert.deepEqual((await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/elb/' }))).ServerCertificateMetadataList, []);
      assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.ServerCertificates, 1);
    });

    it('refuses what IAM refuses, in AWS\'s words', async () => {
      const upload = (over: Partial<{ CertificateBody: string; PrivateKey: string; CertificateChain: string; ServerCertificateName: string }>) =>
        iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'bad', CertificateBody: certificatePem('server'), PrivateKey: privateKeyPem('server'), ...over }));
      await rejectsWithAws(upload({ CertificateBody: 'not a certificate' }), {
        code: 'MalformedCertificate',
        message: 'Unable to parse certificate. Please ensure the certificate is in PEM format.',
        status: 400,
      });
      await rejectsWithAws(upload({ PrivateKey: privateKeyPem('other') }), {
        code: 'KeyPairMismatch',
        message: 'The request was rejected because the public key certificate and the private key do not match.',
        status: 400,
      });
      await rejectsWithAws(upload({ CertificateChain: certificatePem('server') + certificatePem('intermediate') }), {
        code: 'MalformedCertificate',
        message:
          'Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: 1',
      });
      await rejectsWithAws(upload({ ServerCertificateName: 'www' }), {
        code: 'EntityAlreadyExists',
        message: 'The Server Certificate with name www already exists.',
        status: 409,
      });
      const missing = { code: 'NoSuchEntity', message: 'The Server Certificate with name nonexistent-certificate cannot be found.', status: 404 };
      await rejectsWithAws(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'nonexistent-certificate' })), missing);
      await rejectsWithAws(iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'nonexistent-certificate' })), missing);
    });

    it('renames with permission on both names, tags, and deletes', async () => {
      await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'old-name', CertificateBody: certificatePem('server'), PrivateKey: privateKeyPem('server') }));
      const renamer = await createUserWithKey(iam, 'renamer');
      const onlyOld = policyDocument({ Effect: 'Allow', Action: 'iam:UpdateServerCertificate', Resource: `arn:aws:iam::${ACCOUNT_ID}:server-certificate/old-name` });
      await iam.send(new PutUserPolicyCommand({ UserName: 'renamer', PolicyName: 'rename', PolicyDocument: onlyOld }));
      await rejectsWithAws(gh.iamAs(renamer).send(new UpdateServerCertificateCommand({ ServerCertificateName: 'old-name', NewServerCertificateName: 'new-name', NewPath: '/elb/' })), {
        code: 'AccessDenied',
        message: `User: ${renamer.arn} is not authorized to perform: iam:UpdateServerCertificate on resource: arn:aws:iam::${ACCOUNT_ID}:server-certificate/elb/new-name because no identity-based policy allows the iam:UpdateServerCertificate action`,
      });
      await iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'old-name', NewServerCertificateName: 'new-name', NewPath: '/elb/' }));
      const moved = (await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'new-name' }))).ServerCertificate!.ServerCertificateMetadata!;
      assert.equal(moved.Arn, `arn:aws:iam::${ACCOUNT_ID}:server-certificate/elb/new-name`);
      await rejectsWithAws(iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'new-name', NewServerCertificateName: 'www' })), {
        code: 'EntityAlreadyExists',
        message: 'The Server Certificate with name www already exists.',
      });
      await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'new-name', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'edge' }] }));
      await iam.send(new UntagServerCertificateCommand({ ServerCertificateName: 'new-name', TagKeys: ['team'] }));
      assert.deepEqual((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'new-name' }))).Tags, [{ Key: 'env', Value: 'prod' }]);
      assert.deepEqual((await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'new-name' }))).ServerCertificate?.Tags, [{ Key: 'env', Value: 'prod' }]);
      await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'new-name' }));
      await rejectsWithAws(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'new-name' })), { code: 'NoSuchEntity', message: 'The Server Certificate with name new-name cannot be found.' });
    });

    it('allows at most 20 server certificates in the account', async () => {
      const count = (await iam.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList?.length ?? 0;
      for (let i = count; i < 20; i++) {
        await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: `bulk-${i}`, CertificateBody: certificatePem('server'), PrivateKey: privateKeyPem('server') }));
      }
      await rejectsWithAws(iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'one-too-many', CertificateBody: certificatePem('server'), PrivateKey: privateKeyPem('server') })), {
        code: 'LimitExceeded',
        message: 'Cannot exceed quota for ServerCertificatesPerAccount: 20',
        status: 409,
      });
    });
  });
});
