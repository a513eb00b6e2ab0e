/**
 * The credential families through the AWS CLI v1 and v2 against a `gatehouse serve` child: the
 * password policy and passwords (a user changing their own), the troubleshooting case of a
 * virtual MFA device created but never enabled (troubleshoot_general.md) with the QR code and
 * seed the CLI writes to a file, SSH keys, signing and server certificates, service-specific
 * credentials, and the credential report — each error as the CLI prints it. Setup that is not
 * under test (users, their keys and policies) is done with the JS SDK, to keep CLI runs few.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { ACCOUNT_ID, createUserWithKey, iamClient, rootCredentials, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { CLI_CLIENTS, cli, skipUnlessInstalled } from '../support/aws-cli.js';
import { certificatePem, privateKeyPem } from '../support/certificate-fixtures.js';
import { authenticatorFor, SELF_MANAGE_MFA_POLICY } from '../support/mfa-fixtures.js';
import { readQrCode } from '../support/qr-reader.js';
import { policyDocument } from '../support/aws-assertions.js';

for (const client of CLI_CLIENTS) {
  describe(`${client.label}: IAM credentials`, { skip: skipUnlessInstalled(client) }, () => {
    let server: ServerProcess;
    let dataDir: string;
    let sdk: IAMClient;
    const p = client.label.endsWith('v2') ? 'v2' : 'v1';
    before(async () => {
      dataDir = tempDataDir(`cli-creds-${p}`);
      server = await spawnServer({ dataDir });
      sdk = iamClient(server.url, await rootCredentials(server.credentialsFile));
    });
    after(async () => {
      sdk.destroy();
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    });
    const { ok, fails } = cli(client, () => server);
    const printed = (code: string, operation: string, message: string): string => `An error occurred (${code}) when calling the ${operation} operation: ${message}`;

    it('sets the password policy, enforces it on login profiles, and lets a user change their own password', async () => {
      await ok(['iam', 'update-account-password-policy', '--minimum-password-length', '12', '--require-symbols', '--password-reuse-prevention', '1']);
      const policy = await ok<{ PasswordPolicy: { MinimumPasswordLength: number; RequireSymbols: boolean; ExpirePasswords: boolean } }>(['iam', 'get-account-password-policy']);
      assert.deepEqual([policy.PasswordPolicy.MinimumPasswordLength, policy.PasswordPolicy.RequireSymbols, policy.PasswordPolicy.ExpirePasswords], [12, true, false]);
      const pia = await createUserWithKey(sdk, 'pia');
      await sdk.send(new PutUserPolicyCommand({ UserName: 'pia', PolicyName: 'own-password', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}` }) }));
      await fails(
        ['iam', 'create-login-profile', '--user-name', 'pia', '--password', 'short'],
        printed('PasswordPolicyViolation', 'CreateLoginProfile', 'Password should have a minimum length of 12, Password should have at least one symbol'),
      );
      const profile = await ok<{ LoginProfile: { UserName: string; PasswordResetRequired: boolean } }>(['iam', 'create-login-profile', '--user-name', 'pia', '--password', 'pia-first-password!', '--password-reset-required']);
      assert.deepEqual(profile.LoginProfile.UserName, 'pia');
      assert.equal(profile.LoginProfile.PasswordResetRequired, true);
      await fails(['iam', 'change-password', '--old-password', 'not-my-password', '--new-password', 'pia-second-password!'], printed('AccessDenied', 'ChangePassword', 'The old password is incorrect.'), pia);
      await ok(['iam', 'change-password', '--old-password', 'pia-first-password!', '--new-password', 'pia-second-password!'], pia);
      const after = await ok<{ LoginProfile: { PasswordResetRequired: boolean } }>(['iam', 'get-login-profile', '--user-name', 'pia']);
      assert.equal(after.LoginProfile.PasswordResetRequired, false);
      await fails(['iam', 'delete-user', '--user-name', 'pia'], printed('DeleteConflict', 'DeleteUser', 'Cannot delete entity, must delete login profile first.'));
      await ok(['iam', 'delete-account-password-policy']);
      await fails(['iam', 'get-account-password-policy'], printed('NoSuchEntity', 'GetAccountPasswordPolicy', `The Password Policy with domain name ${ACCOUNT_ID} cannot be found.`));
    });

    it('the troubleshooting case: a virtual MFA device created and never enabled blocks Diego; the administrator deletes it with the CLI', async () => {
      const diego = await createUserWithKey(sdk, 'Diego');
      await sdk.send(new PutUserPolicyCommand({ UserName: 'Diego', PolicyName: 'SelfManageMFA', PolicyDocument: SELF_MANAGE_MFA_POLICY }));
      const qrFile = join(dataDir, 'diego-qr.png');
      const created = await ok<{ VirtualMFADevice: { SerialNumber: string } }>(
        ['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'Diego', '--outfile', qrFile, '--bootstrap-method', 'QRCodePNG'],
        diego,
      );
      const serial = `arn:aws:iam::${ACCOUNT_ID}:mfa/Diego`;
      assert.equal(created.VirtualMFADevice.SerialNumber, serial);
      assert.match(readQrCode(readFileSync(qrFile)) ?? '', /^otpauth:\/\/totp\/Amazon%20Web%20Services%3ADiego%40\d{12}\?secret=[A-Z2-7]{64}&/);
      // The console's assignment was cancelled: the device exists, unassigned.
      await fails(['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'Diego', '--outfile', qrFile, '--bootstrap-method', 'QRCodePNG'], printed('EntityAlreadyExists', 'CreateVirtualMFADevice', 'MFA device already exists.'), diego);
      await fails(
        ['iam', 'delete-virtual-mfa-device', '--serial-number', serial],
        printed('AccessDenied', 'DeleteVirtualMFADevice', `User: arn:aws:iam::${ACCOUNT_ID}:user/Diego is not authorized to perform: iam:DeleteVirtualMFADevice on resource: arn:aws:iam::${ACCOUNT_ID}:mfa/Diego with an explicit deny in an identity-based policy`),
        diego,
      );
      // The administrator lists the devices, finds Diego's, and deletes it; no policy is edited.
      const listed = await ok<{ VirtualMFADevices: { SerialNumber: string; User?: unknown }[] }>(['iam', 'list-virtual-mfa-devices', '--assignment-status', 'Unassigned']);
      assert.ok(listed.VirtualMFADevices.some((d) => d.SerialNumber === serial && d.User === undefined));
      await ok(['iam', 'delete-virtual-mfa-device', '--serial-number', serial]);
      // Diego starts again, reads the seed the CLI wrote, and enables the device with two codes.
      const seedFile = join(dataDir, 'diego-seed.txt');
      await ok(['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'Diego', '--outfile', seedFile, '--bootstrap-method', 'Base32StringSeed'], diego);
      const app = authenticatorFor(readFileSync(seedFile));
      await fails(['iam', 'enable-mfa-device', '--user-name', 'Diego', '--serial-number', serial, '--authentication-code1', '123456', '--authentication-code2', '654321'], printed('InvalidAuthenticationCode', 'EnableMFADevice', 'Authentication code for device is not valid.'), diego);
      await ok(['iam', 'enable-mfa-device', '--user-name', 'Diego', '--serial-number', serial, '--authentication-code1', app.code(-1), '--authentication-code2', app.code(0)], diego);
      const mine = await ok<{ MFADevices: { SerialNumber: string; UserName: string }[] }>(['iam', 'list-mfa-devices', '--user-name', 'Diego'], diego);
      assert.deepEqual(mine.MFADevices.map((d) => [d.SerialNumber, d.UserName]), [[serial, 'Diego']]);
    });

    it('uploads SSH keys, signing and server certificates, and prints their errors', async () => {
      await ok(['iam', 'create-user', '--user-name', 'sasha']);
      const ssh = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const key = await ok<{ SSHPublicKey: { SSHPublicKeyId: string; Fingerprint: string } }>(['iam', 'upload-ssh-public-key', '--user-name', 'sasha', '--ssh-public-key-body', ssh]);
      assert.match(key.SSHPublicKey.SSHPublicKeyId, /^APKA[A-Z2-7]{16}$/);
      const got = await ok<{ SSHPublicKey: { SSHPublicKeyBody: string } }>(['iam', 'get-ssh-public-key', '--user-name', 'sasha', '--ssh-public-key-id', key.SSHPublicKey.SSHPublicKeyId, '--encoding', 'SSH']);
      assert.match(got.SSHPublicKey.SSHPublicKeyBody, /^ssh-rsa AAAAB3NzaC1yc2E/);
      await fails(['iam', 'upload-signing-certificate', '--user-name', 'sasha', '--certificate-body', 'invalid-certificate-body'], printed('MalformedCertificate', 'UploadSigningCertificate', 'Certificate invalid-certificate-body is malformed.'));
      const cert = await ok<{ Certificate: { CertificateId: string; Status: string } }>(['iam', 'upload-signing-certificate', '--user-name', 'sasha', '--certificate-body', certificatePem('other')]);
      assert.equal(cert.Certificate.Status, 'Active');
      const server = await ok<{ ServerCertificateMetadata: { Arn: string; ServerCertificateId: string } }>([
        'iam',
        'upload-server-certificate',
        '--server-certificate-name',
        'www',
        '--path',
        '/cloudfront/',
        '--certificate-body',
        certificatePem('server'),
        '--private-key',
        privateKeyPem('server'),
        '--certificate-chain',
        certificatePem('intermediate'),
      ]);
      assert.equal(server.ServerCertificateMetadata.Arn, `arn:aws:iam::${ACCOUNT_ID}:server-certificate/cloudfront/www`);
      assert.match(server.ServerCertificateMetadata.ServerCertificateId, /^ASCA/);
      await fails(
        ['iam', 'upload-server-certificate', '--server-certificate-name', 'bad', '--certificate-body', 'nonsense', '--private-key', privateKeyPem('server')],
        printed('MalformedCertificate', 'UploadServerCertificate', 'Unable to parse certificate. Please ensure the certificate is in PEM format.'),
      );
      const list = await ok<{ ServerCertificateMetadataList: { ServerCertificateName: string }[] }>(['iam', 'list-server-certificates', '--path-prefix', '/cloudfront/']);
      assert.deepEqual(list.ServerCertificateMetadataList.map((c) => c.ServerCertificateName), ['www']);
      await fails(['iam', 'delete-user', '--user-name', 'sasha'], printed('DeleteConflict', 'DeleteUser', 'Cannot delete entity, must delete signing certificates first.'));
    });

    it('creates, resets and lists service-specific credentials', async () => {
      await ok(['iam', 'create-user', '--user-name', 'gitter']);
      const created = await ok<{ ServiceSpecificCredential: { ServiceSpecificCredentialId: string; ServiceUserName: string; ServicePassword: string } }>([
        'iam',
        'create-service-specific-credential',
        '--user-name',
        'gitter',
        '--service-name',
        'codecommit.amazonaws.com',
      ]);
      assert.equal(created.ServiceSpecificCredential.ServiceUserName, `gitter-at-${ACCOUNT_ID}`);
      assert.match(created.ServiceSpecificCredential.ServiceSpecificCredentialId, /^ACCA/);
      const reset = await ok<{ ServiceSpecificCredential: { ServicePassword: string } }>([
        'iam',
        'reset-service-specific-credential',
        '--user-name',
        'gitter',
        '--service-specific-credential-id',
        created.ServiceSpecificCredential.ServiceSpecificCredentialId,
      ]);
      assert.notEqual(reset.ServiceSpecificCredential.ServicePassword, created.ServiceSpecificCredential.ServicePassword);
      const listed = await ok<{ ServiceSpecificCredentials: { ServiceSpecificCredentialId: string; ServicePassword?: string }[] }>(['iam', 'list-service-specific-credentials', '--user-name', 'gitter']);
      assert.deepEqual(listed.ServiceSpecificCredentials.map((c) => [c.ServiceSpecificCredentialId, c.ServicePassword]), [[created.ServiceSpecificCredential.ServiceSpecificCredentialId, undefined]]);
      await fails(
        ['iam', 'create-service-specific-credential', '--user-name', 'gitter', '--service-name', 'lambda.amazonaws.com'],
        printed('NoSuchEntity', 'CreateServiceSpecificCredential', 'No such service lambda.amazonaws.com is supported for Service Specific Credentials'),
      );
    });

    it('generates and reads the credential report', async () => {
      await fails(['iam', 'get-credential-report'], printed('ReportNotPresent', 'GetCredentialReport', 'Unknown'));
      const started = await ok<{ State: string; Description: string }>(['iam', 'generate-credential-report']);
      assert.deepEqual(started, { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });
      assert.deepEqual(await ok(['iam', 'generate-credential-report']), { State: 'COMPLETE' });
      const report = await ok<{ Content: string; ReportFormat: string }>(['iam', 'get-credential-report']);
      assert.equal(report.ReportFormat, 'text/csv');
      const lines = Buffer.from(report.Content, 'base64').toString('utf8').split('\n');
      assert.match(lines[0] ?? '', /^user,arn,user_creation_time,password_enabled,/);
      assert.match(lines[1] ?? '', new RegExp(`^<root_account>,arn:aws:iam::${ACCOUNT_ID}:root,`));
      assert.ok(lines.some((l) => l.startsWith(`Diego,arn:aws:iam::${ACCOUNT_ID}:user/Diego,`) && l.split(',')[7] === 'true'), 'Diego has MFA');
    });
  });
}
