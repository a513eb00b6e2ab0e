/**
 * boto3 against a `gatehouse serve` child: one Python process runs a tour (users, roles, policies,
 * versions, access keys, tags), the boto3 paginators, each IAM error as botocore raises it, and
 * CloudTrail lookup_events, and prints what it saw as JSON for the assertions here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { ACCOUNT_ID, cleanEnv, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';

const execFileP = promisify(execFile);

const SCRIPT = String.raw`
import json, boto3, botocore.exceptions
iam = boto3.client('iam')
ct = boto3.client('cloudtrail')
out = {}
def err(fn, **kw):
    try:
        fn(**kw)
        return None
    except botocore.exceptions.ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'],
                'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'text': str(e)}
trust = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::${ACCOUNT_ID}:root'}, 'Action': 'sts:AssumeRole'}]})
doc = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'iam:GetUser', 'Resource': '*'}]}
out['user'] = iam.create_user(UserName='alice', Tags=[{'Key': 'team', 'Value': 'blue'}])['User']['Arn']
out['role'] = iam.create_role(RoleName='deployer', AssumeRolePolicyDocument=trust)['Role']['RoleId']
arn = iam.create_policy(PolicyName='p', PolicyDocument=json.dumps(doc))['Policy']['Arn']
iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(doc), SetAsDefault=True)
out['versionDoc'] = iam.get_policy_version(PolicyArn=arn, VersionId='v2')['PolicyVersion']['Document']
iam.put_user_permissions_boundary(UserName='alice', PermissionsBoundary=arn)
out['boundary'] = iam.get_user(UserName='alice')['User']['PermissionsBoundary']['PermissionsBoundaryArn']
key = iam.create_access_key(UserName='alice')['AccessKey']
out['keyId'] = key['AccessKeyId']
out['secretLength'] = len(key['SecretAccessKey'])
for i in range(5):
    iam.create_user(UserName='page-%d' % i, Path='/paged/')
pages = list(iam.get_paginator('list_users').paginate(PathPrefix='/paged/', PaginationConfig={'PageSize': 2}))
out['pageSizes'] = [len(p['Users']) for p in pages]
out['pagedNames'] = sorted(u['UserName'] for p in pages for u in p['Users'])
out['noSuchEntity'] = err(iam.get_user, UserName='nobody')
out['alreadyExists'] = err(iam.create_user, UserName='alice')
iam.create_access_key(UserName='alice')
out['limitExceeded'] = err(iam.create_access_key, UserName='alice')
out['validation'] = err(iam.create_user, UserName='bad name!')
alice = boto3.client('iam', aws_access_key_id=key['AccessKeyId'], aws_secret_access_key=key['SecretAccessKey'])
out['accessDenied'] = err(alice.create_user, UserName='bob')
events = ct.lookup_events(LookupAttributes=[{'AttributeKey': 'EventName', 'AttributeValue': 'CreateRole'}])['Events']
out['trail'] = [{'name': e['EventName'], 'source': json.loads(e['CloudTrailEvent'])['eventSource']} for e in events]
print(json.dumps(out))
`;

interface BotoError {
  code: string;
  message: string;
  status: number;
  text: string;
}

interface BotoTour {
  user: string;
  role: string;
  versionDoc: unknown;
  boundary: string;
  keyId: string;
  secretLength: number;
  pageSizes: number[];
  pagedNames: string[];
  noSuchEntity: BotoError;
  alreadyExists: BotoError;
  limitExceeded: BotoError;
  validation: BotoError;
  accessDenied: BotoError;
  trail: { name: string; source: string }[];
}

describe('boto3 against Gatehouse', () => {
  let server: ServerProcess;
  let dataDir: string;
  let tour: BotoTour;
  before(async () => {
    dataDir = tempDataDir('boto3');
    server = await spawnServer({ dataDir });
    const env = cleanEnv({
      AWS_ENDPOINT_URL: server.url,
      AWS_SHARED_CREDENTIALS_FILE: server.credentialsFile,
      AWS_PROFILE: 'gatehouse',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
    });
    const { stdout } = await execFileP('python3', ['-c', SCRIPT], { env, timeout: 120_000 });
    tour = JSON.parse(stdout) as BotoTour;
  });
  after(async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates users, roles, policy versions, boundaries and keys with AWS\'s ids', () => {
    assert.equal(tour.user, `arn:aws:iam::${ACCOUNT_ID}:user/alice`);
    assert.match(tour.role, /^AROA[A-Z0-9]{17}$/);
    // botocore decodes the URL-encoded policy document into a dict.
    assert.deepEqual(tour.versionDoc, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
    assert.equal(tour.boundary, `arn:aws:iam::${ACCOUNT_ID}:policy/p`);
    assert.match(tour.keyId, /^AKIA[A-Z0-9]{16}$/);
    assert.equal(tour.secretLength, 40);
  });

  it('pages with the boto3 paginator', () => {
    assert.deepEqual(tour.pageSizes, [2, 2, 1]);
    assert.deepEqual(tour.pagedNames, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  });

  it('raises ClientError with IAM\'s codes, messages and statuses', () => {
    assert.deepEqual(tour.noSuchEntity, {
      code: 'NoSuchEntity',
      message: 'The user with name nobody cannot be found.',
      status: 404,
      text: 'An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name nobody cannot be found.',
    });
    assert.equal(tour.alreadyExists.text, 'An error occurred (EntityAlreadyExists) when calling the CreateUser operation: User with name alice already exists.');
    assert.equal(tour.alreadyExists.status, 409);
    assert.equal(tour.limitExceeded.text, 'An error occurred (LimitExceeded) when calling the CreateAccessKey operation: Cannot exceed quota for AccessKeysPerUser: 2');
    assert.equal(tour.validation.code, 'ValidationError');
    assert.equal(tour.validation.status, 400);
    assert.equal(
      tour.accessDenied.text,
      `An error occurred (AccessDenied) when calling the CreateUser operation: User: arn:aws:iam::${ACCOUNT_ID}:user/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCOUNT_ID}:user/bob because no identity-based policy allows the iam:CreateUser action`,
    );
    assert.equal(tour.accessDenied.status, 403);
  });

  it('reads the trail with CloudTrail lookup_events', () => {
    assert.deepEqual(tour.trail, [{ name: 'CreateRole', source: 'iam.amazonaws.com' }]);
  });
});
