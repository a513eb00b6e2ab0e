/**
 * Console passwords through the JS SDK v3: login profiles, the account password policy enforced
 * on every password set (IAM's default policy when none is set), ChangePassword by the user
 * (old password checked, reuse prevention), and passwords kept only as hashes — not in the
 * store's records, the database file or the audit trail.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChangePasswordCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture, type UserCredentials } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

describe('IAM passwords through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('answers GetAccountPasswordPolicy with NoSuchEntity before a policy is set, and applies IAM\'s default policy', async () => {
    await rejectsWithAws(iam.send(new GetAccountPasswordPolicyCommand({})), {
      code: 'NoSuchEntity',
      message: `The Password Policy with domain name ${ACCOUNT_ID} cannot be found.`,
      status: 404,
    });
    await iam.send(new CreateUserCommand({ UserName: 'pat' }));
    await rejectsWithAws(iam.send(new CreateLoginProfileCommand({ UserName: 'pat', Password: 'abcdefg1' })), {
      code: 'PasswordPolicyViolation',
      message: 'Password should meet 1 more of the following requirements: Password should have at least one uppercase letter, Password should have at least one symbol',
      status: 400,
    });
    await rejectsWithAws(iam.send(new CreateLoginProfileCommand({ UserName: 'pat', Password: 'Ab1!' })), {
      code: 'PasswordPolicyViolation',
      message: 'Password should have a minimum length of 8',
    });
  });

  it('creates, reads, updates and deletes a login profile, with IAM\'s errors', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'quinn' }));
    const created = await iam.send(new CreateLoginProfileCommand({ UserName: 'quinn', Password: 'Quinn-Pass-1', PasswordResetRequired: true }));
    assert.equal(created.LoginProfile?.UserName, 'quinn');
    assert.equal(created.LoginProfile?.PasswordResetRequired, true);
    assert.ok(created.LoginProfile?.CreateDate instanceof Date);
    assert.equal((created.LoginProfile as unknown as Record<string, unknown>).Password, undefined);
    await rejectsWithAws(iam.send(new CreateLoginProfileCommand({ UserName: 'quinn', Password: 'Quinn-Pass-2' })), {
      code: 'EntityAlreadyExists',
      message: 'Login Profile for user quinn already exists.',
      status: 409,
    });
    await rejectsWithAws(iam.send(new CreateLoginProfileCommand({ UserName: 'nobody', Password: 'Quinn-Pass-2' })), {
      code: 'NoSuchEntity',
      message: 'The user with name nobody cannot be found.',
      status: 404,
    });
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'quinn', PasswordResetRequired: false }));
    assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'quinn' }))).LoginProfile?.PasswordResetRequired, false);
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'quinn', Password: 'Quinn-Pass-3' }));
    await rejectsWithAws(iam.send(new UpdateLoginProfileCommand({ UserName: 'quinn', Password: 'weak' })), { code: 'PasswordPolicyViolation', message: /minimum length of 8/ });
    await rejectsWithAws(iam.send(new DeleteUserCommand({ UserName: 'quinn' })), {
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must delete login profile first.',
      status: 409,
    });
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'quinn' }));
    const gone = { code: 'NoSuchEntity', message: 'Login Profile for User quinn cannot be found.', status: 404 };
    await rejectsWithAws(iam.send(new GetLoginProfileCommand({ UserName: 'quinn' })), gone);
    await rejectsWithAws(iam.send(new DeleteLoginProfileCommand({ UserName: 'quinn' })), gone);
    await rejectsWithAws(iam.send(new UpdateLoginProfileCommand({ UserName: 'quinn', Password: 'Quinn-Pass-4' })), gone);
    await iam.send(new DeleteUserCommand({ UserName: 'quinn' }));
  });

  it('sets, reads and deletes the account password policy; members left out are reset to their defaults', async () => {
    await iam.send(new UpdateAccountPasswordPolicyCommand({}));
    assert.deepEqual((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      AllowUsersToChangePassword: false,
      ExpirePasswords: false,
      MinimumPasswordLength: 6,
      RequireLowercaseCharacters: false,
      RequireNumbers: false,
      RequireSymbols: false,
      RequireUppercaseCharacters: false,
    });
    await iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 10,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        MaxPasswordAge: 60,
        PasswordReusePrevention: 3,
        HardExpiry: true,
      }),
    );
    assert.deepEqual((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      HardExpiry: true,
      MaxPasswordAge: 60,
      MinimumPasswordLength: 10,
      PasswordReusePrevention: 3,
      RequireLowercaseCharacters: true,
      RequireNumbers: true,
      RequireSymbols: true,
      RequireUppercaseCharacters: true,
    });
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12 }));
    const reset = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
    assert.equal(reset?.RequireSymbols, false);
    assert.equal(reset?.ExpirePasswords, false);
    assert.equal(reset?.PasswordReusePrevention, undefined);
    await rejectsWithAws(iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 200, PasswordReusePrevention: 30, MaxPasswordAge: 2000 })), {
      code: 'ValidationError',
      // The order AWS lists them in (recorded: test_iam_account_password_policy › validation-errors).
      message: /^3 validation errors detected: Value at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128; Value at 'passwordReusePrevention'.*; Value at 'maxPasswordAge'/,
      status: 400,
    });
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await rejectsWithAws(iam.send(new DeleteAccountPasswordPolicyCommand({})), {
      code: 'NoSuchEntity',
      message: 'The account policy with name PasswordPolicy cannot be found.',
      status: 404,
    });
  });

  describe('ChangePassword by the user', () => {
    let rosa: UserCredentials;
    before(async () => {
      rosa = await createUserWithKey(iam, 'rosa');
      const changeOwn = policyDocument({ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: `arn:aws:iam::${ACCOUNT_ID}:user/\${aws:username}` });
      await iam.send(new PutUserPolicyCommand({ UserName: 'rosa', PolicyName: 'change-own-password', PolicyDocument: changeOwn }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'rosa', Password: 'Rosa-Start-1', PasswordResetRequired: true }));
    });
    after(() => iam.send(new DeleteAccountPasswordPolicyCommand({})).catch(() => undefined));

    it('checks the old password, enforces the policy, and clears PasswordResetRequired', async () => {
      const asRosa = gh.iamAs(rosa);
      await rejectsWithAws(asRosa.send(new ChangePasswordCommand({ OldPassword: 'Wrong-Pass-1', NewPassword: 'Rosa-Next-2' })), {
        code: 'AccessDenied',
        message: 'The old password is incorrect.',
        status: 403,
      });
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireSymbols: true, PasswordReusePrevention: 2 }));
      await rejectsWithAws(asRosa.send(new ChangePasswordCommand({ OldPassword: 'Rosa-Start-1', NewPassword: 'rosanext2' })), {
        code: 'PasswordPolicyViolation',
        message: 'Password should have a minimum length of 14, Password should have at least one symbol',
        status: 400,
      });
      await asRosa.send(new ChangePasswordCommand({ OldPassword: 'Rosa-Start-1', NewPassword: 'rosa-second-password' }));
      assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'rosa' }))).LoginProfile?.PasswordResetRequired, false);
      // The old password no longer checks out; the new one does.
      await rejectsWithAws(asRosa.send(new ChangePasswordCommand({ OldPassword: 'Rosa-Start-1', NewPassword: 'rosa-third-password' })), {
        code: 'AccessDenied',
        message: 'The old password is incorrect.',
      });
      // With PasswordReusePrevention 2, neither the current nor the previous password may come back.
      await rejectsWithAws(asRosa.send(new ChangePasswordCommand({ OldPassword: 'rosa-second-password', NewPassword: 'rosa-second-password' })), {
        code: 'PasswordPolicyViolation',
        message: 'Password should not be one of your previous 2 passwords',
      });
      await asRosa.send(new ChangePasswordCommand({ OldPassword: 'rosa-second-password', NewPassword: 'rosa-third-password!' }));
      await rejectsWithAws(asRosa.send(new ChangePasswordCommand({ OldPassword: 'rosa-third-password!', NewPassword: 'rosa-second-password' })), {
        code: 'PasswordPolicyViolation',
        message: 'Password should not be one of your previous 2 passwords',
      });
    });

    it('refuses ChangePassword from the root user with InvalidUserType, and without iam:ChangePassword with AccessDenied', async () => {
      await rejectsWithAws(iam.send(new ChangePasswordCommand({ OldPassword: 'Root-Pass-1', NewPassword: 'Root-Pass-2!' })), {
        code: 'InvalidUserType',
        message: 'Only IAM users can change their own password with ChangePassword.',
        status: 400,
      });
      const sam = await createUserWithKey(iam, 'sam-no-perms');
      await rejectsWithAws(gh.iamAs(sam).send(new ChangePasswordCommand({ OldPassword: 'x', NewPassword: 'Sam-Next-Pass-2' })), {
        code: 'AccessDenied',
        message: `User: ${sam.arn} is not authorized to perform: iam:ChangePassword on resource: ${sam.arn} because no identity-based policy allows the iam:ChangePassword action`,
        status: 403,
      });
    });
  });

  it('keeps passwords only as scrypt hashes: not in the records, the database files or the audit trail', async () => {
    const secret = 'Very-Distinctive-Passw0rd';
    await iam.send(new CreateUserCommand({ UserName: 'hashed' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'hashed', Password: secret }));
    const user = await gh.server.store.read.users.getByName(ACCOUNT_ID, 'hashed');
    const profile = await gh.server.store.read.loginProfiles.getById(user?.UserId ?? '');
    assert.match(profile?.PasswordHash ?? '', /^scrypt\$16384\$8\$1\$/);
    assert.ok(!JSON.stringify(profile).includes(secret));
    const trail = await gh.cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateLoginProfile' }] }));
    const event = (trail.Events ?? []).find((e) => (e.CloudTrailEvent ?? '').includes('"hashed"'));
    assert.ok(event !== undefined);
    assert.ok(!(event.CloudTrailEvent ?? '').includes(secret));
    for (const file of readdirSync(gh.dataDir)) {
      if (file.includes('gatehouse')) assert.ok(!readFileSync(join(gh.dataDir, file)).includes(secret), `${file} holds the password`);
    }
  });
});
