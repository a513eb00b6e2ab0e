import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { awsError, call, context, NOW, openTestStore, userCaller, type TestStore } from './test-context.js';

const DAY = 86_400_000;

void describe('login profiles', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(() => t.close());

  void it('a user reads their own login profile without UserName', async () => {
    await call(context(t.store), 'CreateUser', { UserName: 'uma' });
    await call(context(t.store), 'CreateLoginProfile', { UserName: 'uma', Password: 'Uma-Password-1' });
    const own = await call(context(t.store, userCaller('uma')), 'GetLoginProfile');
    assert.equal((own.LoginProfile as Record<string, unknown>).UserName, 'uma');
  });

  void it('after a password expires under HardExpiry, only an administrator can set a new one', async () => {
    await call(context(t.store), 'CreateUser', { UserName: 'vic' });
    await call(context(t.store), 'UpdateAccountPasswordPolicy', { MaxPasswordAge: 30, HardExpiry: true });
    await call(context(t.store), 'CreateLoginProfile', { UserName: 'vic', Password: 'Vic-Password-1' });
    const asVic = (days: number) => context(t.store, userCaller('vic'), new Date(NOW.getTime() + days * DAY));
    await call(asVic(10), 'ChangePassword', { OldPassword: 'Vic-Password-1', NewPassword: 'Vic-Password-2' });
    await assert.rejects(
      call(asVic(41), 'ChangePassword', { OldPassword: 'Vic-Password-2', NewPassword: 'Vic-Password-3' }),
      { ...awsError('EntityTemporarilyUnmodifiable', 'The password of user vic has expired and can be reset only by an administrator.'), httpStatus: 409 },
    );
    await call(context(t.store, undefined, new Date(NOW.getTime() + 41 * DAY)), 'UpdateLoginProfile', { UserName: 'vic', Password: 'Vic-Password-3' });
    await call(asVic(42), 'ChangePassword', { OldPassword: 'Vic-Password-3', NewPassword: 'Vic-Password-4' });
    // Without HardExpiry, an expired password is changed by its user.
    await call(context(t.store), 'UpdateAccountPasswordPolicy', { MaxPasswordAge: 30 });
    await call(asVic(100), 'ChangePassword', { OldPassword: 'Vic-Password-4', NewPassword: 'Vic-Password-5' });
    await call(context(t.store), 'DeleteAccountPasswordPolicy');
  });

  void it('remembers at most 24 earlier passwords, and reuse prevention looks back only as far as the policy says', async () => {
    await call(context(t.store), 'CreateUser', { UserName: 'wes' });
    await call(context(t.store), 'CreateLoginProfile', { UserName: 'wes', Password: 'Wes-Password-0' });
    for (let i = 1; i <= 3; i++) await call(context(t.store), 'UpdateLoginProfile', { UserName: 'wes', Password: `Wes-Password-${i}` });
    const user = await t.store.read.users.getByName('123456789012', 'wes');
    const profile = await t.store.read.loginProfiles.getById(user?.UserId ?? '');
    assert.equal(profile?.PreviousPasswordHashes.length, 3);
    await call(context(t.store), 'UpdateAccountPasswordPolicy', { PasswordReusePrevention: 2 });
    await assert.rejects(call(context(t.store), 'UpdateLoginProfile', { UserName: 'wes', Password: 'Wes-Password-2' }), awsError('PasswordPolicyViolation', 'Password should not be one of your previous 2 passwords'));
    // The third password back is outside the two remembered ones.
    await call(context(t.store), 'UpdateLoginProfile', { UserName: 'wes', Password: 'Wes-Password-1' });
    await call(context(t.store), 'DeleteAccountPasswordPolicy');
  });
});
