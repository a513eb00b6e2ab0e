/**
 * Service control policies at work, end to end through the AWS SDK for JavaScript v3: an
 * organization, a member account signed with its own root credentials, an SCP that denies
 * iam:CreateUser attached to the account or to an OU above it; AWS's explicit-deny message while
 * it is attached, success once it is detached, and the management account never limited.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateUserCommand, DeleteUserCommand, ListUsersCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentity } from '@smithy/types';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT_ID, cloudTrailClient, createUserWithKey, memberRootCredentials, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

describe('SCPs limit member accounts', () => {
  let gh: GatehouseFixture;
  let org: OrganizationsClient;
  let rootId: string;
  let memberId: string;
  let member: IAMClient;
  let denyId: string;

  const createUserDenied = (principalArn: string, userName: string) => ({
    code: 'AccessDenied',
    message: `User: ${principalArn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${memberId}:user/${userName} with an explicit deny in a service control policy`,
    status: 403,
  });

  before(async () => {
    gh = await startFixture();
    org = gh.organizations;
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const request = (await org.send(new CreateAccountCommand({ AccountName: 'member', Email: 'member@example.com' }))).CreateAccountStatus!.Id!;
    memberId = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request }))).CreateAccountStatus!.AccountId!;
    member = gh.iamAs(await memberRootCredentials(gh.server.credentialsFile, memberId));
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    denyId = (
      await org.send(
        new CreatePolicyCommand({
          Name: 'DenyCreateUser',
          Description: 'No IAM users',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: policyDocument({ Sid: 'NoUsers', Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }),
        }),
      )
    ).Policy!.PolicySummary!.Id!;
  });
  after(() => gh.close());

  it('FullAWSAccess alone lets the member account\'s root user do what IAM allows', async () => {
    assert.equal((await member.send(new CreateUserCommand({ UserName: 'first' }))).User?.Arn, `arn:aws:iam::${memberId}:user/first`);
  });

  it('denies the member account\'s root user with AWS\'s message while an SCP on the account denies, and allows once it is detached', async () => {
    await org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: memberId }));
    await rejectsWithAws(member.send(new CreateUserCommand({ UserName: 'second' })), createUserDenied(`arn:aws:iam::${memberId}:root`, 'second'));
    // Actions the SCP does not deny stay allowed.
    assert.ok((await member.send(new ListUsersCommand({}))).Users !== undefined);
    await org.send(new DetachPolicyCommand({ PolicyId: denyId, TargetId: memberId }));
    assert.equal((await member.send(new CreateUserCommand({ UserName: 'second' }))).User?.UserName, 'second');
  });

  it('limits IAM users of the member account too, whatever their own policies allow', async () => {
    const admin = await createUserWithKey(member, 'admin');
    await member.send(new PutUserPolicyCommand({ UserName: 'admin', PolicyName: 'all', PolicyDocument: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
    const asAdmin = gh.iamAs(admin);
    assert.equal((await asAdmin.send(new CreateUserCommand({ UserName: 'by-admin' }))).User?.UserName, 'by-admin');
    await org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: memberId }));
    await rejectsWithAws(asAdmin.send(new CreateUserCommand({ UserName: 'by-admin-2' })), createUserDenied(admin.arn, 'by-admin-2'));
    await asAdmin.send(new DeleteUserCommand({ UserName: 'by-admin' }));
    await org.send(new DetachPolicyCommand({ PolicyId: denyId, TargetId: memberId }));
  });

  it('applies an SCP attached to an OU above the account, and stops when the account moves out', async () => {
    const ou = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Restricted' }))).OrganizationalUnit!.Id!;
    const inner = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: ou, Name: 'Inner' }))).OrganizationalUnit!.Id!;
    await org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: ou }));
    await org.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: rootId, DestinationParentId: inner }));
    await rejectsWithAws(member.send(new CreateUserCommand({ UserName: 'third' })), createUserDenied(`arn:aws:iam::${memberId}:root`, 'third'));
    await org.send(new MoveAccountCommand({ AccountId: memberId, SourceParentId: inner, DestinationParentId: rootId }));
    assert.equal((await member.send(new CreateUserCommand({ UserName: 'third' }))).User?.UserName, 'third');
  });

  it('denies what no SCP on a level allows: every level from the root down must allow', async () => {
    const listOnly = (
      await org.send(
        new CreatePolicyCommand({ Name: 'ListOnly', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: policyDocument({ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }) }),
      )
    ).Policy!.PolicySummary!.Id!;
    await org.send(new AttachPolicyCommand({ PolicyId: listOnly, TargetId: memberId }));
    await org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: memberId }));
    assert.ok((await member.send(new ListUsersCommand({}))).Users !== undefined);
    // Implicit, yet AWS words SCP denials as explicit (troubleshoot_access-denied.md).
    await rejectsWithAws(member.send(new CreateUserCommand({ UserName: 'fourth' })), createUserDenied(`arn:aws:iam::${memberId}:root`, 'fourth'));
    await org.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: memberId }));
    assert.equal((await member.send(new CreateUserCommand({ UserName: 'fourth' }))).User?.UserName, 'fourth');
  });

  it('never limits the management account, even under an SCP on the root', async () => {
    await org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: rootId }));
    await org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: ACCOUNT_ID }));
    await rejectsWithAws(member.send(new CreateUserCommand({ UserName: 'fifth' })), createUserDenied(`arn:aws:iam::${memberId}:root`, 'fifth'));
    assert.equal((await gh.iam.send(new CreateUserCommand({ UserName: 'management-user' }))).User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/management-user`);
    const manager = await createUserWithKey(gh.iam, 'manager');
    await gh.iam.send(new PutUserPolicyCommand({ UserName: 'manager', PolicyName: 'users', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }) }));
    assert.equal((await gh.iamAs(manager).send(new CreateUserCommand({ UserName: 'by-manager' }))).User?.UserName, 'by-manager');
    await org.send(new DetachPolicyCommand({ PolicyId: denyId, TargetId: rootId }));
    assert.equal((await member.send(new CreateUserCommand({ UserName: 'fifth' }))).User?.UserName, 'fifth');
  });

  it('records the SCP denial in the trail with the deciding statement', async () => {
    const orgId = (await org.send(new DescribeOrganizationCommand({}))).Organization!.Id!;
    await org.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: memberId }));
    const creds: AwsCredentialIdentity = await memberRootCredentials(gh.server.credentialsFile, memberId);
    await rejectsWithAws(gh.iamAs(creds).send(new CreateUserCommand({ UserName: 'sixth' })), createUserDenied(`arn:aws:iam::${memberId}:root`, 'sixth'));
    const trail = cloudTrailClient(gh.url, creds);
    try {
      const events = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }] }))).Events ?? [];
      interface Recorded {
        readonly errorCode?: string;
        readonly recipientAccountId?: string;
        readonly gatehouse?: { readonly deciding?: readonly { readonly policy: string; readonly kind: string; readonly statement: string }[] };
      }
      const denied = events.map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as Recorded).find((e) => e.errorCode === 'AccessDenied');
      assert.ok(denied !== undefined, 'the denial is in the trail');
      assert.equal(denied.recipientAccountId, memberId);
      assert.deepEqual(
        denied.gatehouse?.deciding?.map((d) => [d.kind, d.policy, d.statement]),
        [['scp', `arn:aws:organizations::${ACCOUNT_ID}:policy/${orgId}/service_control_policy/${denyId}`, 'NoUsers']],
      );
    } finally {
      trail.destroy();
    }
  });
});
