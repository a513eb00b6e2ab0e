import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from './aws-error.js';
import { decodeJsonRequest, encodeJsonError, encodeJsonResponse } from './json-protocol.js';
import { loadServiceModel } from './model.js';

const orgs = loadServiceModel('organizations');
const trail = loadServiceModel('cloudtrail');
const RID = '8ea59e6c-6323-11e2-bdb9-7dc0419800e2';

function decodeError(target: string | undefined, body: string): AwsError {
  try {
    decodeJsonRequest(orgs, target, body);
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e;
  }
  assert.fail('expected an AwsError');
}

void test('X-Amz-Target names the operation; the body decodes per the input shape', () => {
  const req = decodeJsonRequest(
    orgs,
    'AWSOrganizationsV20161128.CreatePolicy',
    JSON.stringify({ Content: '{}', Description: 'd', Name: 'deny-all', Type: 'SERVICE_CONTROL_POLICY', Tags: [{ Key: 'a', Value: 'b' }] }),
  );
  assert.equal(req.operation, 'CreatePolicy');
  assert.deepEqual(req.input, { Content: '{}', Description: 'd', Name: 'deny-all', Type: 'SERVICE_CONTROL_POLICY', Tags: [{ Key: 'a', Value: 'b' }] });
});

void test('timestamps decode from epoch seconds', () => {
  const req = decodeJsonRequest(trail, 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', JSON.stringify({ StartTime: 1714566896 }));
  assert.deepEqual(req.input.StartTime, new Date('2024-05-01T12:34:56Z'));
});

void test('unknown target, bad JSON and constraint violations', () => {
  assert.equal(decodeError('AWSOrganizationsV20161128.Nope', '{}').code, 'UnknownOperationException');
  assert.equal(decodeError('Other.CreatePolicy', '{}').code, 'UnknownOperationException');
  assert.equal(decodeError(undefined, '{}').code, 'UnknownOperationException');
  assert.equal(decodeError('AWSOrganizationsV20161128.CreatePolicy', '{').code, 'SerializationException');
  assert.equal(decodeError('AWSOrganizationsV20161128.CreatePolicy', '{"Name": 5}').code, 'SerializationException');
  const invalid = decodeError('AWSOrganizationsV20161128.CreatePolicy', JSON.stringify({ Content: '{}', Description: 'd', Name: 'n', Type: 'NOPE' }));
  assert.equal(invalid.code, 'InvalidInputException');
  assert.equal(invalid.message, 'You specified an invalid value.');
  assert.deepEqual(invalid.fields, { Reason: 'INVALID_ENUM' });
});

void test('Organizations names the broken rule in its InvalidInputException Reason', () => {
  const reason = (operation: string, input: Record<string, unknown>): string | undefined =>
    decodeError(`AWSOrganizationsV20161128.${operation}`, JSON.stringify(input)).fields.Reason;
  assert.equal(reason('DescribePolicy', { PolicyId: 'not-a-policy' }), 'INVALID_SYNTAX_POLICY_ID');
  assert.equal(reason('AttachPolicy', { PolicyId: 'p-12345678', TargetId: 'x' }), 'INVALID_PATTERN_TARGET_ID');
  assert.equal(reason('DescribeAccount', { AccountId: '12' }), 'INVALID_PATTERN');
  assert.equal(reason('DescribeAccount', {}), 'INPUT_REQUIRED');
  assert.equal(reason('ListAccounts', { MaxResults: 21 }), 'MAX_VALUE_EXCEEDED');
  assert.equal(reason('ListAccounts', { MaxResults: 0 }), 'MIN_VALUE_EXCEEDED');
  assert.equal(reason('CreateOrganizationalUnit', { ParentId: 'r-ab12', Name: '' }), 'MIN_LENGTH_EXCEEDED');
  assert.equal(reason('CreateOrganizationalUnit', { ParentId: 'r-ab12', Name: 'x'.repeat(129) }), 'MAX_LENGTH_EXCEEDED');
});

void test('other JSON services answer broken constraints with ValidationException', () => {
  let caught: unknown;
  try {
    decodeJsonRequest(trail, 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', JSON.stringify({ MaxResults: 51 }));
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof AwsError);
  assert.equal(caught.code, 'ValidationException');
  assert.match(caught.message, /^1 validation error detected: Value '51' at 'maxResults'/);
});

void test('responses write timestamps as epoch seconds', () => {
  const res = encodeJsonResponse(
    orgs,
    'DescribeAccount',
    { Account: { Id: '123456789012', Name: 'prod', JoinedTimestamp: new Date('2024-05-01T12:34:56.500Z') } },
    RID,
  );
  assert.equal(res.headers['Content-Type'], 'application/x-amz-json-1.1');
  assert.deepEqual(JSON.parse(res.body), { Account: { Id: '123456789012', Name: 'prod', JoinedTimestamp: 1714566896.5 } });
});

void test('errors: __type, the model\'s message member, x-amzn-ErrorType', () => {
  const res = encodeJsonError(orgs, new AwsError('AccessDeniedException', 'You don\'t have permissions to access this resource.'), RID);
  assert.equal(res.status, 400);
  assert.equal(res.headers['x-amzn-ErrorType'], 'AccessDeniedException');
  assert.deepEqual(JSON.parse(res.body), { __type: 'AccessDeniedException', Message: "You don't have permissions to access this resource." });
  const ct = encodeJsonError(trail, new AwsError('TrailNotFoundException', 'Unknown trail'), RID);
  assert.deepEqual(JSON.parse(ct.body), { __type: 'TrailNotFoundException', message: 'Unknown trail' });
});
