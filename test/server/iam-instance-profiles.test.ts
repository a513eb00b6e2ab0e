/**
 * IAM instance profiles through the JS SDK v3: the profile's life with its one role, the shapes
 * IAM answers (the role embedded, tags only where IAM shows them), the recorded errors, DeleteRole
 * refused while the role is in a profile, and iam:PassRole for AddRoleToInstanceProfile.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetAccountSummaryCommand,
  GetInstanceProfileCommand,
  ListInstanceProfileTagsCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  PutUserPolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

const EC2_TRUST = policyDocument({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

describe('IAM instance profiles through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('creates a profile (AIPA ID, path in the ARN), adds its one role, and embeds the role as IAM does', async () => {
    const created = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/app/' }))).InstanceProfile!;
    assert.match(created.InstanceProfileId ?? '', /^AIPA[A-Z0-9]{17}$/);
    assert.equal(created.Arn, `arn:aws:iam::${ACCOUNT_ID}:instance-profile/app/web`);
    assert.deepEqual(created.Roles, []);
    assert.equal(created.Tags, undefined);
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'web-role', AssumeRolePolicyDocument: EC2_TRUST, Description: 'web servers' }))).Role!;
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web-role' }));
    const got = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile!;
    assert.deepEqual(got.Tags, []);
    assert.equal(got.Roles?.length, 1);
    const embedded = got.Roles?.[0];
    assert.equal(embedded?.RoleId, role.RoleId);
    assert.equal(embedded?.Arn, role.Arn);
    assert.equal(decodeURIComponent(embedded?.AssumeRolePolicyDocument ?? ''), EC2_TRUST);
    // The embedded role carries what IAM's recorded answer shows, nothing more.
    assert.equal(embedded?.MaxSessionDuration, undefined);
    assert.equal(embedded?.RoleLastUsed, undefined);
    const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'web-role' }));
    assert.deepEqual(forRole.InstanceProfiles?.map((p) => p.InstanceProfileName), ['web']);
    assert.equal(forRole.InstanceProfiles?.[0]?.Tags, undefined);
    assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.InstanceProfiles, 1);
  });

  it('holds one role, refuses to delete either while joined, and answers the recorded errors', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'one' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'first', AssumeRolePolicyDocument: EC2_TRUST }));
    await iam.send(new CreateRoleCommand({ RoleName: 'second', AssumeRolePolicyDocument: EC2_TRUST }));
    await rejectsWithAws(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'one', RoleName: 'first' })), {
      code: 'NoSuchEntity',
      message: 'Role first in Instance Profile one cannot be found.',
      status: 404,
    });
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'one', RoleName: 'first' }));
    await rejectsWithAws(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'one', RoleName: 'second' })), {
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
      status: 409,
    });
    await rejectsWithAws(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'one' })), {
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must remove roles from instance profile first.',
      status: 409,
    });
    await rejectsWithAws(iam.send(new DeleteRoleCommand({ RoleName: 'first' })), {
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must remove roles from instance profile first.',
      status: 409,
    });
    await rejectsWithAws(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'nonexistent-profile', RoleName: 'second' })), {
      code: 'NoSuchEntity',
      message: 'Instance Profile nonexistent-profile cannot be found.',
      status: 404,
    });
    await rejectsWithAws(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'one', RoleName: 'nonexistent-role' })), {
      code: 'NoSuchEntity',
      message: 'The role with name nonexistent-role cannot be found.',
      status: 404,
    });
    await rejectsWithAws(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ONE' })), {
      code: 'EntityAlreadyExists',
      message: 'Instance Profile ONE already exists.',
      status: 409,
    });
    await rejectsWithAws(iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'nonexistent-role' })), {
      code: 'NoSuchEntity',
      message: 'The role with name nonexistent-role cannot be found.',
      status: 404,
    });
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'one', RoleName: 'first' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'first' }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'one' }));
    await rejectsWithAws(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'one' })), {
      code: 'NoSuchEntity',
      message: 'Instance Profile one cannot be found.',
      status: 404,
    });
    assert.deepEqual((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'second' }))).InstanceProfiles, []);
  });

  it('lists by path prefix in pages, and tags a profile', async () => {
    for (const n of ['p1', 'p2', 'p3']) await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: n, Path: '/paged/' }));
    const first = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/paged/', MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/paged/', Marker: first.Marker }));
    assert.deepEqual([...(first.InstanceProfiles ?? []), ...(rest.InstanceProfiles ?? [])].map((p) => p.InstanceProfileName), ['p1', 'p2', 'p3']);
    assert.deepEqual((await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/nothing/' }))).InstanceProfiles, []);
    const tagged = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'tagged', Tags: [{ Key: 'InitialKey', Value: 'InitialValue' }] }))).InstanceProfile!;
    assert.deepEqual(tagged.Tags, [{ Key: 'InitialKey', Value: 'InitialValue' }]);
    await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'tagged', Tags: [{ Key: 'MyKey', Value: 'myValue' }] }));
    await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'tagged', TagKeys: ['InitialKey'] }));
    assert.deepEqual((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged' }))).Tags, [{ Key: 'MyKey', Value: 'myValue' }]);
    await rejectsWithAws(iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'nonexistent-profile' })), {
      code: 'NoSuchEntity',
      message: 'Instance Profile nonexistent-profile cannot be found.',
      status: 404,
    });
  });

  it('requires iam:PassRole on the role to add it to a profile', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'guarded' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'guarded-role', AssumeRolePolicyDocument: EC2_TRUST }));
    const creds = await createUserWithKey(iam, 'profile-admin');
    await iam.send(new PutUserPolicyCommand({ UserName: 'profile-admin', PolicyName: 'p', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' }) }));
    const client = gh.iamAs(creds);
    const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/guarded-role`;
    await rejectsWithAws(client.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'guarded', RoleName: 'guarded-role' })), {
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT_ID}:user/profile-admin is not authorized to perform: iam:PassRole on resource: ${roleArn} because no identity-based policy allows the iam:PassRole action`,
      status: 403,
    });
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'profile-admin',
        PolicyName: 'pass',
        PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }),
      }),
    );
    await client.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'guarded', RoleName: 'guarded-role' }));
    assert.equal((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'guarded' }))).InstanceProfile?.Roles?.[0]?.RoleName, 'guarded-role');
  });
});
