/**
 * Service-linked roles through the JS SDK v3: CreateServiceLinkedRole for EKS and others (name,
 * path, trust policy, attached AWS managed policy), custom suffixes, the recorded errors, the
 * protection from the regular role APIs, and DeleteServiceLinkedRole with its deletion status.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteServiceLinkedRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { accountTrustPolicy, policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

const EKS_ROLE = 'AWSServiceRoleForAmazonEKS';
const EKS_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AmazonEKSServiceRolePolicy';
const protectedMessage = (name: string): string => `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`;

describe('service-linked roles through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('creates EKS\'s role under /aws-service-role/eks.amazonaws.com/ with its trust policy and managed policy', async () => {
    const role = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'eks.amazonaws.com' }))).Role!;
    assert.equal(role.RoleName, EKS_ROLE);
    assert.equal(role.Path, '/aws-service-role/eks.amazonaws.com/');
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/eks.amazonaws.com/${EKS_ROLE}`);
    assert.match(role.RoleId ?? '', /^AROA/);
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument ?? '')), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const got = (await iam.send(new GetRoleCommand({ RoleName: EKS_ROLE }))).Role!;
    assert.equal(got.MaxSessionDuration, 3600);
    assert.deepEqual(got.RoleLastUsed, {});
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: EKS_ROLE }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AmazonEKSServiceRolePolicy', PolicyArn: EKS_POLICY }]);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: EKS_ROLE }))).PolicyNames, []);
    await rejectsWithAws(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'eks.amazonaws.com' })), {
      code: 'InvalidInput',
      message: `Service role name ${EKS_ROLE} has been taken in this account, please try a different suffix.`,
      status: 400,
    });
  });

  it('takes a custom suffix only where the service allows one', async () => {
    await rejectsWithAws(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'eks.amazonaws.com', CustomSuffix: 'testsuffix' })), {
      code: 'InvalidInput',
      message: 'Custom suffix is not allowed for eks.amazonaws.com',
      status: 400,
    });
    const role = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'web', Description: 'scaling web' }))).Role!;
    assert.equal(role.RoleName, 'AWSServiceRoleForAutoScaling_web');
    assert.equal(role.Path, '/aws-service-role/autoscaling.amazonaws.com/');
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling_web' }))).Role?.Description, 'scaling web');
    for (const [service, name] of [
      ['eks-nodegroup.amazonaws.com', 'AWSServiceRoleForAmazonEKSNodegroup'],
      ['eks-fargate.amazonaws.com', 'AWSServiceRoleForAmazonEKSForFargate'],
      ['organizations.amazonaws.com', 'AWSServiceRoleForOrganizations'],
    ] as const) {
      assert.equal((await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service }))).Role?.RoleName, name);
    }
    await rejectsWithAws(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'no-such-service.amazonaws.com' })), { code: 'InvalidInput', message: /no-such-service\.amazonaws\.com/, status: 400 });
  });

  it('refuses every change but the description through the regular role APIs', async () => {
    const name = 'AWSServiceRoleForAmazonEKSNodegroup';
    await iam.send(new UpdateRoleDescriptionCommand({ RoleName: name, Description: 'node groups' }));
    await iam.send(new UpdateRoleCommand({ RoleName: name, Description: 'node groups, again' }));
    await iam.send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'owner', Value: 'platform' }] }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.Description, 'node groups, again');
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'slr-profile' }));
    const refused = [
      iam.send(new DeleteRoleCommand({ RoleName: name })),
      iam.send(new UpdateRoleCommand({ RoleName: name, MaxSessionDuration: 7200 })),
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: accountTrustPolicy(ACCOUNT_ID) })),
      iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) })),
      iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })),
      iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSServiceRoleForAmazonEKSNodegroup' })),
      iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: name })),
      iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'slr-profile', RoleName: name })),
    ];
    for (const request of refused) await rejectsWithAws(request, { code: 'UnmodifiableEntity', message: protectedMessage(name), status: 400 });
    await rejectsWithAws(iam.send(new CreateRoleCommand({ RoleName: 'sneaky', Path: '/aws-service-role/eks.amazonaws.com/', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID) })), {
      code: 'InvalidInput',
      message: "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles",
      status: 400,
    });
  });

  it('deletes a service-linked role with a deletion task that reports SUCCEEDED', async () => {
    const deleted = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: EKS_ROLE }));
    assert.match(deleted.DeletionTaskId ?? '', /^task\/aws-service-role\/eks\.amazonaws\.com\/AWSServiceRoleForAmazonEKS\/[0-9a-f-]{36}$/);
    const status = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: deleted.DeletionTaskId }));
    assert.equal(status.Status, 'SUCCEEDED');
    await rejectsWithAws(iam.send(new GetRoleCommand({ RoleName: EKS_ROLE })), { code: 'NoSuchEntity', message: `The role with name ${EKS_ROLE} cannot be found.`, status: 404 });
    // The role can be made again once deleted.
    assert.equal((await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'eks.amazonaws.com' }))).Role?.RoleName, EKS_ROLE);
    await iam.send(new CreateRoleCommand({ RoleName: 'ordinary', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID) }));
    await rejectsWithAws(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'ordinary' })), { code: 'InvalidInput', message: /ordinary/, status: 400 });
    await rejectsWithAws(iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'not-a-task' })), { code: 'InvalidInput', message: /not-a-task/, status: 400 });
  });
});
