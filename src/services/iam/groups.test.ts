import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { awsError, call, context, openTestStore, type TestStore } from './test-context.js';

void describe('IAM groups', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  void it('manages members, pages GetGroup, and refuses to delete a group with members', async () => {
    const ctx = context(t.store);
    const group = (await call(ctx, 'CreateGroup', { GroupName: 'devs', Path: '/eng/' })).Group as Record<string, unknown>;
    assert.match(String(group.GroupId), /^AGPA/);
    assert.equal(group.Arn, 'arn:aws:iam::123456789012:group/eng/devs');
    await assert.rejects(call(ctx, 'CreateGroup', { GroupName: 'Devs' }), awsError('EntityAlreadyExists', 'Group with name Devs already exists.'));
    for (const u of ['u1', 'u2', 'u3']) {
      await call(ctx, 'CreateUser', { UserName: u });
      await call(ctx, 'AddUserToGroup', { GroupName: 'devs', UserName: u });
    }
    await call(ctx, 'AddUserToGroup', { GroupName: 'devs', UserName: 'u1' });
    const page1 = await call(ctx, 'GetGroup', { GroupName: 'devs', MaxItems: 2 });
    assert.equal((page1.Users as unknown[]).length, 2);
    assert.equal(page1.IsTruncated, true);
    const page2 = await call(ctx, 'GetGroup', { GroupName: 'devs', Marker: page1.Marker as string });
    assert.equal((page2.Users as unknown[]).length, 1);

    const forUser = await call(ctx, 'ListGroupsForUser', { UserName: 'u1' });
    assert.deepEqual((forUser.Groups as Record<string, unknown>[]).map((g) => g.GroupName), ['devs']);

    await assert.rejects(call(ctx, 'DeleteGroup', { GroupName: 'devs' }), awsError('DeleteConflict', 'Cannot delete entity, must remove users from group first.'));
    await assert.rejects(call(ctx, 'DeleteUser', { UserName: 'u1' }), { code: 'DeleteConflict' });
    for (const u of ['u1', 'u2', 'u3']) await call(ctx, 'RemoveUserFromGroup', { GroupName: 'devs', UserName: u });
    await call(ctx, 'UpdateGroup', { GroupName: 'devs', NewGroupName: 'developers', NewPath: '/' });
    const listed = await call(ctx, 'ListGroups');
    assert.deepEqual((listed.Groups as Record<string, unknown>[]).map((g) => g.Arn), ['arn:aws:iam::123456789012:group/developers']);
    await call(ctx, 'DeleteGroup', { GroupName: 'developers' });
    await assert.rejects(call(ctx, 'GetGroup', { GroupName: 'developers' }), awsError('NoSuchEntity', 'The group with name developers cannot be found.'));
  });

  void it('limits a user to 10 groups', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'joiner' });
    for (let i = 0; i < 10; i++) {
      await call(ctx, 'CreateGroup', { GroupName: `g${i}` });
      await call(ctx, 'AddUserToGroup', { GroupName: `g${i}`, UserName: 'joiner' });
    }
    await call(ctx, 'CreateGroup', { GroupName: 'g10' });
    await assert.rejects(call(ctx, 'AddUserToGroup', { GroupName: 'g10', UserName: 'joiner' }), awsError('LimitExceeded', 'Cannot exceed quota for GroupsPerUser: 10'));
  });
});
