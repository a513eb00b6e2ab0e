import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorization, awsError, call, context, openTestStore, type TestStore } from './test-context.js';

const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

void describe('inline policies, attachments and permissions boundaries', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
    const ctx = context(t.store);
    await call(ctx, 'CreateUser', { UserName: 'ann' });
    await call(ctx, 'CreateGroup', { GroupName: 'ops' });
    await call(ctx, 'CreateRole', { RoleName: 'svc', AssumeRolePolicyDocument: TRUST });
    await call(ctx, 'CreatePolicy', { PolicyName: 'boundary', PolicyDocument: DOC });
  });
  void after(async () => {
    await t.close();
  });

  void it('puts, gets (percent-encoded), lists and deletes inline policies of each holder', async () => {
    const ctx = context(t.store);
    for (const [kind, member, name] of [['User', 'UserName', 'ann'], ['Group', 'GroupName', 'ops'], ['Role', 'RoleName', 'svc']] as const) {
      await call(ctx, `Put${kind}Policy`, { [member]: name, PolicyName: 'read', PolicyDocument: DOC });
      const got = await call(ctx, `Get${kind}Policy`, { [member]: name, PolicyName: 'read' });
      assert.deepEqual(got, { [member]: name, PolicyName: 'read', PolicyDocument: encodeURIComponent(DOC) });
      assert.deepEqual((await call(ctx, `List${kind}Policies`, { [member]: name })).PolicyNames, ['read']);
      await call(ctx, `Delete${kind}Policy`, { [member]: name, PolicyName: 'read' });
      await assert.rejects(
        call(ctx, `Get${kind}Policy`, { [member]: name, PolicyName: 'read' }),
        awsError('NoSuchEntity', `The ${kind.toLowerCase()} policy with name read cannot be found.`),
      );
    }
    await assert.rejects(call(ctx, 'PutUserPolicy', { UserName: 'ann', PolicyName: 'x', PolicyDocument: '{}' }), { code: 'MalformedPolicyDocument' });
  });

  void it('enforces the inline size quota of users', async () => {
    const ctx = context(t.store);
    const big = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::${'b'.repeat(2000)}"}]}`;
    await assert.rejects(call(ctx, 'PutUserPolicy', { UserName: 'ann', PolicyName: 'big', PolicyDocument: big }), awsError('LimitExceeded', 'Maximum policy size of 2048 bytes exceeded for user ann'));
  });

  void it('attaches, lists and detaches managed policies, and lists the entities of a policy', async () => {
    const ctx = context(t.store);
    await call(ctx, 'AttachUserPolicy', { UserName: 'ann', PolicyArn: ADMIN });
    await call(ctx, 'AttachUserPolicy', { UserName: 'ann', PolicyArn: ADMIN });
    await call(ctx, 'AttachGroupPolicy', { GroupName: 'ops', PolicyArn: ADMIN });
    await call(ctx, 'AttachRolePolicy', { RoleName: 'svc', PolicyArn: ADMIN });
    assert.deepEqual((await call(ctx, 'ListAttachedUserPolicies', { UserName: 'ann' })).AttachedPolicies, [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }]);
    const entities = await call(ctx, 'ListEntitiesForPolicy', { PolicyArn: ADMIN });
    assert.deepEqual((entities.PolicyUsers as Record<string, unknown>[]).map((u) => u.UserName), ['ann']);
    assert.deepEqual((entities.PolicyGroups as Record<string, unknown>[]).map((g) => g.GroupName), ['ops']);
    assert.deepEqual((entities.PolicyRoles as Record<string, unknown>[]).map((r) => r.RoleName), ['svc']);
    const onlyRoles = await call(ctx, 'ListEntitiesForPolicy', { PolicyArn: ADMIN, EntityFilter: 'Role' });
    assert.deepEqual([(onlyRoles.PolicyUsers as unknown[]).length, (onlyRoles.PolicyRoles as unknown[]).length], [0, 1]);
    assert.equal(((await call(ctx, 'GetPolicy', { PolicyArn: ADMIN })).Policy as Record<string, unknown>).AttachmentCount, 3);

    const [attach] = await authorization(ctx, 'AttachRolePolicy', { RoleName: 'svc', PolicyArn: ADMIN });
    assert.equal(attach?.keys?.['iam:PolicyARN'], ADMIN);

    for (const [kind, member, name] of [['User', 'UserName', 'ann'], ['Group', 'GroupName', 'ops'], ['Role', 'RoleName', 'svc']] as const) {
      await call(ctx, `Detach${kind}Policy`, { [member]: name, PolicyArn: ADMIN });
    }
    await assert.rejects(call(ctx, 'DetachUserPolicy', { UserName: 'ann', PolicyArn: ADMIN }), awsError('NoSuchEntity', `Policy ${ADMIN} was not found.`));
  });

  void it('sets and removes permissions boundaries, which must be existing policies', async () => {
    const ctx = context(t.store);
    const boundary = 'arn:aws:iam::123456789012:policy/boundary';
    await assert.rejects(
      call(ctx, 'PutUserPermissionsBoundary', { UserName: 'ann', PermissionsBoundary: 'arn:aws:iam::123456789012:policy/nope' }),
      awsError('NoSuchEntity', 'Scope ARN: arn:aws:iam::123456789012:policy/nope does not exist or is not attachable.'),
    );
    await call(ctx, 'PutUserPermissionsBoundary', { UserName: 'ann', PermissionsBoundary: boundary });
    await call(ctx, 'PutRolePermissionsBoundary', { RoleName: 'svc', PermissionsBoundary: boundary });
    const user = (await call(ctx, 'GetUser', { UserName: 'ann' })).User as Record<string, unknown>;
    assert.deepEqual(user.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary });
    assert.equal(((await call(ctx, 'GetPolicy', { PolicyArn: boundary })).Policy as Record<string, unknown>).PermissionsBoundaryUsageCount, 2);
    await assert.rejects(call(ctx, 'DeletePolicy', { PolicyArn: boundary }), awsError('DeleteConflict', 'Cannot delete a policy attached to entities.'));

    const [put] = await authorization(ctx, 'PutUserPolicy', { UserName: 'ann', PolicyName: 'p', PolicyDocument: DOC });
    assert.equal(put?.keys?.['iam:PermissionsBoundary'], boundary);
    const [del] = await authorization(ctx, 'DeleteRolePermissionsBoundary', { RoleName: 'svc' });
    assert.equal(del?.keys?.['iam:PermissionsBoundary'], boundary);

    await call(ctx, 'DeleteUserPermissionsBoundary', { UserName: 'ann' });
    await call(ctx, 'DeleteRolePermissionsBoundary', { RoleName: 'svc' });
    assert.equal(((await call(ctx, 'GetRole', { RoleName: 'svc' })).Role as Record<string, unknown>).PermissionsBoundary, undefined);
    const created = (await call(ctx, 'CreateUser', { UserName: 'bounded', PermissionsBoundary: boundary })).User as Record<string, unknown>;
    assert.equal((created.PermissionsBoundary as Record<string, unknown>).PermissionsBoundaryArn, boundary);
  });
});
