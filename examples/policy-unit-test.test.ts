/**
 * Unit-testing IAM policies with the Gatehouse policy engine, no AWS account and no server:
 * copy this file next to your policies and run it with `node --test`.
 *
 * It checks a role's policies as `aws iam get-account-authorization-details` describes them:
 * what the role may do, what its permissions boundary stops, which statement decides, and the
 * exact message AWS would answer with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  explain,
  evaluate,
  parsePolicy,
  policiesForPrincipal,
  requestPrincipal,
  type AccountAuthorizationDetails,
  type RequestContext,
} from 'gatehouse/policy';

const ACCOUNT = '111122223333';

/** In a real project: JSON.parse(readFileSync('authorization-details.json', 'utf8')). */
const details: AccountAuthorizationDetails = {
  RoleDetailList: [
    {
      RoleName: 'ReportBuilder',
      RoleId: 'AROAEXAMPLEREPORTS01',
      Arn: `arn:aws:iam::${ACCOUNT}:role/reporting/ReportBuilder`,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      RolePolicyList: [
        {
          PolicyName: 'reports-bucket',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'ReadWriteReports', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::reports/*' },
              { Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
              { Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
            ],
          },
        },
      ],
      PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/S3Only` },
    },
  ],
  Policies: [
    {
      PolicyName: 'S3Only',
      Arn: `arn:aws:iam::${ACCOUNT}:policy/S3Only`,
      DefaultVersionId: 'v1',
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }],
    },
  ],
};

const role = policiesForPrincipal(details, `arn:aws:iam::${ACCOUNT}:role/reporting/ReportBuilder`, { sessionName: 'nightly' });

function request(action: string, resource: string): RequestContext {
  return { principal: role.principal, action, resource, resourceAccount: ACCOUNT, context: role.context };
}

test('the role reads and writes reports', () => {
  assert.equal(evaluate(role.policies, request('s3:GetObject', 'arn:aws:s3:::reports/2026/q1.csv')).decision, 'Allow');
  assert.equal(evaluate(role.policies, request('s3:PutObject', 'arn:aws:s3:::reports/2026/q1.csv')).decision, 'Allow');
});

test('the role may not read other buckets', () => {
  const e = explain(role.policies, request('s3:GetObject', 'arn:aws:s3:::payroll/2026.csv'));
  assert.equal(e.decision, 'ImplicitDeny');
  assert.equal(
    e.message,
    `User: arn:aws:sts::${ACCOUNT}:assumed-role/ReportBuilder/nightly is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::payroll/2026.csv because no identity-based policy allows the s3:GetObject action`,
  );
});

test('deletes are denied by the NoDeletes statement', () => {
  const e = explain(role.policies, request('s3:DeleteObject', 'arn:aws:s3:::reports/2026/q1.csv'));
  assert.equal(e.decision, 'ExplicitDeny');
  assert.deepEqual(
    e.deciding.map((d) => d.statement),
    ['NoDeletes'],
  );
});

test('the permissions boundary stops what the role policy grants outside S3', () => {
  const e = explain(role.policies, request('dynamodb:PutItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/reports`));
  assert.equal(e.decision, 'ImplicitDeny');
  assert.equal(e.deniedBy, 'permissions boundary');
  assert.equal(e.fix?.policy, `arn:aws:iam::${ACCOUNT}:policy/S3Only`);
});

test('only Lambda may assume the role', () => {
  assert.ok(role.trust !== undefined);
  const lambda = requestPrincipal('lambda.amazonaws.com');
  const someone = requestPrincipal(`arn:aws:iam::${ACCOUNT}:user/mallory`);
  assert.ok(lambda !== undefined && someone !== undefined);
  const assume = (principal: typeof lambda) =>
    evaluate({ trust: role.trust }, { principal, action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/reporting/ReportBuilder`, resourceAccount: ACCOUNT, context: {} }).decision;
  assert.equal(assume(lambda), 'Allow');
  assert.equal(assume(someone), 'ImplicitDeny');
});

test('a new policy is checked with IAM\'s own reasons before it ships', () => {
  const r = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'reports/*' }] }, 'identity', 'draft');
  assert.equal(r.ok, false);
  assert.equal(r.ok ? '' : r.error.message, 'Resource reports/* must be in ARN format or "*".');
});
