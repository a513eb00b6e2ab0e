import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WireRecord } from '../../aws/wire-value.js';
import { ACCOUNT, authorization, call, context, openTestStore, roleSessionCaller, rootCaller, userCaller, type TestStore } from './test-context.js';
import { certificatePem, privateKeyPem } from '../../../test/support/certificate-fixtures.js';

const USER = `arn:aws:iam::${ACCOUNT}:user/team/tina`;
const TAGS = { 'aws:ResourceTag/team': 'red', 'iam:ResourceTag/team': 'red' };

/**
 * What each credential operation asks the policy engine to allow: the action, the resource (the
 * user for credentials of a user, the device or certificate for those resources, `*` for account
 * settings) and the condition keys (the user's or resource's tags, the request's tags).
 */
void describe('authorization of the credential operations', () => {
  let t: TestStore;
  let serial: string;
  void before(async () => {
    t = await openTestStore();
    const ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'tina', Path: '/team/', Tags: [{ Key: 'team', Value: 'red' }] });
    const device = await call(ctx, 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'tina-phone', Path: '/phones/', Tags: [{ Key: 'owner', Value: 'tina' }] });
    serial = (device.VirtualMFADevice as { SerialNumber: string }).SerialNumber;
    await call(context(t.store, rootCaller, new Date()), 'UploadServerCertificate', {
      ServerCertificateName: 'www',
      Path: '/edge/',
      CertificateBody: certificatePem('server'),
      PrivateKey: privateKeyPem('server'),
      Tags: [{ Key: 'env', Value: 'prod' }],
    });
  });
  void after(() => t.close());

  const onUser: readonly [string, WireRecord][] = [
    ['CreateLoginProfile', { UserName: 'tina', Password: 'x' }],
    ['GetLoginProfile', { UserName: 'tina' }],
    ['UpdateLoginProfile', { UserName: 'tina' }],
    ['DeleteLoginProfile', { UserName: 'tina' }],
    ['EnableMFADevice', { UserName: 'tina', SerialNumber: 's', AuthenticationCode1: '1', AuthenticationCode2: '2' }],
    ['ResyncMFADevice', { UserName: 'tina', SerialNumber: 's', AuthenticationCode1: '1', AuthenticationCode2: '2' }],
    ['DeactivateMFADevice', { UserName: 'tina', SerialNumber: 's' }],
    ['ListMFADevices', { UserName: 'tina' }],
    ['GetMFADevice', { UserName: 'tina', SerialNumber: 's' }],
    ['UploadSSHPublicKey', { UserName: 'tina', SSHPublicKeyBody: 'b' }],
    ['GetSSHPublicKey', { UserName: 'tina', SSHPublicKeyId: 'i', Encoding: 'SSH' }],
    ['ListSSHPublicKeys', { UserName: 'tina' }],
    ['UpdateSSHPublicKey', { UserName: 'tina', SSHPublicKeyId: 'i', Status: 'Active' }],
    ['DeleteSSHPublicKey', { UserName: 'tina', SSHPublicKeyId: 'i' }],
    ['UploadSigningCertificate', { UserName: 'tina', CertificateBody: 'b' }],
    ['ListSigningCertificates', { UserName: 'tina' }],
    ['UpdateSigningCertificate', { UserName: 'tina', CertificateId: 'c', Status: 'Active' }],
    ['DeleteSigningCertificate', { UserName: 'tina', CertificateId: 'c' }],
    ['CreateServiceSpecificCredential', { UserName: 'tina', ServiceName: 'codecommit.amazonaws.com' }],
    ['ListServiceSpecificCredentials', { UserName: 'tina' }],
    ['UpdateServiceSpecificCredential', { UserName: 'tina', ServiceSpecificCredentialId: 'c', Status: 'Active' }],
    ['ResetServiceSpecificCredential', { UserName: 'tina', ServiceSpecificCredentialId: 'c' }],
    ['DeleteServiceSpecificCredential', { UserName: 'tina', ServiceSpecificCredentialId: 'c' }],
  ];

  void it('authorizes the credentials of a named user on that user, with the user\'s tags', async () => {
    for (const [operation, input] of onUser) {
      assert.deepEqual(await authorization(context(t.store), operation, input), [{ action: `iam:${operation}`, resource: USER, keys: TAGS }], operation);
    }
  });

  void it('without UserName, on the caller: an IAM user\'s own ARN, the root ARN; sessions must name a user', async () => {
    const asTina = context(t.store, userCaller('tina'));
    for (const operation of ['ListMFADevices', 'ListSSHPublicKeys', 'ListSigningCertificates', 'GetLoginProfile']) {
      assert.deepEqual(await authorization(asTina, operation), [{ action: `iam:${operation}`, resource: `arn:aws:iam::${ACCOUNT}:user/tina` }], operation);
      assert.deepEqual(await authorization(context(t.store), operation), [{ action: `iam:${operation}`, resource: `arn:aws:iam::${ACCOUNT}:root` }], operation);
      await assert.rejects(authorization(context(t.store, roleSessionCaller), operation), { message: 'Must specify userName when calling with non-User credentials' });
    }
    assert.deepEqual(await authorization(asTina, 'ChangePassword', { OldPassword: 'a', NewPassword: 'b' }), [
      { action: 'iam:ChangePassword', resource: `arn:aws:iam::${ACCOUNT}:user/tina`, keys: TAGS },
    ]);
    await assert.rejects(authorization(context(t.store), 'ChangePassword', { OldPassword: 'a', NewPassword: 'b' }), { code: 'InvalidUserType' });
  });

  void it('authorizes device operations on the device ARN, with its tags, and creation with the request\'s tags', async () => {
    assert.equal(serial, `arn:aws:iam::${ACCOUNT}:mfa/phones/tina-phone`);
    const deviceTags = { 'aws:ResourceTag/owner': 'tina', 'iam:ResourceTag/owner': 'tina' };
    for (const operation of ['DeleteVirtualMFADevice', 'ListMFADeviceTags']) {
      assert.deepEqual(await authorization(context(t.store), operation, { SerialNumber: serial }), [{ action: `iam:${operation}`, resource: serial, keys: deviceTags }], operation);
    }
    assert.deepEqual(await authorization(context(t.store), 'TagMFADevice', { SerialNumber: serial, Tags: [{ Key: 'env', Value: 'dev' }] }), [
      { action: 'iam:TagMFADevice', resource: serial, keys: { ...deviceTags, 'aws:RequestTag/env': 'dev', 'aws:TagKeys': ['env'] } },
    ]);
    assert.deepEqual(await authorization(context(t.store), 'UntagMFADevice', { SerialNumber: serial, TagKeys: ['owner'] }), [
      { action: 'iam:UntagMFADevice', resource: serial, keys: { ...deviceTags, 'aws:TagKeys': ['owner'] } },
    ]);
    assert.deepEqual(await authorization(context(t.store), 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'Diego', Tags: [{ Key: 'a', Value: 'b' }] }), [
      { action: 'iam:CreateVirtualMFADevice', resource: `arn:aws:iam::${ACCOUNT}:mfa/Diego`, keys: { 'aws:RequestTag/a': 'b', 'aws:TagKeys': ['a'] } },
    ]);
    // A serial number that is not an ARN is authorized as an MFA resource of the account.
    assert.deepEqual(await authorization(context(t.store), 'DeleteVirtualMFADevice', { SerialNumber: 'GAHT12345678' }), [
      { action: 'iam:DeleteVirtualMFADevice', resource: `arn:aws:iam::${ACCOUNT}:mfa/GAHT12345678`, keys: {} },
    ]);
  });

  void it('authorizes server certificates on their ARN with their path; a rename on the old and the new name', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:server-certificate/edge/www`;
    const tags = { 'aws:ResourceTag/env': 'prod', 'iam:ResourceTag/env': 'prod' };
    for (const operation of ['GetServerCertificate', 'DeleteServerCertificate', 'ListServerCertificateTags']) {
      assert.deepEqual(await authorization(context(t.store), operation, { ServerCertificateName: 'www' }), [{ action: `iam:${operation}`, resource: arn, keys: tags }], operation);
    }
    assert.deepEqual(await authorization(context(t.store), 'UpdateServerCertificate', { ServerCertificateName: 'www', NewServerCertificateName: 'web' }), [
      { action: 'iam:UpdateServerCertificate', resource: arn, keys: tags },
      { action: 'iam:UpdateServerCertificate', resource: `arn:aws:iam::${ACCOUNT}:server-certificate/edge/web`, keys: tags },
    ]);
    assert.deepEqual(
      await authorization(context(t.store), 'UploadServerCertificate', { ServerCertificateName: 'new', Path: '/cf/', CertificateBody: 'b', PrivateKey: 'k', Tags: [{ Key: 'env', Value: 'dev' }] }),
      [{ action: 'iam:UploadServerCertificate', resource: `arn:aws:iam::${ACCOUNT}:server-certificate/cf/new`, keys: { 'aws:RequestTag/env': 'dev', 'aws:TagKeys': ['env'] } }],
    );
  });

  void it('authorizes account settings and account-wide listings on *', async () => {
    for (const operation of [
      'UpdateAccountPasswordPolicy',
      'GetAccountPasswordPolicy',
      'DeleteAccountPasswordPolicy',
      'GenerateCredentialReport',
      'GetCredentialReport',
      'ListVirtualMFADevices',
      'ListServerCertificates',
    ]) {
      assert.deepEqual(await authorization(context(t.store), operation), [{ action: `iam:${operation}`, resource: '*' }], operation);
    }
  });
});
