/**
 * Service-specific credentials and the credential report through the JS SDK v3: passwords shown
 * once and kept hashed, the per-service quota, AWS's errors, Reset; GenerateCredentialReport's
 * STARTED then COMPLETE, GetCredentialReport's CSV in AWS's columns and values, its errors before
 * a report exists and after it expires.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteUserCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  ListServiceSpecificCredentialsCommand,
  ResetServiceSpecificCredentialCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateServiceSpecificCredentialCommand,
  UploadSigningCertificateCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT_ID, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { rejectsWithAws } from '../support/aws-assertions.js';
import { authenticatorFor } from '../support/mfa-fixtures.js';
import { certificatePem } from '../support/certificate-fixtures.js';

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

/** The report's rows as records, by header (no field in Gatehouse's reports needs CSV quoting). */
function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.split('\n');
  const columns = (header ?? '').split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [columns[i] ?? '', v])));
}

describe('IAM service-specific credentials and the credential report through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  describe('service-specific credentials', () => {
    it('creates a CodeCommit credential: ACCA ID, <user>-at-<account>, a password shown once and stored only as a hash', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'coder' }));
      const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'coder', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential!;
      assert.match(c.ServiceSpecificCredentialId ?? '', /^ACCA[A-Z2-7]{17}$/);
      assert.equal(c.ServiceUserName, `coder-at-${ACCOUNT_ID}`);
      assert.equal(c.ServiceName, 'codecommit.amazonaws.com');
      assert.equal(c.Status, 'Active');
      assert.equal(c.UserName, 'coder');
      assert.match(c.ServicePassword ?? '', /^[A-Za-z0-9+/]{43}=$/);
      const stored = await gh.server.store.read.serviceSpecificCredentials.getById(c.ServiceSpecificCredentialId ?? '');
      assert.match(stored?.SecretHash ?? '', /^scrypt\$/);
      assert.ok(!JSON.stringify(stored).includes(c.ServicePassword ?? '?'));
      const trail = await gh.cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateServiceSpecificCredential' }] }));
      const event = (trail.Events ?? []).map((e) => e.CloudTrailEvent ?? '').find((e) => e.includes('coder'));
      assert.ok(event !== undefined && !event.includes(c.ServicePassword ?? '?') && event.includes(c.ServiceSpecificCredentialId ?? '?'));
      const listed = (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'coder' }))).ServiceSpecificCredentials ?? [];
      assert.deepEqual(
        listed.map((x) => [x.ServiceSpecificCredentialId, x.ServiceUserName, x.Status]),
        [[c.ServiceSpecificCredentialId, `coder-at-${ACCOUNT_ID}`, 'Active']],
      );
      assert.equal((listed[0] as unknown as Record<string, unknown>).ServicePassword, undefined);
      await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'coder', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId, Status: 'Inactive' }));
      const reset = (await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'coder', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId }))).ServiceSpecificCredential!;
      assert.equal(reset.Status, 'Inactive');
      assert.notEqual(reset.ServicePassword, c.ServicePassword);
      assert.match(reset.ServicePassword ?? '', /^[A-Za-z0-9+/]{43}=$/);
      await rejectsWithAws(iam.send(new DeleteUserCommand({ UserName: 'coder' })), {
        code: 'DeleteConflict',
        message: 'Cannot delete entity, must remove referenced objects first.',
        status: 409,
      });
      await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'coder', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId }));
      await iam.send(new DeleteUserCommand({ UserName: 'coder' }));
    });

    it('allows two per service per user, filters by service, and answers unknown services and IDs in AWS\'s words', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'kay' }));
      const first = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'kay', ServiceName: 'cassandra.amazonaws.com' }))).ServiceSpecificCredential!;
      const second = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'kay', ServiceName: 'cassandra.amazonaws.com' }))).ServiceSpecificCredential!;
      assert.equal(first.ServiceUserName, `kay-at-${ACCOUNT_ID}`);
      assert.equal(second.ServiceUserName, `kay+1-at-${ACCOUNT_ID}`);
      await rejectsWithAws(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'kay', ServiceName: 'cassandra.amazonaws.com' })), {
        code: 'LimitExceeded',
        message: 'Cannot exceed quota for ServiceSpecificCredentialsPerUser: 2',
        status: 409,
      });
      await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'kay', ServiceName: 'codecommit.amazonaws.com' }));
      assert.equal((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'kay', ServiceName: 'cassandra.amazonaws.com' }))).ServiceSpecificCredentials?.length, 2);
      assert.equal((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'kay' }))).ServiceSpecificCredentials?.length, 3);
      assert.ok(((await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true }))).ServiceSpecificCredentials?.length ?? 0) >= 3);
      for (const ServiceName of ['nonexistentservice.amazonaws.com', 'lambda.amazonaws.com', 'o3on3n3onosneo']) {
        await rejectsWithAws(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'kay', ServiceName })), {
          code: 'NoSuchEntity',
          message: `No such service ${ServiceName} is supported for Service Specific Credentials`,
          status: 404,
        });
      }
      await rejectsWithAws(iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'kay', ServiceName: 'nonexistentservice.amazonaws.com' })), {
        code: 'NoSuchEntity',
        message: 'No such service nonexistentservice.amazonaws.com is supported for Service Specific Credentials',
      });
      await rejectsWithAws(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'non-existent-user', ServiceName: 'nonexistentservice.amazonaws.com' })), {
        code: 'NoSuchEntity',
        message: 'The user with name non-existent-user cannot be found.',
      });
      for (const send of [
        () => iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'kay', ServiceSpecificCredentialId: 'satisfiesregexbutstillinvalid', Status: 'Active' })),
        () => iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'kay', ServiceSpecificCredentialId: 'satisfiesregexbutstillinvalid' })),
        () => iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'kay', ServiceSpecificCredentialId: 'satisfiesregexbutstillinvalid' })),
      ]) {
        await rejectsWithAws(send(), { code: 'NoSuchEntity', message: 'No such credential satisfiesregexbutstillinvalid exists', status: 404 });
      }
      await rejectsWithAws(iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'wrong-user-name', ServiceSpecificCredentialId: first.ServiceSpecificCredentialId, Status: 'Active' })), {
        code: 'NoSuchEntity',
        message: 'The user with name wrong-user-name cannot be found.',
      });
    });

    it('issues expiring API keys for Amazon Bedrock; CredentialAgeDays is refused for CodeCommit', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'bedrock-user' }));
      const key = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bedrock-user', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 30 }))).ServiceSpecificCredential!;
      assert.ok(key.ServiceCredentialAlias !== undefined && key.ServiceCredentialSecret !== undefined);
      assert.equal(key.ServicePassword, undefined);
      assert.equal(Math.round(((key.ExpirationDate?.getTime() ?? 0) - (key.CreateDate?.getTime() ?? 0)) / 86_400_000), 30);
      await rejectsWithAws(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bedrock-user', ServiceName: 'codecommit.amazonaws.com', CredentialAgeDays: 30 })), {
        code: 'InvalidInput',
        message: /CredentialAgeDays/,
        status: 400,
      });
    });
  });

  describe('the credential report', () => {
    it('answers ReportNotPresent (410, no message) before any report, then STARTED, then COMPLETE, and returns the CSV in AWS\'s columns', async () => {
      const missing = await rejectsWithAws(iam.send(new GetCredentialReportCommand({})), { code: 'ReportNotPresent', message: /.*/, status: 410 });
      assert.equal(missing.name, 'CredentialReportNotPresentException');
      // The subjects: a user with password, MFA, two keys (one inactive) and a certificate; one without any.
      await iam.send(new CreateUserCommand({ UserName: 'audited' }));
      await iam.send(new CreateUserCommand({ UserName: 'bare' }));
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 90 }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'audited', Password: 'Audited-Pass-1' }));
      await iam.send(new CreateAccessKeyCommand({ UserName: 'audited' }));
      const second = (await iam.send(new CreateAccessKeyCommand({ UserName: 'audited' }))).AccessKey!;
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'audited', AccessKeyId: second.AccessKeyId, Status: 'Inactive' }));
      await iam.send(new UploadSigningCertificateCommand({ UserName: 'audited', CertificateBody: certificatePem('third') }));
      const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'audited' }))).VirtualMFADevice!;
      const app = authenticatorFor(device.Base32StringSeed!);
      await iam.send(new EnableMFADeviceCommand({ UserName: 'audited', SerialNumber: device.SerialNumber, AuthenticationCode1: app.code(-1), AuthenticationCode2: app.code(0) }));

      const started = await iam.send(new GenerateCredentialReportCommand({}));
      assert.equal(started.State, 'STARTED');
      assert.equal(started.Description, 'No report exists. Starting a new report generation task');
      const complete = await iam.send(new GenerateCredentialReportCommand({}));
      assert.equal(complete.State, 'COMPLETE');
      assert.equal(complete.Description, undefined);

      const report = await iam.send(new GetCredentialReportCommand({}));
      assert.equal(report.ReportFormat, 'text/csv');
      assert.ok(report.GeneratedTime instanceof Date);
      const text = Buffer.from(report.Content ?? new Uint8Array()).toString('utf8');
      assert.equal(
        text.split('\n')[0],
        'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
          'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
          'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
          'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
      );
      const rows = parseCsv(text);
      const root = rows[0]!;
      assert.equal(root.user, '<root_account>');
      assert.equal(root.arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
      assert.match(root.user_creation_time ?? '', TIME);
      assert.equal(root.password_enabled, 'not_supported');
      assert.equal(root.password_last_used, 'no_information');
      assert.equal(root.password_last_changed, 'not_supported');
      assert.equal(root.password_next_rotation, 'not_supported');
      // The root user signs these very requests with its access key.
      assert.equal(root.access_key_1_active, 'true');
      assert.match(root.access_key_1_last_used_date ?? '', TIME);
      assert.equal(root.access_key_1_last_used_service, 'iam');

      const audited = rows.find((r) => r.user === 'audited')!;
      assert.equal(audited.arn, `arn:aws:iam::${ACCOUNT_ID}:user/audited`);
      assert.equal(audited.password_enabled, 'true');
      assert.equal(audited.password_last_used, 'no_information');
      assert.match(audited.password_last_changed ?? '', TIME);
      const changed = Date.parse(audited.password_last_changed ?? '');
      assert.equal(Date.parse(audited.password_next_rotation ?? '') - changed, 90 * 86_400_000);
      assert.equal(audited.mfa_active, 'true');
      // Both keys were made in the same second, so which is "1" is not fixed: one is active, one not.
      assert.deepEqual([audited.access_key_1_active, audited.access_key_2_active].sort(), ['false', 'true']);
      for (const n of [1, 2]) {
        assert.match(audited[`access_key_${n}_last_rotated`] ?? '', TIME);
        assert.equal(audited[`access_key_${n}_last_used_date`], 'N/A');
        assert.equal(audited[`access_key_${n}_last_used_region`], 'N/A');
        assert.equal(audited[`access_key_${n}_last_used_service`], 'N/A');
      }
      assert.equal(audited.cert_1_active, 'true');
      assert.match(audited.cert_1_last_rotated ?? '', TIME);
      assert.equal(audited.cert_2_active, 'false');
      assert.equal(audited.cert_2_last_rotated, 'N/A');

      const bare = rows.find((r) => r.user === 'bare')!;
      assert.deepEqual(
        [bare.password_enabled, bare.password_last_used, bare.password_last_changed, bare.password_next_rotation, bare.mfa_active, bare.access_key_1_active, bare.access_key_1_last_rotated],
        ['false', 'N/A', 'N/A', 'N/A', 'false', 'false', 'N/A'],
      );
      // A snapshot: users created after the report are not in it.
      await iam.send(new CreateUserCommand({ UserName: 'latecomer' }));
      const again = Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content ?? new Uint8Array()).toString('utf8');
      assert.ok(!again.includes('latecomer'));
    });
  });
});
