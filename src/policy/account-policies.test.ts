import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policiesForPrincipal, PolicyAssemblyError, type AccountAuthorizationDetails } from './account-policies.js';
import { evaluate } from './evaluate.js';

const A = '111122223333';
const doc = (statements: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** As GetAccountAuthorizationDetails returns it over the wire: documents URL-encoded. */
const details: AccountAuthorizationDetails = {
  UserDetailList: [
    {
      UserName: 'alice',
      UserId: 'AIDAEXAMPLEALICE0001',
      Arn: `arn:aws:iam::${A}:user/alice`,
      GroupList: ['readers'],
      UserPolicyList: [{ PolicyName: 'own-prefix', PolicyDocument: encodeURIComponent(doc([{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::data/${aws:username}/*' }])) }],
      PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/S3Boundary` },
      Tags: [{ Key: 'team', Value: 'blue' }],
    },
  ],
  GroupDetailList: [{ GroupName: 'readers', AttachedManagedPolicies: [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }] }],
  RoleDetailList: [
    {
      RoleName: 'Deployer',
      RoleId: 'AROAEXAMPLEDEPLOY001',
      Arn: `arn:aws:iam::${A}:role/ci/Deployer`,
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      RolePolicyList: [{ PolicyName: 'deploy', PolicyDocument: doc([{ Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: '*' }]) }],
    },
  ],
  Policies: [
    {
      PolicyName: 'S3Boundary',
      Arn: `arn:aws:iam::${A}:policy/S3Boundary`,
      DefaultVersionId: 'v2',
      PolicyVersionList: [
        { VersionId: 'v1', IsDefaultVersion: false, Document: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]) },
        { VersionId: 'v2', IsDefaultVersion: true, Document: doc([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]) },
      ],
    },
  ],
};

const awsManaged = (arn: string) =>
  arn === 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' ? doc([{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }]) : undefined;

void test("a user's policies: inline, its groups' managed policies, its boundary's default version; principal keys", () => {
  const a = policiesForPrincipal(details, `arn:aws:iam::${A}:user/alice`, { managedPolicy: awsManaged });
  assert.deepEqual(a.policies.identity?.map((p) => p.id), ['user/alice inline policy own-prefix', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);
  assert.equal(a.policies.boundary?.id, `arn:aws:iam::${A}:policy/S3Boundary`);
  assert.equal(a.context['aws:PrincipalTag/team'], 'blue');
  const ask = (action: string, resource: string) => evaluate(a.policies, { principal: a.principal, action, resource, context: a.context }).decision;
  assert.equal(ask('s3:PutObject', 'arn:aws:s3:::data/alice/x'), 'Allow');
  assert.equal(ask('s3:PutObject', 'arn:aws:s3:::data/bob/x'), 'ImplicitDeny');
  assert.equal(ask('s3:GetObject', 'arn:aws:s3:::other/x'), 'Allow');
  assert.equal(ask('ec2:DescribeInstances', '*'), 'ImplicitDeny');
});

void test("a role's policies and trust policy, for a session of the role named by either ARN", () => {
  for (const arn of [`arn:aws:iam::${A}:role/ci/Deployer`, `arn:aws:sts::${A}:assumed-role/Deployer/build-7`]) {
    const r = policiesForPrincipal(details, arn, { sessionName: 'build-7' });
    assert.equal(r.principal.arn, `arn:aws:sts::${A}:assumed-role/Deployer/build-7`);
    assert.equal(r.principal.identityArn, `arn:aws:iam::${A}:role/ci/Deployer`);
    assert.equal(r.context['aws:userid'], 'AROAEXAMPLEDEPLOY001:build-7');
    assert.equal(r.trust?.kind, 'trust');
    assert.equal(evaluate(r.policies, { principal: r.principal, action: 'lambda:UpdateFunctionCode', resource: '*', context: r.context }).decision, 'Allow');
  }
});

void test('a missing principal, group or managed policy is an error that says which', () => {
  assert.throws(() => policiesForPrincipal(details, `arn:aws:iam::${A}:user/nobody`), PolicyAssemblyError);
  assert.throws(() => policiesForPrincipal(details, `arn:aws:iam::${A}:user/alice`), /AmazonS3ReadOnlyAccess is not in the account details/);
  assert.throws(() => policiesForPrincipal(details, `arn:aws:iam::${A}:group/readers`), /names no IAM user or role/);
});
