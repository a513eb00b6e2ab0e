import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorization, call, context, openTestStore, ACCOUNT, type TestStore } from './test-context.js';
import { SERVICE_LINKED_ROLES } from './service-linked-role-table.js';

void describe('service-linked roles', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  void it('authorizes CreateServiceLinkedRole on the role it makes, with iam:AWSServiceName', async () => {
    const [a] = await authorization(context(t.store), 'CreateServiceLinkedRole', { AWSServiceName: 'eks.amazonaws.com' });
    assert.equal(a?.action, 'iam:CreateServiceLinkedRole');
    assert.equal(a?.resource, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS`);
    assert.deepEqual(a?.keys, { 'iam:AWSServiceName': 'eks.amazonaws.com' });
  });

  void it('every known service gets its role, path and policies, and names are unique', async () => {
    const ctx = context(t.store);
    assert.equal(new Set(SERVICE_LINKED_ROLES.map((s) => s.roleName)).size, SERVICE_LINKED_ROLES.length);
    for (const spec of SERVICE_LINKED_ROLES) {
      const role = (await call(ctx, 'CreateServiceLinkedRole', { AWSServiceName: spec.service })).Role as Record<string, unknown>;
      assert.equal(role.RoleName, spec.roleName);
      assert.equal(role.Path, `/aws-service-role/${spec.service}/`);
      const attached = (await call(ctx, 'ListAttachedRolePolicies', { RoleName: spec.roleName })).AttachedPolicies as { PolicyArn: string }[];
      assert.deepEqual(attached.map((p) => p.PolicyArn), spec.policies);
    }
  });

  void it('authorizes AddRoleToInstanceProfile on the profile and iam:PassRole on the role, passed to EC2', async () => {
    const ctx = context(t.store);
    const [profile, pass] = await authorization(ctx, 'AddRoleToInstanceProfile', { InstanceProfileName: 'p', RoleName: 'r' });
    assert.equal(profile?.action, 'iam:AddRoleToInstanceProfile');
    assert.equal(profile?.resource, `arn:aws:iam::${ACCOUNT}:instance-profile/p`);
    assert.equal(pass?.action, 'iam:PassRole');
    assert.equal(pass?.resource, `arn:aws:iam::${ACCOUNT}:role/r`);
    assert.equal(pass?.keys?.['iam:PassedToService'], 'ec2.amazonaws.com');
    assert.equal(pass?.keys?.['iam:AssociatedResourceArn'], `arn:aws:ec2:*:${ACCOUNT}:instance/*`);
  });
});
