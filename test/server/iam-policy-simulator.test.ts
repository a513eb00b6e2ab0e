/**
 * The IAM policy simulator through the AWS SDK for JavaScript v3: SimulatePrincipalPolicy for a
 * user, group and role (the answer LocalStack recorded from AWS for the same calls),
 * SimulateCustomPolicy with context entries (the AWS CLI reference's examples), explicit denies,
 * permissions boundaries, resource policies and the simulated caller, cross-account details,
 * missing context values, paging, the context-key operations, IAM's errors, and authorization.
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
  CreateRoleCommand,
  CreateUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { accountTrustPolicy, policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

const arn = (type: string, name: string): string => `arn:aws:iam::${ACCOUNT_ID}:${type}/${name}`;
/** The document LocalStack's recorded test created, as Python's json.dumps wrote it. */
const RECORDED_POLICY = '{"Version": "2012-10-17", "Statement": {"Sid": "", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}';
/** The AWS CLI reference's simulate-custom-policy example policy. */
const CLI_EXAMPLE_POLICY =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';

describe('IAM policy simulator', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  let recordedPolicyArn: string;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
    recordedPolicyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'recorded-put-object', PolicyDocument: RECORDED_POLICY }))).Policy!.Arn!;
  });
  after(() => gh.close());

  for (const kind of ['user', 'group', 'role'] as const) {
    it(`answers SimulatePrincipalPolicy for a ${kind} as AWS did in the recorded answer`, async () => {
      const name = `sim-${kind}`;
      if (kind === 'user') {
        await iam.send(new CreateUserCommand({ UserName: name }));
        await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: recordedPolicyArn }));
      } else if (kind === 'group') {
        await iam.send(new CreateGroupCommand({ GroupName: name }));
        await iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: recordedPolicyArn }));
      } else {
        await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID) }));
        await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: recordedPolicyArn }));
      }
      const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn(kind, name), ActionNames: ['s3:PutObject', 's3:GetObjectVersion'], ResourceArns: ['arn:aws:s3:::bucket'] }));
      const statement = { SourcePolicyId: 'recorded-put-object', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 41 }, EndPosition: { Line: 1, Column: 113 } };
      // As recorded from AWS, except OrganizationsDecisionDetail: the recording's account was in an
      // organization, this one is not.
      assert.deepEqual(out.EvaluationResults, [
        {
          EvalActionName: 's3:PutObject',
          EvalDecision: 'allowed',
          EvalDecisionDetails: {},
          EvalResourceName: 'arn:aws:s3:::bucket',
          MatchedStatements: [statement],
          MissingContextValues: [],
          ResourceSpecificResults: [{ EvalResourceDecision: 'allowed', EvalResourceName: 'arn:aws:s3:::bucket', MatchedStatements: [statement], MissingContextValues: [] }],
        },
        {
          EvalActionName: 's3:GetObjectVersion',
          EvalDecision: 'implicitDeny',
          EvalDecisionDetails: {},
          EvalResourceName: 'arn:aws:s3:::bucket',
          MatchedStatements: [],
          MissingContextValues: [],
          ResourceSpecificResults: [{ EvalResourceDecision: 'implicitDeny', EvalResourceName: 'arn:aws:s3:::bucket', MatchedStatements: [], MissingContextValues: [] }],
        },
      ]);
      assert.equal(out.IsTruncated, false);
      assert.equal(out.Marker, undefined);
    });
  }

  it('answers SimulateCustomPolicy with context entries as the AWS CLI reference shows', async () => {
    const run = (when: string) =>
      iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [CLI_EXAMPLE_POLICY],
          ActionNames: ['dynamodb:CreateBackup'],
          ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: [when], ContextKeyType: 'date' }],
        }),
      );
    const allowed = await run('2019-04-25T11:00:00Z');
    assert.deepEqual(allowed.EvaluationResults, [
      {
        EvalActionName: 'dynamodb:CreateBackup',
        EvalResourceName: '*',
        EvalDecision: 'allowed',
        MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 167 } }],
        MissingContextValues: [],
      },
    ]);
    const denied = await run('2014-04-25T11:00:00Z');
    assert.deepEqual(denied.EvaluationResults, [
      { EvalActionName: 'dynamodb:CreateBackup', EvalResourceName: '*', EvalDecision: 'implicitDeny', MatchedStatements: [], MissingContextValues: [] },
    ]);
  });

  it('lists every context key the policies use that the request does not supply, also those of other actions', async () => {
    const doc = policyDocument(
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example-bucket', Condition: { StringLike: { 'aws:PrincipalTag/allowed_service': 's3' } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/${aws:username}' },
    );
    const out = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [doc], ActionNames: ['s3:ListBucket'], ResourceArns: ['arn:aws:s3:::example-bucket'] }));
    const r = out.EvaluationResults![0]!;
    assert.equal(r.EvalDecision, 'implicitDeny');
    assert.deepEqual(r.MissingContextValues, ['aws:PrincipalTag/allowed_service', 'aws:username']);
    assert.deepEqual(r.ResourceSpecificResults?.[0]?.MissingContextValues, ['aws:PrincipalTag/allowed_service', 'aws:username']);
    const supplied = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [doc],
        ActionNames: ['s3:ListBucket'],
        ResourceArns: ['arn:aws:s3:::example-bucket'],
        ContextEntries: [{ ContextKeyName: 'aws:principaltag/allowed_service', ContextKeyValues: ['s3'], ContextKeyType: 'string' }],
      }),
    );
    assert.equal(supplied.EvaluationResults![0]!.EvalDecision, 'allowed');
    assert.deepEqual(supplied.EvaluationResults![0]!.MissingContextValues, ['aws:username']);
  });

  it('lists only the Deny statement for an explicit deny, with its position in a multi-statement document', async () => {
    const doc = '{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}';
    const out = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [doc], ActionNames: ['s3:DeleteObject', 's3:GetObject'] }));
    const [del, get] = out.EvaluationResults!;
    assert.equal(del?.EvalDecision, 'explicitDeny');
    assert.deepEqual(del?.MatchedStatements, [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 99 }, EndPosition: { Line: 1, Column: 176 } }]);
    assert.equal(get?.EvalDecision, 'allowed');
    assert.deepEqual(get?.MatchedStatements, [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 99 } }]);
  });

  it("simulates a user's inline, group and AWS managed policies with its permissions boundary, or a boundary given instead", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bounded' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bounded', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'auditors' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'auditors', UserName: 'bounded' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'auditors', PolicyName: 'audit-read', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }) }));
    const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 's3-only-boundary', PolicyDocument: policyDocument({ Effect: 'Allow', Action: ['s3:*', 'cloudtrail:*'], Resource: '*' }) }))).Policy!.Arn!;
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: boundary }));
    const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user', 'bounded'), ActionNames: ['s3:GetObject', 'ec2:RunInstances', 'cloudtrail:LookupEvents'] }));
    const [s3, ec2, trail] = out.EvaluationResults!;
    assert.equal(s3?.EvalDecision, 'allowed');
    assert.deepEqual(s3?.MatchedStatements?.map((m) => m.SourcePolicyId), ['AdministratorAccess']);
    assert.deepEqual(s3?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
    assert.equal(ec2?.EvalDecision, 'implicitDeny');
    assert.deepEqual(ec2?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
    assert.equal(trail?.EvalDecision, 'allowed');
    assert.deepEqual(trail?.MatchedStatements?.map((m) => m.SourcePolicyId).sort(), ['AdministratorAccess', 'audit-read']);
    const given = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn('user', 'bounded'),
        ActionNames: ['ec2:RunInstances'],
        PermissionsBoundaryPolicyInputList: [policyDocument({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })],
      }),
    );
    assert.equal(given.EvaluationResults![0]!.EvalDecision, 'allowed');
    assert.deepEqual(given.EvaluationResults![0]!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
  });

  it('applies a ResourcePolicy to the simulated caller, which must be an IAM user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    const bucketPolicy = policyDocument({ Sid: 'ReaderOnly', Effect: 'Allow', Principal: { AWS: arn('user', 'reader') }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' });
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user', 'reader'), ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::shared/a.txt'], ResourcePolicy: bucketPolicy }),
    );
    const r = out.EvaluationResults![0]!;
    assert.equal(r.EvalDecision, 'allowed');
    assert.deepEqual(r.MatchedStatements?.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['ResourcePolicy', 'Resource Policy']]);
    assert.deepEqual(r.EvalDecisionDetails, {});

    await iam.send(new CreateRoleCommand({ RoleName: 'bucket-reader', AssumeRolePolicyDocument: accountTrustPolicy(ACCOUNT_ID) }));
    await rejectsWithAws(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('role', 'bucket-reader'), ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::shared/a.txt'], ResourcePolicy: bucketPolicy })),
      { code: 'InvalidInput', message: 'Invalid caller - Caller must be an IAM user in this context.', status: 400 },
    );
    const asReader = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn('role', 'bucket-reader'),
        CallerArn: arn('user', 'reader'),
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::shared/a.txt'],
        ResourcePolicy: bucketPolicy,
      }),
    );
    assert.equal(asReader.EvaluationResults![0]!.EvalDecision, 'allowed');
    await rejectsWithAws(
      iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [RECORDED_POLICY], ActionNames: ['s3:GetObject'], ResourcePolicy: bucketPolicy, CallerArn: arn('role', 'bucket-reader') })),
      { code: 'InvalidInput', message: 'Invalid caller - Caller must be an IAM user in this context.' },
    );
  });

  it('evaluates both sides of a cross-account simulation and reports each in EvalDecisionDetails', async () => {
    const other = '444455556666';
    const readAll = policyDocument({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    const grant = policyDocument({ Effect: 'Allow', Principal: { AWS: arn('user', 'reader') }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::partner/*' });
    const send = (resourcePolicy: string) =>
      iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [readAll],
          ActionNames: ['s3:GetObject'],
          ResourceArns: ['arn:aws:s3:::partner/a.txt'],
          ResourcePolicy: resourcePolicy,
          ResourceOwner: `arn:aws:iam::${other}:root`,
          CallerArn: arn('user', 'reader'),
        }),
      );
    const allowed = (await send(grant)).EvaluationResults![0]!;
    assert.equal(allowed.EvalDecision, 'allowed');
    assert.deepEqual(allowed.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' });
    const noGrant = policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::partner/*' });
    const denied = (await send(noGrant)).EvaluationResults![0]!;
    assert.equal(denied.EvalDecision, 'implicitDeny');
    assert.deepEqual(denied.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' });
    await rejectsWithAws(
      iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [readAll], ActionNames: ['s3:GetObject'], ResourceOwner: other })),
      { code: 'InvalidInput', message: `'${other}' is not a valid as a Resource Owner.` },
    );
  });

  it('answers one result per action for several resources, with a ResourceSpecificResult for each', async () => {
    const doc = policyDocument({ Sid: 'Notes', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:site-notes-*' });
    const panel = 'arn:aws:lambda:us-east-1:123456789012:function:site-panel';
    const notes = 'arn:aws:lambda:us-east-1:123456789012:function:site-notes-aaa';
    const out = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [doc], ActionNames: ['lambda:InvokeFunction', 'lambda:GetFunction'], ResourceArns: [panel, notes] }));
    assert.equal(out.EvaluationResults?.length, 2);
    const [invoke, get] = out.EvaluationResults;
    assert.deepEqual(
      invoke?.ResourceSpecificResults?.map((r) => [r.EvalResourceName, r.EvalResourceDecision, r.MatchedStatements?.length]),
      [
        [panel, 'implicitDeny', 0],
        [notes, 'allowed', 1],
      ],
    );
    assert.equal(invoke?.EvalDecision, 'implicitDeny');
    assert.deepEqual(get?.ResourceSpecificResults?.map((r) => r.EvalResourceDecision), ['implicitDeny', 'implicitDeny']);
    // ResourceArns of "*" is the same as none: no per-resource results.
    const all = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [doc], ActionNames: ['lambda:InvokeFunction'], ResourceArns: ['*'] }));
    assert.equal(all.EvaluationResults?.[0]?.ResourceSpecificResults, undefined);
    assert.equal(all.EvaluationResults?.[0]?.EvalDecisionDetails, undefined);
  });

  it('pages results with MaxItems and Marker', async () => {
    const actions = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
    const first = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [RECORDED_POLICY], ActionNames: actions, MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    assert.deepEqual(first.EvaluationResults?.map((r) => r.EvalActionName), actions.slice(0, 2));
    const second = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [RECORDED_POLICY], ActionNames: actions, MaxItems: 2, Marker: first.Marker }));
    assert.equal(second.IsTruncated, false);
    assert.deepEqual(second.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision]), [['s3:DeleteObject', 'implicitDeny']]);
  });

  it('lists the context keys of given policies and of an entity, in order, each once', async () => {
    const custom = await iam.send(
      new GetContextKeysForCustomPolicyCommand({
        PolicyInputList: [
          '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}',
        ],
      }),
    );
    assert.deepEqual(custom.ContextKeyNames, ['aws:username', 'aws:CurrentTime']);
    await iam.send(new CreateUserCommand({ UserName: 'saanvi' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'saanvi', PolicyName: 'mfa', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) }));
    await iam.send(new CreateGroupCommand({ GroupName: 'office' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'office', UserName: 'saanvi' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'office', PolicyName: 'office-ip', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, Bool: { 'aws:multifactorauthpresent': 'true' } } }) }));
    const principal = await iam.send(
      new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arn('user', 'saanvi'), PolicyInputList: [policyDocument({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })] }),
    );
    assert.deepEqual(principal.ContextKeyNames, ['aws:MultiFactorAuthPresent', 'aws:SourceIp', 'aws:RequestedRegion']);
  });

  it("answers IAM's errors: entity ARNs, unknown entities, malformed policies, too many boundaries", async () => {
    await rejectsWithAws(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/admin/botocore-session-1`, ActionNames: ['s3:GetObject'] })),
      { code: 'InvalidInput', message: `Invalid Entity Arn: arn:aws:sts::${ACCOUNT_ID}:assumed-role/admin/botocore-session-1 does not clearly define entity type and name.`, status: 400 },
    );
    await rejectsWithAws(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::908419136182:role/ops', ActionNames: ['s3:GetObject'] })),
      { code: 'InvalidInput', message: `Invalid Policy Source Arn: caller's account ${ACCOUNT_ID} does not have access to policies in account 908419136182` },
    );
    await rejectsWithAws(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('role', 'DeveloperRole'), ActionNames: ['s3:GetObject'] })), {
      code: 'NoSuchEntity',
      message: 'The role with name DeveloperRole cannot be found.',
      status: 404,
    });
    await rejectsWithAws(iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arn('group', 'nobody') })), {
      code: 'NoSuchEntity',
      message: 'The group with name nobody cannot be found.',
    });
    await rejectsWithAws(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":"2012-10-17"'], ActionNames: ['s3:GetObject'] })), {
      code: 'InvalidInput',
      message: 'PolicyInputList.1: Syntax errors in policy.',
    });
    await rejectsWithAws(
      iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [RECORDED_POLICY], PermissionsBoundaryPolicyInputList: [RECORDED_POLICY, RECORDED_POLICY], ActionNames: ['s3:GetObject'] })),
      { code: 'InvalidInput', message: 'The list of Permissions Boundary policies cannot exceed 1 items.' },
    );
  });

  it('requires iam:SimulatePrincipalPolicy on the entity ARN and iam:SimulateCustomPolicy / iam:GetContextKeysForCustomPolicy on *', async () => {
    const creds = await createUserWithKey(iam, 'simulator-user');
    const client = gh.iamAs(creds);
    await rejectsWithAws(client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user', 'reader'), ActionNames: ['s3:GetObject'] })), {
      code: 'AccessDenied',
      message: `User: ${creds.arn} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${arn('user', 'reader')} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`,
      status: 403,
    });
    await rejectsWithAws(client.send(new SimulateCustomPolicyCommand({ PolicyInputList: [RECORDED_POLICY], ActionNames: ['s3:GetObject'] })), {
      code: 'AccessDenied',
      // IAM names the resource `*` (recorded: "... iam:SimulateCustomPolicy on resource: * because ...").
      message: `User: ${creds.arn} is not authorized to perform: iam:SimulateCustomPolicy on resource: * because no identity-based policy allows the iam:SimulateCustomPolicy action`,
    });
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'simulator-user',
        PolicyName: 'simulate',
        PolicyDocument: policyDocument(
          { Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: arn('user', 'reader') },
          { Effect: 'Allow', Action: ['iam:SimulateCustomPolicy', 'iam:GetContextKeysForCustomPolicy'], Resource: '*' },
        ),
      }),
    );
    assert.equal((await client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user', 'reader'), ActionNames: ['s3:GetObject'] }))).EvaluationResults?.length, 1);
    await rejectsWithAws(client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user', 'bounded'), ActionNames: ['s3:GetObject'] })), {
      code: 'AccessDenied',
      message: `User: ${creds.arn} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${arn('user', 'bounded')} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`,
    });
    assert.equal((await client.send(new SimulateCustomPolicyCommand({ PolicyInputList: [RECORDED_POLICY], ActionNames: ['s3:PutObject'] }))).EvaluationResults?.[0]?.EvalDecision, 'allowed');
    assert.deepEqual((await client.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [RECORDED_POLICY] }))).ContextKeyNames ?? [], []);
  });
});
