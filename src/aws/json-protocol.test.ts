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
  assert.equal(invalid.code, 'ValidationException');
  assert.match(invalid.message, /^1 validation error detected: Value 'NOPE' at 'type' failed to satisfy constraint: Member must satisfy enum value set: \[/);
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
