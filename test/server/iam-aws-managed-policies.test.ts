/**
 * AWS managed policies through the JS SDK v3: listed and paged with Scope AWS and All, read with
 * GetPolicy / GetPolicyVersion / ListPolicyVersions, attached to users, groups and roles and used
 * as a permissions boundary (and then evaluated), listed by ListEntitiesForPolicy, and refused
 * every change with AWS's AccessDenied.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  paginateListPolicies,
  type IAMClient,
  type Policy,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { accountTrustPolicy, policyDocument, rejectsWithAws } from '../support/aws-assertions.js';
import { awsManagedPolicies } from '../../src/services/iam/aws-managed-policies.js';

const awsArn = (nameWithPath: string): string => `arn:aws:iam::aws:policy/${nameWithPath}`;
const userArn = (name: string): string => `arn:aws:iam::${ACCOUNT_ID}:user/${name}`;

describe('AWS managed policies through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  async function allPolicies(scope: 'AWS' | 'All' | 'Local', pageSize: number): Promise<Policy[]> {
    const out: Policy[] = [];
    for await (const page of paginateListPolicies({ client: iam, pageSize }, { Scope: scope })) out.push(...(page.Policies ?? []));
    return out;
  }

  it('pages through every AWS managed policy with Scope AWS, with AWS\'s list fields', async () => {
    const first = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 5 }));
    assert.equal(first.IsTruncated, true);
    assert.equal(first.Policies?.length, 5);
    assert.ok(first.Marker !== undefined);
    const policies = await allPolicies('AWS', 400);
    assert.equal(policies.length, awsManagedPolicies().policies.length);
    assert.equal(new Set(policies.map((p) => p.Arn)).size, policies.length);
    for (const p of policies) {
      assert.match(p.Arn ?? '', /^arn:aws:iam::aws:policy\//);
      assert.match(p.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
      assert.equal(p.IsAttachable, true);
      assert.equal(p.AttachmentCount, 0);
      assert.equal(p.PermissionsBoundaryUsageCount, 0);
      assert.ok(p.CreateDate instanceof Date && p.UpdateDate instanceof Date);
      assert.equal(p.Description, undefined, 'ListPolicies carries no Description');
      assert.equal(p.Tags, undefined, 'ListPolicies carries no Tags');
    }
    const service = policies.find((p) => p.PolicyName === 'AmazonEKSServiceRolePolicy');
    assert.equal(service?.Path, '/aws-service-role/');
    assert.equal(service?.Arn, awsArn('aws-service-role/AmazonEKSServiceRolePolicy'));
    // The same ID on every listing.
    const again = await iam.send(new GetPolicyCommand({ PolicyArn: awsArn('ReadOnlyAccess') }));
    assert.equal(again.Policy?.PolicyId, policies.find((p) => p.PolicyName === 'ReadOnlyAccess')?.PolicyId);
  });

  it('lists customer and AWS managed policies together with Scope All, and only the customer ones with Local', async () => {
    await iam.send(new CreatePolicyCommand({ PolicyName: 'zz-local', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }));
    const all = await allPolicies('All', 1000);
    assert.equal(all.length, awsManagedPolicies().policies.length + 1);
    assert.ok(all.some((p) => p.PolicyName === 'zz-local'));
    assert.deepEqual((await allPolicies('Local', 100)).map((p) => p.PolicyName), ['zz-local']);
    const underJobFunction = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/' }));
    assert.ok((underJobFunction.Policies ?? []).length > 0);
    assert.ok((underJobFunction.Policies ?? []).every((p) => p.Path === '/job-function/'));
  });

  it('reads the EKS guide\'s policies exactly: GetPolicy, GetPolicyVersion, ListPolicyVersions', async () => {
    for (const nameWithPath of ['AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'aws-service-role/AmazonEKSServiceRolePolicy', 'ReadOnlyAccess']) {
      const arn = awsArn(nameWithPath);
      const expected = awsManagedPolicies().defaultVersion(arn);
      assert.ok(expected !== undefined, arn);
      const p = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
      assert.equal(p.Arn, arn);
      assert.equal(p.DefaultVersionId, expected.VersionId);
      assert.deepEqual(p.Tags, [], 'GetPolicy always carries Tags');
      const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: expected.VersionId }))).PolicyVersion!;
      assert.equal(v.IsDefaultVersion, true);
      assert.equal(decodeURIComponent(v.Document ?? ''), expected.Document);
      const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [];
      assert.deepEqual(versions.map((x) => [x.VersionId, x.IsDefaultVersion]), [[expected.VersionId, true]]);
    }
    const cni = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: awsArn('AmazonEKS_CNI_Policy'), VersionId: 'v6' }))).PolicyVersion!;
    const cniDoc = JSON.parse(decodeURIComponent(cni.Document ?? '')) as { Statement: { Action: string[] }[] };
    assert.ok(cniDoc.Statement[0]?.Action.includes('ec2:AssignPrivateIpAddresses'));
    // Only the default version is in Gatehouse's data.
    await rejectsWithAws(iam.send(new GetPolicyVersionCommand({ PolicyArn: awsArn('AmazonEKS_CNI_Policy'), VersionId: 'v1' })), {
      code: 'NoSuchEntity',
      message: `Policy ${awsArn('AmazonEKS_CNI_Policy')} version v1 does not exist or is not attachable.`,
      status: 404,
    });
    await rejectsWithAws(iam.send(new GetPolicyCommand({ PolicyArn: awsArn('NoSuchManagedPolicy') })), {
      code: 'NoSuchEntity',
      message: `Policy ${awsArn('NoSuchManagedPolicy')} was not found.`,
      status: 404,
    });
  });

  it('attaches one to a user, a group and a role and as a boundary; counts and ListEntitiesForPolicy follow', async () => {
    const arn = awsArn('AmazonEKSWorkerNodePolicy');
    await iam.send(new CreateUserCommand({ UserName: 'node-user' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'nodes' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'node-role', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID) }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'node-user', PolicyArn: arn }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'nodes', PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'node-role', PolicyArn: arn }));
    await iam.send(new CreateUserCommand({ UserName: 'bounded-by-aws' }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded-by-aws', PermissionsBoundary: arn }));
    const p = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    assert.equal(p.AttachmentCount, 3);
    assert.equal(p.PermissionsBoundaryUsageCount, 1);
    const listed = (await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }))).Policies ?? [];
    assert.deepEqual(listed.map((x) => [x.PolicyName, x.AttachmentCount]), [['AmazonEKSWorkerNodePolicy', 3]]);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    assert.deepEqual(entities.PolicyUsers?.map((u) => u.UserName).sort(), ['bounded-by-aws', 'node-user']);
    assert.deepEqual(entities.PolicyGroups?.map((g) => g.GroupName), ['nodes']);
    assert.deepEqual(entities.PolicyRoles?.map((r) => r.RoleName), ['node-role']);
    const onlyRoles = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }));
    assert.deepEqual([onlyRoles.PolicyUsers, onlyRoles.PolicyGroups, onlyRoles.PolicyRoles?.map((r) => r.RoleName)], [[], [], ['node-role']]);
    await iam.send(new DetachUserPolicyCommand({ UserName: 'node-user', PolicyArn: arn }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 2);
    await rejectsWithAws(iam.send(new AttachUserPolicyCommand({ UserName: 'node-user', PolicyArn: awsArn('NoSuchManagedPolicy') })), {
      code: 'NoSuchEntity',
      message: `Policy ${awsArn('NoSuchManagedPolicy')} does not exist or is not attachable.`,
      status: 404,
    });
  });

  it('evaluates an attached AWS managed policy and an AWS managed boundary exactly', async () => {
    const reader = await createUserWithKey(iam, 'iam-reader');
    await iam.send(new AttachUserPolicyCommand({ UserName: 'iam-reader', PolicyArn: awsArn('IAMReadOnlyAccess') }));
    const client = gh.iamAs(reader);
    assert.ok((await client.send(new ListUsersCommand({}))).Users !== undefined);
    await rejectsWithAws(client.send(new CreateUserCommand({ UserName: 'not-allowed' })), {
      code: 'AccessDenied',
      message: `User: ${userArn('iam-reader')} is not authorized to perform: iam:CreateUser on resource: ${userArn('not-allowed')} because no identity-based policy allows the iam:CreateUser action`,
      status: 403,
    });
    // AdministratorAccess inside an S3-only boundary: IAM actions are outside the boundary.
    const admin = await createUserWithKey(iam, 'bounded-admin');
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bounded-admin', PolicyArn: awsArn('AdministratorAccess') }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded-admin', PermissionsBoundary: awsArn('AmazonS3ReadOnlyAccess') }));
    await rejectsWithAws(gh.iamAs(admin).send(new ListUsersCommand({})), {
      code: 'AccessDenied',
      message: `User: ${userArn('bounded-admin')} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT_ID}:user/ because no permissions boundary allows the iam:ListUsers action`,
      status: 403,
    });
    // PowerUserAccess allows iam:ListRoles but no other IAM action.
    const power = await createUserWithKey(iam, 'power-user');
    await iam.send(new AttachUserPolicyCommand({ UserName: 'power-user', PolicyArn: awsArn('PowerUserAccess') }));
    await rejectsWithAws(gh.iamAs(power).send(new ListUsersCommand({})), {
      code: 'AccessDenied',
      message: `User: ${userArn('power-user')} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT_ID}:user/ because no identity-based policy allows the iam:ListUsers action`,
    });
  });

  it('refuses every change to an AWS managed policy with AWS\'s AccessDenied', async () => {
    const arn = awsArn('ReadOnlyAccess');
    const refusals: readonly [Promise<unknown>, string][] = [
      [iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'Cannot delete policies outside your own account.'],
      [iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })), 'Cannot delete policy versions for policies outside your own account.'],
      [iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })), 'Cannot update policies outside your own account.'],
      [
        iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }) })),
        'Cannot create policy versions for policies outside your own account.',
      ],
      [iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'k', Value: 'v' }] })), 'Cannot tag policies outside your own account.'],
    ];
    for (const [request, message] of refusals) await rejectsWithAws(request, { code: 'AccessDenied', message, status: 403 });
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId, 'v188');
  });
});
