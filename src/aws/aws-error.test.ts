import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError, awsErrors, COMMON_ERROR_CODES } from './aws-error.js';
import { loadServiceModel } from './model.js';

void test('the table\'s statuses agree with the IAM and STS models', () => {
  for (const service of ['iam', 'sts'] as const) {
    const model = loadServiceModel(service);
    for (const [code, info] of Object.entries(COMMON_ERROR_CODES)) {
      const status = model.errorShape(code)?.shape.error?.httpStatusCode;
      if (status !== undefined) assert.equal(info.httpStatus, status, `${service} ${code}`);
    }
  }
});

void test('AWS wording of the common messages', () => {
  assert.equal(awsErrors.noSuchEntity('role', 'r').message, 'The role with name r cannot be found.');
  assert.equal(awsErrors.entityAlreadyExists('user', 'alice').message, 'User with name alice already exists.');
  assert.equal(awsErrors.noSuchPolicy('arn:aws:iam::aws:policy/X').message, 'Policy arn:aws:iam::aws:policy/X does not exist or is not attachable.');
  assert.equal(awsErrors.deleteConflict('access keys').message, 'Cannot delete entity, must delete access keys first.');
  assert.equal(awsErrors.deleteConflict('group members').message, 'Cannot delete entity, must remove users from group first.');
  assert.equal(awsErrors.limitExceeded('AccessKeysPerUser', 2).message, 'Cannot exceed quota for AccessKeysPerUser: 2');
  assert.equal(awsErrors.limitExceeded('PoliciesPerRole', 10).message, 'Cannot exceed quota for PoliciesPerRole: 10');
  assert.equal(awsErrors.policyAlreadyExists('p').message, 'A policy called p already exists. Duplicate names are not allowed.');
});

void test('status and fault follow the code', () => {
  const notFound = awsErrors.noSuchEntity('user', 'x');
  assert.equal(notFound.httpStatus, 404);
  assert.equal(notFound.fault, 'Sender');
  assert.equal(awsErrors.deleteConflict('attached policies').httpStatus, 409);
  assert.equal(awsErrors.accessDenied('no').httpStatus, 403);
  assert.equal(awsErrors.serviceFailure().fault, 'Receiver');
  const unknown = new AwsError('SomethingElse', 'm');
  assert.equal(unknown.httpStatus, 400);
  assert.ok(unknown instanceof Error);
});
