/**
 * Last-accessed data through the JS SDK v3: reports generated from the entities' policies and the
 * audit trail (GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails with SERVICE_LEVEL
 * and ACTION_LEVEL, GetServiceLastAccessedDetailsWithEntities), ListPoliciesGrantingServiceAccess,
 * and the Organizations access report refused without an organization.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GenerateOrganizationsAccessReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetOrganizationsAccessReportCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  ListPoliciesGrantingServiceAccessCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
  type ServiceLastAccessed,
} from '@aws-sdk/client-iam';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { accountTrustPolicy, policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

const arnOf = (kind: string, name: string): string => `arn:aws:iam::${ACCOUNT_ID}:${kind}/${name}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('last-accessed data through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  let lanaPolicyArn: string;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
    const lana = await createUserWithKey(iam, 'lana');
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'lana',
        PolicyName: 'lana-policy',
        PolicyDocument: policyDocument({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 'iam:CreateUser', 's3:GetObject'], Resource: '*' }),
      }),
    );
    lanaPolicyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'lana-managed', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }))).Policy!.Arn!;
    await iam.send(new AttachUserPolicyCommand({ UserName: 'lana', PolicyArn: lanaPolicyArn }));
    await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'ops-read', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'lana' }));
    await iam.send(new CreateUserCommand({ UserName: 'mo' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'mo' }));
    // lana's attempts: two allowed, one denied (denied attempts count too).
    const asLana = gh.iamAs(lana);
    await asLana.send(new ListUsersCommand({}));
    await asLana.send(new CreateUserCommand({ UserName: 'made-by-lana' }));
    await rejectsWithAws(asLana.send(new DeleteUserCommand({ UserName: 'made-by-lana' })), { code: 'AccessDenied', message: /iam:DeleteUser/ });
    // LookupEvents writes the pending trail first, so the reports see every attempt above.
    await gh.cloudtrail.send(new LookupEventsCommand({ MaxResults: 1 }));
  });
  after(() => gh.close());

  async function report(arn: string, granularity?: 'SERVICE_LEVEL' | 'ACTION_LEVEL'): Promise<{ jobId: string; services: ServiceLastAccessed[] }> {
    const jobId = (await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: granularity }))).JobId ?? '';
    assert.match(jobId, UUID);
    const services: ServiceLastAccessed[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, MaxItems: 200, ...(marker === undefined ? {} : { Marker: marker }) }));
      assert.equal(page.JobStatus, 'COMPLETED');
      assert.equal(page.JobType, granularity ?? 'SERVICE_LEVEL');
      assert.ok(page.JobCreationDate instanceof Date && page.JobCompletionDate instanceof Date);
      services.push(...(page.ServicesLastAccessed ?? []));
      marker = page.Marker;
    } while (marker !== undefined);
    return { jobId, services };
  }

  it('lists the services a user\'s policies allow, with its last attempts from the trail', async () => {
    const { services } = await report(arnOf('user', 'lana'));
    assert.deepEqual(services.map((s) => s.ServiceNamespace), ['iam', 's3']);
    const [iamService, s3] = services;
    assert.equal(iamService?.ServiceName, 'AWS Identity and Access Management (IAM)');
    assert.ok(iamService?.LastAuthenticated instanceof Date);
    assert.ok(Date.now() - iamService.LastAuthenticated.getTime() < 5 * 60_000);
    assert.equal(iamService.LastAuthenticatedEntity, arnOf('user', 'lana'));
    assert.equal(iamService.LastAuthenticatedRegion, 'us-east-1');
    assert.equal(iamService.TotalAuthenticatedEntities, 1);
    assert.equal(iamService.TrackedActionsLastAccessed, undefined, 'SERVICE_LEVEL reports no actions');
    assert.deepEqual([s3?.LastAuthenticated, s3?.LastAuthenticatedEntity, s3?.TotalAuthenticatedEntities], [undefined, undefined, 0]);
  });

  it('adds the tracked actions the policies allow at ACTION_LEVEL, with the ones attempted', async () => {
    const { services } = await report(arnOf('user', 'lana'), 'ACTION_LEVEL');
    const tracked = services.find((s) => s.ServiceNamespace === 'iam')?.TrackedActionsLastAccessed ?? [];
    const createUser = tracked.find((a) => a.ActionName === 'CreateUser');
    assert.equal(createUser?.LastAccessedEntity, arnOf('user', 'lana'));
    assert.ok(createUser?.LastAccessedTime instanceof Date);
    assert.equal(createUser.LastAccessedRegion, 'us-east-1');
    // Reads and lists are not tracked; allowed management actions never attempted carry their name only.
    assert.equal(tracked.find((a) => a.ActionName === 'ListUsers'), undefined);
    assert.deepEqual(
      tracked.filter((a) => a.ActionName !== 'CreateUser').map((a) => Object.keys(a)),
      tracked.filter((a) => a.ActionName !== 'CreateUser').map(() => ['ActionName']),
    );
    // s3:GetObject is a read: nothing tracked, so no list.
    assert.equal(services.find((s) => s.ServiceNamespace === 's3')?.TrackedActionsLastAccessed, undefined);
  });

  it('reports a group through its members, and lists them with GetServiceLastAccessedDetailsWithEntities', async () => {
    const { jobId, services } = await report(arnOf('group', 'ops'));
    assert.deepEqual(services.map((s) => [s.ServiceNamespace, s.TotalAuthenticatedEntities, s.LastAuthenticatedEntity]), [['iam', 1, arnOf('user', 'lana')]]);
    const withEntities = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam' }));
    assert.equal(withEntities.JobStatus, 'COMPLETED');
    const list = withEntities.EntityDetailsList ?? [];
    assert.deepEqual(list.map((e) => [e.EntityInfo?.Name, e.EntityInfo?.Type, e.EntityInfo?.Arn, e.EntityInfo?.Path, e.LastAuthenticated instanceof Date]), [
      ['lana', 'USER', arnOf('user', 'lana'), '/', true],
      ['mo', 'USER', arnOf('user', 'mo'), '/', false],
    ]);
    assert.match(list[0]?.EntityInfo?.Id ?? '', /^AIDA/);
  });

  it('reports a customer managed policy through the users it is attached to, and an AWS managed one over every service', async () => {
    const { services } = await report(lanaPolicyArn);
    assert.deepEqual(services.map((s) => [s.ServiceNamespace, s.LastAuthenticatedEntity]), [['iam', arnOf('user', 'lana')]]);
    const admin = await report('arn:aws:iam::aws:policy/AdministratorAccess');
    assert.ok(admin.services.length > 400, `${admin.services.length} services`);
    const namespaces = admin.services.map((s) => s.ServiceNamespace ?? '');
    assert.deepEqual(namespaces, [...namespaces].sort());
    assert.ok(admin.services.every((s) => s.TotalAuthenticatedEntities === 0), 'attached to nobody');
  });

  it('reports a role from its own policies; a role no session used has no attempts', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'idle', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'idle', PolicyName: 'queues', PolicyDocument: policyDocument({ Effect: 'Allow', NotAction: ['sqs:Delete*'], Resource: 'arn:aws:sqs:*:*:q' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }) }));
    const { services } = await report(arnOf('role', 'idle'));
    const namespaces = services.map((s) => s.ServiceNamespace);
    assert.ok(namespaces.includes('sqs') && namespaces.includes('ec2'), 'NotAction allows every other service');
    assert.ok(!namespaces.includes('s3'), 'an unconditional Deny of the whole service removes it');
    assert.ok(services.every((s) => s.LastAuthenticated === undefined));
  });

  it('lists the policies granting each service', async () => {
    const out = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arnOf('user', 'lana'), ServiceNamespaces: ['iam', 's3', 'ec2'] }));
    assert.equal(out.IsTruncated, false);
    assert.deepEqual(out.PoliciesGrantingServiceAccess, [
      {
        ServiceNamespace: 'iam',
        Policies: [
          { PolicyName: 'lana-policy', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'lana' },
          { PolicyName: 'lana-managed', PolicyType: 'MANAGED', PolicyArn: lanaPolicyArn },
          { PolicyName: 'ops-read', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'ops' },
        ],
      },
      { ServiceNamespace: 's3', Policies: [{ PolicyName: 'lana-policy', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'lana' }] },
      { ServiceNamespace: 'ec2', Policies: [] },
    ]);
    const group = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arnOf('group', 'ops'), ServiceNamespaces: ['iam'] }));
    assert.deepEqual(group.PoliciesGrantingServiceAccess?.[0]?.Policies?.map((p) => p.PolicyName), ['ops-read']);
  });

  it('answers missing entities, other ARNs and unknown jobs with IAM\'s errors', async () => {
    await rejectsWithAws(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arnOf('user', 'nobody') })), {
      code: 'NoSuchEntity',
      message: 'The user with name nobody cannot be found.',
      status: 404,
    });
    await rejectsWithAws(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:s3:::some-bucket-name' })), {
      code: 'InvalidInput',
      message: 'ARN arn:aws:s3:::some-bucket-name is not valid.',
      status: 400,
    });
    await rejectsWithAws(iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: lanaPolicyArn, ServiceNamespaces: ['iam'] })), {
      code: 'InvalidInput',
      message: `ARN ${lanaPolicyArn} is not valid.`,
    });
    const unknown = '00000000-0000-4000-8000-000000000000';
    await rejectsWithAws(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: unknown })), {
      code: 'NoSuchEntity',
      message: `The job with ID ${unknown} cannot be found.`,
      status: 404,
    });
    await rejectsWithAws(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: 'too-short' })), { code: 'ValidationError', message: /jobId/ });
  });

  it('refuses Organizations access reports: the account manages no organization', async () => {
    await rejectsWithAws(iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: 'o-a1b2c3d4e5/r-f6g7' })), {
      code: 'AccessDenied',
      message: 'Organizations access reports are available only to the management account of an organization with service control policies enabled.',
      status: 403,
    });
    const jobId = '11111111-2222-4333-8444-555555555555';
    await rejectsWithAws(iam.send(new GetOrganizationsAccessReportCommand({ JobId: jobId })), {
      code: 'NoSuchEntity',
      message: `The job with ID ${jobId} cannot be found.`,
      status: 404,
    });
  });
});
