/**
 * The AWS CLI v1 and v2 against a `gatehouse serve` child through the rest of each IAM entity's
 * life: reading, listing, updating, tagging and untagging, detaching and deleting users, groups,
 * roles, inline and managed policies, boundaries, access keys, passwords, MFA devices, providers,
 * certificates, SSH keys and service-specific credentials, and the organization-wide switches.
 * Each step checks what the CLI prints back, and each deletion is checked by reading again.
 * With the other CLI suites, every operation Gatehouse serves is driven through the CLI
 * (test/interop/cli-coverage.test.ts checks that).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { ACCOUNT_ID, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { CLI_CLIENTS, cli, skipUnlessInstalled } from '../support/aws-cli.js';
import { certificatePem, privateKeyPem } from '../support/certificate-fixtures.js';
import { authenticatorFor } from '../support/mfa-fixtures.js';
import { samlMetadata } from '../../src/services/iam/saml-fixtures.js';

const doc = (statement: Record<string, unknown>): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' });
const readS3 = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });
const arn = (kind: string, name: string): string => `arn:aws:iam::${ACCOUNT_ID}:${kind}/${name}`;
type Tags = { Tags: { Key: string; Value: string }[] };

for (const client of CLI_CLIENTS) {
  describe(`${client.label}: the IAM lifecycle operations`, { skip: skipUnlessInstalled(client) }, () => {
    let server: ServerProcess;
    let dataDir: string;
    const p = client.label.endsWith('v2') ? 'v2' : 'v1';
    before(async () => {
      dataDir = tempDataDir(`cli-life-${p}`);
      server = await spawnServer({ dataDir });
    });
    after(async () => {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    });
    const { ok, fails } = cli(client, () => server);
    const printed = (code: string, operation: string, message: string): string => `An error occurred (${code}) when calling the ${operation} operation: ${message}`;

    it('users and groups: update, list, membership, inline and attached policies, boundaries, untag, delete', async () => {
      await ok(['iam', 'create-user', '--user-name', 'uma', '--tags', 'Key=team,Value=blue', 'Key=cost,Value=7']);
      await ok(['iam', 'update-user', '--user-name', 'uma', '--new-user-name', 'uma2', '--new-path', '/staff/']);
      const users = await ok<{ Users: { UserName: string; Arn: string; Path: string }[] }>(['iam', 'list-users', '--path-prefix', '/staff/']);
      assert.deepEqual(users.Users.map((u) => [u.UserName, u.Arn, u.Path]), [['uma2', arn('user', 'staff/uma2'), '/staff/']]);
      await fails(['iam', 'get-user', '--user-name', 'uma'], printed('NoSuchEntity', 'GetUser', 'The user with name uma cannot be found.'));
      await ok(['iam', 'untag-user', '--user-name', 'uma2', '--tag-keys', 'cost']);
      assert.deepEqual((await ok<Tags>(['iam', 'list-user-tags', '--user-name', 'uma2'])).Tags, [{ Key: 'team', Value: 'blue' }]);

      await ok(['iam', 'create-group', '--group-name', 'crew']);
      await ok(['iam', 'update-group', '--group-name', 'crew', '--new-group-name', 'crew2', '--new-path', '/ops/']);
      await ok(['iam', 'add-user-to-group', '--group-name', 'crew2', '--user-name', 'uma2']);
      const groups = await ok<{ Groups: { GroupName: string; Arn: string }[] }>(['iam', 'list-groups-for-user', '--user-name', 'uma2']);
      assert.deepEqual(groups.Groups.map((g) => [g.GroupName, g.Arn]), [['crew2', arn('group', 'ops/crew2')]]);

      // Inline policies of a user and a group: put, get (the CLI decodes the document), list, delete.
      await ok(['iam', 'put-user-policy', '--user-name', 'uma2', '--policy-name', 'reads', '--policy-document', readS3]);
      const userPolicy = await ok<{ UserName: string; PolicyName: string; PolicyDocument: unknown }>(['iam', 'get-user-policy', '--user-name', 'uma2', '--policy-name', 'reads']);
      assert.deepEqual(userPolicy, { UserName: 'uma2', PolicyName: 'reads', PolicyDocument: JSON.parse(readS3) as unknown });
      assert.deepEqual((await ok<{ PolicyNames: string[] }>(['iam', 'list-user-policies', '--user-name', 'uma2'])).PolicyNames, ['reads']);
      await ok(['iam', 'delete-user-policy', '--user-name', 'uma2', '--policy-name', 'reads']);
      assert.deepEqual((await ok<{ PolicyNames: string[] }>(['iam', 'list-user-policies', '--user-name', 'uma2'])).PolicyNames, []);
      await fails(['iam', 'get-user-policy', '--user-name', 'uma2', '--policy-name', 'reads'], printed('NoSuchEntity', 'GetUserPolicy', 'The user policy with name reads cannot be found.'));
      await ok(['iam', 'put-group-policy', '--group-name', 'crew2', '--policy-name', 'crew-reads', '--policy-document', readS3]);
      const groupPolicy = await ok<{ GroupName: string; PolicyName: string; PolicyDocument: unknown }>(['iam', 'get-group-policy', '--group-name', 'crew2', '--policy-name', 'crew-reads']);
      assert.deepEqual(groupPolicy, { GroupName: 'crew2', PolicyName: 'crew-reads', PolicyDocument: JSON.parse(readS3) as unknown });
      assert.deepEqual((await ok<{ PolicyNames: string[] }>(['iam', 'list-group-policies', '--group-name', 'crew2'])).PolicyNames, ['crew-reads']);
      await fails(['iam', 'delete-group', '--group-name', 'crew2'], printed('DeleteConflict', 'DeleteGroup', 'Cannot delete entity, must remove users from group first.'));
      await ok(['iam', 'delete-group-policy', '--group-name', 'crew2', '--policy-name', 'crew-reads']);
      assert.deepEqual((await ok<{ PolicyNames: string[] }>(['iam', 'list-group-policies', '--group-name', 'crew2'])).PolicyNames, []);

      // Managed policies attached to the user and the group, and the user's boundary.
      const policy = await ok<{ Policy: { Arn: string } }>(['iam', 'create-policy', '--policy-name', 'crew-managed', '--policy-document', readS3, '--tags', 'Key=owner,Value=ops', 'Key=tier,Value=1']);
      const policyArn = policy.Policy.Arn;
      await ok(['iam', 'attach-user-policy', '--user-name', 'uma2', '--policy-arn', policyArn]);
      await ok(['iam', 'attach-group-policy', '--group-name', 'crew2', '--policy-arn', policyArn]);
      const userAttached = await ok<{ AttachedPolicies: { PolicyName: string; PolicyArn: string }[] }>(['iam', 'list-attached-user-policies', '--user-name', 'uma2']);
      assert.deepEqual(userAttached.AttachedPolicies, [{ PolicyName: 'crew-managed', PolicyArn: policyArn }]);
      const groupAttached = await ok<{ AttachedPolicies: { PolicyName: string; PolicyArn: string }[] }>(['iam', 'list-attached-group-policies', '--group-name', 'crew2']);
      assert.deepEqual(groupAttached.AttachedPolicies, [{ PolicyName: 'crew-managed', PolicyArn: policyArn }]);
      await ok(['iam', 'detach-user-policy', '--user-name', 'uma2', '--policy-arn', policyArn]);
      await ok(['iam', 'detach-group-policy', '--group-name', 'crew2', '--policy-arn', policyArn]);
      assert.deepEqual((await ok<{ AttachedPolicies: unknown[] }>(['iam', 'list-attached-user-policies', '--user-name', 'uma2'])).AttachedPolicies, []);
      assert.deepEqual((await ok<{ AttachedPolicies: unknown[] }>(['iam', 'list-attached-group-policies', '--group-name', 'crew2'])).AttachedPolicies, []);
      await fails(['iam', 'detach-user-policy', '--user-name', 'uma2', '--policy-arn', policyArn], printed('NoSuchEntity', 'DetachUserPolicy', `Policy ${policyArn} was not found.`));
      await ok(['iam', 'put-user-permissions-boundary', '--user-name', 'uma2', '--permissions-boundary', policyArn]);
      await ok(['iam', 'delete-user-permissions-boundary', '--user-name', 'uma2']);
      const bare = await ok<{ User: { PermissionsBoundary?: unknown } }>(['iam', 'get-user', '--user-name', 'uma2']);
      assert.equal(bare.User.PermissionsBoundary, undefined);

      // The managed policy's tags.
      await ok(['iam', 'untag-policy', '--policy-arn', policyArn, '--tag-keys', 'tier']);
      assert.deepEqual((await ok<Tags>(['iam', 'list-policy-tags', '--policy-arn', policyArn])).Tags, [{ Key: 'owner', Value: 'ops' }]);

      await ok(['iam', 'remove-user-from-group', '--group-name', 'crew2', '--user-name', 'uma2']);
      assert.deepEqual((await ok<{ Groups: unknown[] }>(['iam', 'list-groups-for-user', '--user-name', 'uma2'])).Groups, []);
      await ok(['iam', 'delete-group', '--group-name', 'crew2']);
      await fails(['iam', 'get-group', '--group-name', 'crew2'], printed('NoSuchEntity', 'GetGroup', 'The group with name crew2 cannot be found.'));
    });

    it('access keys and passwords: list, deactivate, last used, delete; update and delete a login profile', async () => {
      await ok(['iam', 'create-user', '--user-name', 'kim']);
      const key = await ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(['iam', 'create-access-key', '--user-name', 'kim']);
      const id = key.AccessKey.AccessKeyId;
      const kim = { accessKeyId: id, secretAccessKey: key.AccessKey.SecretAccessKey };
      await ok(['iam', 'put-user-policy', '--user-name', 'kim', '--policy-name', 'own-keys', '--policy-document', doc({ Effect: 'Allow', Action: 'iam:ListAccessKeys', Resource: arn('user', '${aws:username}') })]);
      // Without --user-name, the keys of the user who signs.
      const listed = await ok<{ AccessKeyMetadata: { UserName: string; AccessKeyId: string; Status: string }[] }>(['iam', 'list-access-keys'], kim);
      assert.deepEqual(listed.AccessKeyMetadata.map((k) => [k.UserName, k.AccessKeyId, k.Status]), [['kim', id, 'Active']]);
      // IAM records a key's use a moment after the request (Gatehouse writes them once a second).
      type LastUsed = { UserName: string; AccessKeyLastUsed: { ServiceName: string; Region: string; LastUsedDate?: string } };
      let lastUsed = await ok<LastUsed>(['iam', 'get-access-key-last-used', '--access-key-id', id]);
      for (let i = 0; i < 10 && lastUsed.AccessKeyLastUsed.ServiceName === 'N/A'; i++) {
        await new Promise((r) => setTimeout(r, 500));
        lastUsed = await ok<LastUsed>(['iam', 'get-access-key-last-used', '--access-key-id', id]);
      }
      assert.equal(lastUsed.UserName, 'kim');
      assert.equal(lastUsed.AccessKeyLastUsed.ServiceName, 'iam');
      assert.match(lastUsed.AccessKeyLastUsed.LastUsedDate ?? '', /^\d{4}-\d\d-\d\dT/);
      await ok(['iam', 'update-access-key', '--user-name', 'kim', '--access-key-id', id, '--status', 'Inactive']);
      const inactive = await ok<{ AccessKeyMetadata: { Status: string }[] }>(['iam', 'list-access-keys', '--user-name', 'kim']);
      assert.deepEqual(inactive.AccessKeyMetadata.map((k) => k.Status), ['Inactive']);
      await fails(['iam', 'list-access-keys'], printed('InvalidClientTokenId', 'ListAccessKeys', 'The security token included in the request is invalid'), kim);
      await ok(['iam', 'delete-access-key', '--user-name', 'kim', '--access-key-id', id]);
      assert.deepEqual((await ok<{ AccessKeyMetadata: unknown[] }>(['iam', 'list-access-keys', '--user-name', 'kim'])).AccessKeyMetadata, []);
      await fails(['iam', 'delete-access-key', '--user-name', 'kim', '--access-key-id', id], printed('NoSuchEntity', 'DeleteAccessKey', `The Access Key with id ${id} cannot be found.`));

      await ok(['iam', 'create-login-profile', '--user-name', 'kim', '--password', 'kims-first-password-1!']);
      await ok(['iam', 'update-login-profile', '--user-name', 'kim', '--password', 'kims-second-password-2!', '--password-reset-required']);
      const profile = await ok<{ LoginProfile: { UserName: string; PasswordResetRequired: boolean } }>(['iam', 'get-login-profile', '--user-name', 'kim']);
      assert.deepEqual([profile.LoginProfile.UserName, profile.LoginProfile.PasswordResetRequired], ['kim', true]);
      await ok(['iam', 'delete-login-profile', '--user-name', 'kim']);
      await ok(['iam', 'delete-user-policy', '--user-name', 'kim', '--policy-name', 'own-keys']);
      await fails(['iam', 'get-login-profile', '--user-name', 'kim'], printed('NoSuchEntity', 'GetLoginProfile', 'Login Profile for User kim cannot be found.'));
    });

    it('roles: get, list, update, describe, tag, inline policies, detach, boundaries', async () => {
      const created = await ok<{ Role: { RoleId: string } }>(['iam', 'create-role', '--role-name', 'builder', '--path', '/ci/', '--assume-role-policy-document', trust, '--description', 'first']);
      const role = await ok<{ Role: { RoleName: string; RoleId: string; Arn: string; AssumeRolePolicyDocument: unknown; Description: string; MaxSessionDuration: number } }>(['iam', 'get-role', '--role-name', 'builder']);
      assert.deepEqual(
        [role.Role.RoleName, role.Role.RoleId, role.Role.Arn, role.Role.Description, role.Role.MaxSessionDuration],
        ['builder', created.Role.RoleId, arn('role', 'ci/builder'), 'first', 3600],
      );
      assert.deepEqual(role.Role.AssumeRolePolicyDocument, JSON.parse(trust));
      await ok(['iam', 'update-role', '--role-name', 'builder', '--max-session-duration', '7200']);
      const described = await ok<{ Role: { Description: string; MaxSessionDuration: number } }>(['iam', 'update-role-description', '--role-name', 'builder', '--description', 'builds things']);
      assert.deepEqual([described.Role.Description, described.Role.MaxSessionDuration], ['builds things', 7200]);
      const roles = await ok<{ Roles: { RoleName: string; Description?: string }[] }>(['iam', 'list-roles', '--path-prefix', '/ci/']);
      assert.deepEqual(roles.Roles.map((r) => r.RoleName), ['builder']);

      await ok(['iam', 'tag-role', '--role-name', 'builder', '--tags', 'Key=env,Value=prod', 'Key=team,Value=ci']);
      await ok(['iam', 'untag-role', '--role-name', 'builder', '--tag-keys', 'env']);
      assert.deepEqual((await ok<Tags>(['iam', 'list-role-tags', '--role-name', 'builder'])).Tags, [{ Key: 'team', Value: 'ci' }]);

      await ok(['iam', 'put-role-policy', '--role-name', 'builder', '--policy-name', 'artifacts', '--policy-document', readS3]);
      const inline = await ok<{ RoleName: string; PolicyName: string; PolicyDocument: unknown }>(['iam', 'get-role-policy', '--role-name', 'builder', '--policy-name', 'artifacts']);
      assert.deepEqual(inline, { RoleName: 'builder', PolicyName: 'artifacts', PolicyDocument: JSON.parse(readS3) as unknown });
      assert.deepEqual((await ok<{ PolicyNames: string[] }>(['iam', 'list-role-policies', '--role-name', 'builder'])).PolicyNames, ['artifacts']);
      await ok(['iam', 'delete-role-policy', '--role-name', 'builder', '--policy-name', 'artifacts']);
      await fails(['iam', 'get-role-policy', '--role-name', 'builder', '--policy-name', 'artifacts'], printed('NoSuchEntity', 'GetRolePolicy', 'The role policy with name artifacts cannot be found.'));

      const boundary = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      await ok(['iam', 'put-role-permissions-boundary', '--role-name', 'builder', '--permissions-boundary', boundary]);
      const bounded = await ok<{ Role: { PermissionsBoundary: { PermissionsBoundaryType: string; PermissionsBoundaryArn: string } } }>(['iam', 'get-role', '--role-name', 'builder']);
      assert.deepEqual(bounded.Role.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary });
      await ok(['iam', 'delete-role-permissions-boundary', '--role-name', 'builder']);
      assert.equal((await ok<{ Role: { PermissionsBoundary?: unknown } }>(['iam', 'get-role', '--role-name', 'builder'])).Role.PermissionsBoundary, undefined);

      await ok(['iam', 'attach-role-policy', '--role-name', 'builder', '--policy-arn', boundary]);
      await ok(['iam', 'detach-role-policy', '--role-name', 'builder', '--policy-arn', boundary]);
      assert.deepEqual((await ok<{ AttachedPolicies: unknown[] }>(['iam', 'list-attached-role-policies', '--role-name', 'builder'])).AttachedPolicies, []);
      await ok(['iam', 'delete-role', '--role-name', 'builder']);
      await fails(['iam', 'get-role', '--role-name', 'builder'], printed('NoSuchEntity', 'GetRole', 'The role with name builder cannot be found.'));
    });

    it('untags an instance profile, a SAML provider and an OIDC provider\'s audience', async () => {
      await ok(['iam', 'create-instance-profile', '--instance-profile-name', 'box', '--tags', 'Key=a,Value=1', 'Key=b,Value=2']);
      await ok(['iam', 'untag-instance-profile', '--instance-profile-name', 'box', '--tag-keys', 'a']);
      assert.deepEqual((await ok<Tags>(['iam', 'list-instance-profile-tags', '--instance-profile-name', 'box'])).Tags, [{ Key: 'b', Value: '2' }]);

      const saml = await ok<{ SAMLProviderArn: string }>(['iam', 'create-saml-provider', '--name', 'Idp', '--saml-metadata-document', samlMetadata()]);
      await ok(['iam', 'tag-saml-provider', '--saml-provider-arn', saml.SAMLProviderArn, '--tags', 'Key=idp,Value=okta', 'Key=stage,Value=test']);
      await ok(['iam', 'untag-saml-provider', '--saml-provider-arn', saml.SAMLProviderArn, '--tag-keys', 'stage']);
      assert.deepEqual((await ok<Tags>(['iam', 'list-saml-provider-tags', '--saml-provider-arn', saml.SAMLProviderArn])).Tags, [{ Key: 'idp', Value: 'okta' }]);

      const url = 'https://token.actions.githubusercontent.com';
      // --cli-input-json keeps the CLI v1 from fetching an https:// parameter value as a URL; the CLI v2.9's model still requires thumbprints.
      const oidc = await ok<{ OpenIDConnectProviderArn: string }>(['iam', 'create-open-id-connect-provider', '--cli-input-json', JSON.stringify({ Url: url, ClientIDList: ['sts.amazonaws.com', 'extra'], ThumbprintList: ['a'.repeat(40)] })]);
      await ok(['iam', 'remove-client-id-from-open-id-connect-provider', '--open-id-connect-provider-arn', oidc.OpenIDConnectProviderArn, '--client-id', 'extra']);
      const got = await ok<{ ClientIDList: string[] }>(['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', oidc.OpenIDConnectProviderArn]);
      assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
    });

    it('MFA: get a device, resync it, tag and untag it, deactivate it', async () => {
      await ok(['iam', 'create-user', '--user-name', 'mo']);
      const seedFile = join(dataDir, 'mo-seed.txt');
      const created = await ok<{ VirtualMFADevice: { SerialNumber: string } }>(['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'mo', '--outfile', seedFile, '--bootstrap-method', 'Base32StringSeed']);
      const serial = created.VirtualMFADevice.SerialNumber;
      assert.equal(serial, arn('mfa', 'mo'));
      const app = authenticatorFor(readFileSync(seedFile));
      await ok(['iam', 'enable-mfa-device', '--user-name', 'mo', '--serial-number', serial, '--authentication-code1', app.code(-1), '--authentication-code2', app.code(0)]);
      if (p === 'v1') {
        // GetMFADevice is newer than the CLI v2.9's model.
        const device = await ok<{ UserName: string; SerialNumber: string; EnableDate: string }>(['iam', 'get-mfa-device', '--user-name', 'mo', '--serial-number', serial]);
        assert.deepEqual([device.UserName, device.SerialNumber], ['mo', serial]);
        assert.match(device.EnableDate, /^\d{4}-\d\d-\d\dT/);
      }
      await fails(
        ['iam', 'resync-mfa-device', '--user-name', 'mo', '--serial-number', serial, '--authentication-code1', '000000', '--authentication-code2', '000001'],
        printed('InvalidAuthenticationCode', 'ResyncMFADevice', 'Authentication code for device is not valid.'),
      );
      await ok(['iam', 'resync-mfa-device', '--user-name', 'mo', '--serial-number', serial, '--authentication-code1', app.code(1), '--authentication-code2', app.code(2)]);
      await ok(['iam', 'tag-mfa-device', '--serial-number', serial, '--tags', 'Key=kind,Value=app', 'Key=old,Value=yes']);
      await ok(['iam', 'untag-mfa-device', '--serial-number', serial, '--tag-keys', 'old']);
      assert.deepEqual((await ok<Tags>(['iam', 'list-mfa-device-tags', '--serial-number', serial])).Tags, [{ Key: 'kind', Value: 'app' }]);
      await ok(['iam', 'deactivate-mfa-device', '--user-name', 'mo', '--serial-number', serial]);
      assert.deepEqual((await ok<{ MFADevices: unknown[] }>(['iam', 'list-mfa-devices', '--user-name', 'mo'])).MFADevices, []);
      await fails(['iam', 'deactivate-mfa-device', '--user-name', 'mo', '--serial-number', serial], printed('NoSuchEntity', 'DeactivateMFADevice', `MFA Device with serial number ${serial} does not exist.`));
    });

    it('server and signing certificates, SSH keys, service-specific credentials: read, update, tag, delete', async () => {
      await ok(['iam', 'upload-server-certificate', '--server-certificate-name', 'site', '--certificate-body', certificatePem('server'), '--private-key', privateKeyPem('server')]);
      const cert = await ok<{ ServerCertificate: { ServerCertificateMetadata: { ServerCertificateName: string; Path: string }; CertificateBody: string } }>(['iam', 'get-server-certificate', '--server-certificate-name', 'site']);
      assert.equal(cert.ServerCertificate.ServerCertificateMetadata.ServerCertificateName, 'site');
      assert.equal(cert.ServerCertificate.CertificateBody.trim(), certificatePem('server').trim());
      await ok(['iam', 'update-server-certificate', '--server-certificate-name', 'site', '--new-server-certificate-name', 'site2', '--new-path', '/web/']);
      const moved = await ok<{ ServerCertificate: { ServerCertificateMetadata: { Arn: string } } }>(['iam', 'get-server-certificate', '--server-certificate-name', 'site2']);
      assert.equal(moved.ServerCertificate.ServerCertificateMetadata.Arn, arn('server-certificate', 'web/site2'));
      await ok(['iam', 'tag-server-certificate', '--server-certificate-name', 'site2', '--tags', 'Key=cdn,Value=yes', 'Key=tmp,Value=1']);
      await ok(['iam', 'untag-server-certificate', '--server-certificate-name', 'site2', '--tag-keys', 'tmp']);
      assert.deepEqual((await ok<Tags>(['iam', 'list-server-certificate-tags', '--server-certificate-name', 'site2'])).Tags, [{ Key: 'cdn', Value: 'yes' }]);
      await ok(['iam', 'delete-server-certificate', '--server-certificate-name', 'site2']);
      await fails(['iam', 'get-server-certificate', '--server-certificate-name', 'site2'], printed('NoSuchEntity', 'GetServerCertificate', 'The Server Certificate with name site2 cannot be found.'));

      await ok(['iam', 'create-user', '--user-name', 'sig']);
      const signing = await ok<{ Certificate: { CertificateId: string } }>(['iam', 'upload-signing-certificate', '--user-name', 'sig', '--certificate-body', certificatePem('third')]);
      const certId = signing.Certificate.CertificateId;
      await ok(['iam', 'update-signing-certificate', '--user-name', 'sig', '--certificate-id', certId, '--status', 'Inactive']);
      const certs = await ok<{ Certificates: { UserName: string; CertificateId: string; Status: string }[] }>(['iam', 'list-signing-certificates', '--user-name', 'sig']);
      assert.deepEqual(certs.Certificates.map((c) => [c.UserName, c.CertificateId, c.Status]), [['sig', certId, 'Inactive']]);
      await ok(['iam', 'delete-signing-certificate', '--user-name', 'sig', '--certificate-id', certId]);
      assert.deepEqual((await ok<{ Certificates: unknown[] }>(['iam', 'list-signing-certificates', '--user-name', 'sig'])).Certificates, []);

      const ssh = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const key = await ok<{ SSHPublicKey: { SSHPublicKeyId: string } }>(['iam', 'upload-ssh-public-key', '--user-name', 'sig', '--ssh-public-key-body', ssh]);
      const keyId = key.SSHPublicKey.SSHPublicKeyId;
      await ok(['iam', 'update-ssh-public-key', '--user-name', 'sig', '--ssh-public-key-id', keyId, '--status', 'Inactive']);
      const keys = await ok<{ SSHPublicKeys: { UserName: string; SSHPublicKeyId: string; Status: string }[] }>(['iam', 'list-ssh-public-keys', '--user-name', 'sig']);
      assert.deepEqual(keys.SSHPublicKeys.map((k) => [k.UserName, k.SSHPublicKeyId, k.Status]), [['sig', keyId, 'Inactive']]);
      await ok(['iam', 'delete-ssh-public-key', '--user-name', 'sig', '--ssh-public-key-id', keyId]);
      assert.deepEqual((await ok<{ SSHPublicKeys: unknown[] }>(['iam', 'list-ssh-public-keys', '--user-name', 'sig'])).SSHPublicKeys, []);

      const cred = await ok<{ ServiceSpecificCredential: { ServiceSpecificCredentialId: string } }>(['iam', 'create-service-specific-credential', '--user-name', 'sig', '--service-name', 'codecommit.amazonaws.com']);
      const credId = cred.ServiceSpecificCredential.ServiceSpecificCredentialId;
      await ok(['iam', 'update-service-specific-credential', '--user-name', 'sig', '--service-specific-credential-id', credId, '--status', 'Inactive']);
      const creds = await ok<{ ServiceSpecificCredentials: { ServiceSpecificCredentialId: string; Status: string }[] }>(['iam', 'list-service-specific-credentials', '--user-name', 'sig']);
      assert.deepEqual(creds.ServiceSpecificCredentials.map((c) => [c.ServiceSpecificCredentialId, c.Status]), [[credId, 'Inactive']]);
      await ok(['iam', 'delete-service-specific-credential', '--user-name', 'sig', '--service-specific-credential-id', credId]);
      assert.deepEqual((await ok<{ ServiceSpecificCredentials: unknown[] }>(['iam', 'list-service-specific-credentials', '--user-name', 'sig'])).ServiceSpecificCredentials, []);
      await ok(['iam', 'delete-user', '--user-name', 'sig']);
    });

    it('reads an Organizations access report job', async () => {
      const jobId = '11111111-2222-4333-8444-555555555555';
      await fails(['iam', 'get-organizations-access-report', '--job-id', jobId], printed('NoSuchEntity', 'GetOrganizationsAccessReport', `The job with ID ${jobId} cannot be found.`));
    });

    it('turns centralized root access and outbound federation on and off (operations newer than the CLI v2.9 model)', { skip: p === 'v2' ? 'AWS CLI v2.9 predates these operations' : false }, async () => {
      // IAM reads the organization Organizations holds.
      const org = await ok<{ Organization: { Id: string } }>(['organizations', 'create-organization', '--feature-set', 'ALL']);
      assert.match(org.Organization.Id, /^o-[a-z0-9]{10,32}$/);
      const managed = await ok<{ OrganizationId: string; EnabledFeatures: string[] }>(['iam', 'enable-organizations-root-credentials-management']);
      assert.deepEqual(managed, { OrganizationId: org.Organization.Id, EnabledFeatures: ['RootCredentialsManagement'] });
      const sessions = await ok<{ OrganizationId: string; EnabledFeatures: string[] }>(['iam', 'enable-organizations-root-sessions']);
      assert.equal(sessions.OrganizationId, org.Organization.Id);
      assert.deepEqual([...sessions.EnabledFeatures].sort(), ['RootCredentialsManagement', 'RootSessions']);
      const noSessions = await ok<{ EnabledFeatures: string[] }>(['iam', 'disable-organizations-root-sessions']);
      assert.deepEqual(noSessions.EnabledFeatures, ['RootCredentialsManagement']);
      const none = await ok<{ EnabledFeatures: string[] }>(['iam', 'disable-organizations-root-credentials-management']);
      assert.deepEqual(none.EnabledFeatures, []);
      assert.deepEqual((await ok<{ EnabledFeatures: string[] }>(['iam', 'list-organizations-features'])).EnabledFeatures, []);

      await ok(['iam', 'enable-outbound-web-identity-federation']);
      await ok(['iam', 'disable-outbound-web-identity-federation']);
      const info = await ok<{ JwtVendingEnabled: boolean }>(['iam', 'get-outbound-web-identity-federation-info']);
      assert.equal(info.JwtVendingEnabled, false);
      await fails(['iam', 'disable-outbound-web-identity-federation'], printed('FeatureDisabled', 'DisableOutboundWebIdentityFederation', 'The request failed because outbound identity federation is already disabled for your Amazon Web Services account.'));
    });
  });
}
