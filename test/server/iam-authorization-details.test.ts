/**
 * GetAccountAuthorizationDetails through the JS SDK v3: the shapes of recorded AWS replies, the
 * Filter, paging with MaxItems / Marker, and a round trip (every document decodes back to the text
 * that was put).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  paginateGetAccountAuthorizationDetails,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { accountTrustPolicy, policyDocument } from '../support/aws-assertions.js';

// Documents with white space and characters that URL-encoding must carry.
const userInline = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::a+b&c=d"}]\n}';
const groupInline = policyDocument({ Sid: 'Group', Effect: 'Allow', Action: ['iam:GetUser'], Resource: '*' });
const roleInline = policyDocument({ Effect: 'Allow', Action: 'sqs:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a b%c' } } });
const v1 = policyDocument({ Sid: 'V1', Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' });
const v2 = policyDocument({ Sid: 'V2', Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' });
const trust = accountTrustPolicy(ACCOUNT_ID);

describe('GetAccountAuthorizationDetails through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  let localArn: string;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
    localArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'exported', Path: '/export/', PolicyDocument: v1, Description: 'two versions' }))).Policy!.Arn!;
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: localArn, PolicyDocument: v2, SetAsDefault: true }));
    await iam.send(new CreateUserCommand({ UserName: 'ada', Path: '/people/', Tags: [{ Key: 'team', Value: 'core' }] }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'ada', PolicyName: 'buckets', PolicyDocument: userInline }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'ada', PolicyArn: localArn }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'ada', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' }));
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'ada' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'read-self', PolicyDocument: groupInline }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'worker', AssumeRolePolicyDocument: trust, Description: 'not in RoleDetail', Tags: [{ Key: 'k', Value: 'v' }] }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'worker', PolicyName: 'queues', PolicyDocument: roleInline }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'worker', PolicyArn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' }));
  });
  after(() => gh.close());

  it('exports users, groups, roles and policies in the shapes AWS returns', async () => {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    assert.equal(out.IsTruncated, false);
    const [ada, bob] = out.UserDetailList ?? [];
    assert.deepEqual(
      { ...ada, CreateDate: undefined, UserId: undefined },
      {
        Path: '/people/',
        UserName: 'ada',
        UserId: undefined,
        Arn: `arn:aws:iam::${ACCOUNT_ID}:user/people/ada`,
        CreateDate: undefined,
        UserPolicyList: [{ PolicyName: 'buckets', PolicyDocument: encodeURIComponent(userInline) }],
        GroupList: ['devs'],
        AttachedManagedPolicies: [{ PolicyName: 'exported', PolicyArn: localArn }],
        PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
        Tags: [{ Key: 'team', Value: 'core' }],
      },
    );
    assert.match(ada?.UserId ?? '', /^AIDA/);
    // A user without inline policies has no UserPolicyList, but empty GroupList, attachments and tags.
    assert.equal(bob?.UserPolicyList, undefined);
    assert.deepEqual([bob?.GroupList, bob?.AttachedManagedPolicies, bob?.Tags], [[], [], []]);

    const [devs] = out.GroupDetailList ?? [];
    assert.deepEqual(devs?.GroupPolicyList, [{ PolicyName: 'read-self', PolicyDocument: encodeURIComponent(groupInline) }]);
    assert.deepEqual(devs?.AttachedManagedPolicies, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);

    const [worker] = out.RoleDetailList ?? [];
    assert.equal(worker?.AssumeRolePolicyDocument, encodeURIComponent(trust));
    assert.deepEqual(worker?.InstanceProfileList, []);
    assert.deepEqual(worker?.RolePolicyList, [{ PolicyName: 'queues', PolicyDocument: encodeURIComponent(roleInline) }]);
    assert.deepEqual(worker?.AttachedManagedPolicies, [{ PolicyName: 'AmazonEKSWorkerNodePolicy', PolicyArn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' }]);
    assert.deepEqual(worker?.Tags, [{ Key: 'k', Value: 'v' }]);
    assert.deepEqual(worker?.RoleLastUsed, {});
    assert.equal((worker as Record<string, unknown> | undefined)?.Description, undefined);

    const local = out.Policies?.find((p) => p.Arn === localArn);
    assert.equal(local?.Path, '/export/');
    assert.equal(local?.DefaultVersionId, 'v2');
    assert.equal(local?.AttachmentCount, 1);
    assert.deepEqual(
      local?.PolicyVersionList?.map((v) => [v.VersionId, v.IsDefaultVersion, decodeURIComponent(v.Document ?? '')]),
      [
        ['v2', true, v2],
        ['v1', false, v1],
      ],
    );
    // AWS managed policies: only those the account uses.
    const aws = (out.Policies ?? []).filter((p) => p.Arn?.startsWith('arn:aws:iam::aws:policy/'));
    assert.deepEqual(aws.map((p) => [p.PolicyName, p.AttachmentCount, p.PermissionsBoundaryUsageCount]), [
      ['AmazonEKSWorkerNodePolicy', 1, 0],
      ['PowerUserAccess', 0, 1],
      ['ReadOnlyAccess', 1, 0],
    ]);
    assert.equal(aws[0]?.PolicyVersionList?.length, 1);
    assert.equal(aws[0]?.PolicyVersionList?.[0]?.IsDefaultVersion, true);
  });

  it('filters by entity type', async () => {
    const users = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }));
    assert.deepEqual(users.UserDetailList?.map((u) => u.UserName), ['ada', 'bob']);
    assert.deepEqual([users.GroupDetailList, users.RoleDetailList, users.Policies], [[], [], []]);
    const local = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }));
    assert.deepEqual(local.Policies?.map((p) => p.PolicyName), ['exported']);
    const aws = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy'] }));
    assert.deepEqual(aws.Policies?.map((p) => p.PolicyName), ['AmazonEKSWorkerNodePolicy', 'PowerUserAccess', 'ReadOnlyAccess']);
    const two = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'Group'] }));
    assert.deepEqual([two.UserDetailList?.length, two.GroupDetailList?.length, two.RoleDetailList?.length, two.Policies?.length], [0, 1, 1, 0]);
  });

  it('pages with MaxItems and Marker over all the lists, and the SDK paginator gets the same', async () => {
    const whole = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2, ...(marker === undefined ? {} : { Marker: marker }) }));
      const count = (page.UserDetailList?.length ?? 0) + (page.GroupDetailList?.length ?? 0) + (page.RoleDetailList?.length ?? 0) + (page.Policies?.length ?? 0);
      assert.ok(count <= 2);
      assert.equal(page.IsTruncated, page.Marker !== undefined);
      pages.push(page);
      marker = page.Marker;
    } while (marker !== undefined);
    const joined = (key: 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies') => pages.flatMap((p) => (p[key] ?? []) as unknown[]);
    for (const key of ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const) assert.deepEqual(joined(key), whole[key]);
    const paginated: unknown[] = [];
    for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 3 }, {})) paginated.push(...(page.Policies ?? []));
    assert.deepEqual(paginated, whole.Policies);
  });

  it('round-trips: every exported document decodes to the text that was put', async () => {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'] }));
    const decoded = [
      ...(out.UserDetailList ?? []).flatMap((u) => (u.UserPolicyList ?? []).map((p) => decodeURIComponent(p.PolicyDocument ?? ''))),
      ...(out.GroupDetailList ?? []).flatMap((g) => (g.GroupPolicyList ?? []).map((p) => decodeURIComponent(p.PolicyDocument ?? ''))),
      ...(out.RoleDetailList ?? []).flatMap((r) => [decodeURIComponent(r.AssumeRolePolicyDocument ?? ''), ...(r.RolePolicyList ?? []).map((p) => decodeURIComponent(p.PolicyDocument ?? ''))]),
      ...(out.Policies ?? []).flatMap((p) => (p.PolicyVersionList ?? []).map((v) => decodeURIComponent(v.Document ?? ''))),
    ];
    assert.deepEqual(decoded.sort(), [userInline, groupInline, trust, roleInline, v2, v1].sort());
  });
});
