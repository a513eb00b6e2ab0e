import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorization, awsError, call, context, openTestStore, type TestStore } from './test-context.js';

const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

void describe('IAM roles', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  void it('creates a role and returns its trust policy percent-encoded', async () => {
    const ctx = context(t.store);
    const role = (await call(ctx, 'CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: TRUST, Description: 'd' })).Role as Record<string, unknown>;
    assert.match(String(role.RoleId), /^AROA/);
    // Recorded CreateRole output carries neither the description nor the session duration.
    assert.equal(role.MaxSessionDuration, undefined);
    assert.equal(role.Description, undefined);
    assert.equal(role.AssumeRolePolicyDocument, encodeURIComponent(TRUST));
    assert.equal(decodeURIComponent(String(role.AssumeRolePolicyDocument)), TRUST);
    const got = (await call(ctx, 'GetRole', { RoleName: 'app' })).Role as Record<string, unknown>;
    assert.deepEqual(got.RoleLastUsed, {});
    assert.equal(got.MaxSessionDuration, 3600);
    assert.equal(got.Description, 'd');
    await assert.rejects(
      call(ctx, 'CreateRole', { RoleName: 'APP', AssumeRolePolicyDocument: TRUST }),
      awsError('EntityAlreadyExists', 'Role with name APP already exists.'),
    );
  });

  void it('validates the trust policy as a trust policy', async () => {
    const ctx = context(t.store);
    const noPrincipal = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}';
    await assert.rejects(call(ctx, 'CreateRole', { RoleName: 'bad', AssumeRolePolicyDocument: noPrincipal }), { code: 'MalformedPolicyDocument' });
    await assert.rejects(call(ctx, 'CreateRole', { RoleName: 'bad', AssumeRolePolicyDocument: '{' }), { code: 'MalformedPolicyDocument' });
    await assert.rejects(call(ctx, 'GetRole', { RoleName: 'bad' }), awsError('NoSuchEntity', 'The role with name bad cannot be found.'));
  });

  void it('updates the description, session duration and trust policy', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreateRole', { RoleName: 'upd', AssumeRolePolicyDocument: TRUST });
    await call(ctx, 'UpdateRole', { RoleName: 'upd', MaxSessionDuration: 43200, Description: 'new' });
    await assert.rejects(call(ctx, 'UpdateRole', { RoleName: 'upd', MaxSessionDuration: 43201 }), { code: 'ValidationError' });
    const other = TRUST.replace('ec2', 'lambda');
    await call(ctx, 'UpdateAssumeRolePolicy', { RoleName: 'upd', PolicyDocument: other });
    const role = (await call(ctx, 'GetRole', { RoleName: 'upd' })).Role as Record<string, unknown>;
    assert.equal(role.MaxSessionDuration, 43200);
    assert.equal(role.Description, 'new');
    assert.equal(decodeURIComponent(String(role.AssumeRolePolicyDocument)), other);
    const listed = await call(ctx, 'ListRoles');
    const entry = (listed.Roles as Record<string, unknown>[]).find((r) => r.RoleName === 'upd');
    assert.equal(entry?.RoleLastUsed, undefined);
    assert.equal(entry?.MaxSessionDuration, 43200);
  });

  void it('refuses to delete a role with policies, then deletes it', async () => {
    const ctx = context(t.store);
    await call(ctx, 'CreateRole', { RoleName: 'del', AssumeRolePolicyDocument: TRUST });
    await assert.rejects(
      call(ctx, 'AttachRolePolicy', { RoleName: 'del', PolicyArn: 'arn:aws:iam::123456789012:policy/missing' }),
      awsError('NoSuchEntity', 'Policy arn:aws:iam::123456789012:policy/missing does not exist or is not attachable.'),
    );
    await call(ctx, 'AttachRolePolicy', { RoleName: 'del', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    await assert.rejects(call(ctx, 'DeleteRole', { RoleName: 'del' }), awsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.'));
    await call(ctx, 'DetachRolePolicy', { RoleName: 'del', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    await call(ctx, 'PutRolePolicy', { RoleName: 'del', PolicyName: 'p', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' });
    await assert.rejects(call(ctx, 'DeleteRole', { RoleName: 'del' }), awsError('DeleteConflict', 'Cannot delete entity, must delete policies first.'));
    await call(ctx, 'DeleteRolePolicy', { RoleName: 'del', PolicyName: 'p' });
    await call(ctx, 'DeleteRole', { RoleName: 'del' });
  });

  void it('authorizes CreateRole with the boundary and request tags', async () => {
    const [a] = await authorization(context(t.store), 'CreateRole', {
      RoleName: 'x',
      Path: '/svc/',
      AssumeRolePolicyDocument: TRUST,
      PermissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary',
      Tags: [{ Key: 'team', Value: 'core' }],
    });
    assert.equal(a?.resource, 'arn:aws:iam::123456789012:role/svc/x');
    assert.equal(a?.keys?.['iam:PermissionsBoundary'], 'arn:aws:iam::123456789012:policy/boundary');
    assert.equal(a?.keys?.['aws:RequestTag/team'], 'core');
  });
});
